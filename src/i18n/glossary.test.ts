/**
 * The Portuguese a Brazilian teacher writes (docs/glossary.md), checked on the catalogues: the
 * regressions fixed once stay fixed — counts agree with their noun ("1 instância"), "reiniciar"
 * only restarts an instance or a service (t = 0 is "Ao início"), "processar" not "tratar", no
 * European turns, no "aula"/"etapa" for lesson/step, and the canvas's screen-reader labels are
 * translated instead of React Flow's English ("Edge from broker to …").
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario';
import { buildEdges } from '../ui/canvas/graph';
import { en } from './en';
import { plural, translate } from './index';
import { ptBR } from './ptBR';
import { labTranslate } from '../ui/lab/labI18n';

const pt = Object.entries(ptBR) as [string, string][];

describe('plurals', () => {
  it('a count agrees with its noun in both languages', () => {
    expect(plural(1, 'a', 'b')).toBe('a');
    expect(plural(0, 'a', 'b')).toBe('b');
    expect(translate('pt-BR', 'node.replicas', { n: 1 })).toBe('1 instância');
    expect(translate('pt-BR', 'node.replicas', { n: 2 })).toBe('2 instâncias');
    expect(translate('pt-BR', 'node.replicas', { n: 0 })).toBe('0 instâncias');
    expect(translate('en', 'node.replicas', { n: 1 })).toBe('1 instance');
    expect(translate('pt-BR', 'timeline.errors', { n: 1 })).toBe('1 chamada com falha');
    expect(translate('pt-BR', 'lessons.score.lost', { n: 1 })).toBe('1 evento perdido');
    expect(translate('pt-BR', 'lessons.score.lost', { n: 18 })).toBe('18 eventos perdidos');
    expect(labTranslate('pt-BR', 'scale.replicas', { n: 1 })).toBe('1 instância');
    expect(translate('en', 'share.withRun', { t: 5, n: 1 })).toBe(
      'With my actions, at this moment (t = 5 ms, 1 action)',
    );
  });

  it('no catalogue puts a bare {n} before a plural noun (1 would read "1 instâncias")', () => {
    const bare =
      /\{n\} (instâncias|requisições|chamadas|ações|passos|etapas|eventos|objetivos|execuções|instances|requests|calls|actions|steps|goals|executions)\b/;
    const offenders = [...pt, ...(Object.entries(en) as [string, string][])].filter(([, v]) =>
      bare.test(v),
    );
    expect(offenders).toEqual([]);
  });
});

describe('glossary (pt-BR)', () => {
  it('"reiniciar" only for an instance or a service; reset to t = 0 never says it', () => {
    const restarts = pt.filter(([, v]) => /reinici/i.test(v)).map(([k]) => k);
    expect(restarts.every((k) => /restart/i.test(k))).toBe(true);
    expect(ptBR['controls.reset']).toBe('Ao início');
  });

  it('"processar", Brazilian turns, "lição" and "passo"', () => {
    for (const [key, v] of pt) {
      expect(v, key).not.toMatch(/\btrat(ou|ada|adas|ar)\b/i);
      expect(v, key).not.toMatch(/\b(as suas|os seus|as minhas|os meus)\b/i);
      expect(v, key).not.toMatch(/\b(utilizador|ficheiro|ecrã|registo|está a \w+r)\b/i);
      expect(v, key).not.toMatch(/\b(aulas?|etapas?)\b/i);
    }
  });
});

describe('screen-reader labels of the canvas', () => {
  it('edges are named in the UI language, not React Flow’s "Edge from … to …"', () => {
    const file = JSON.parse(
      readFileSync(new URL('../../simulations/orders.json', import.meta.url), 'utf8'),
    ) as unknown;
    const r = parseScenario(file);
    if (!r.ok) throw new Error('orders.json does not parse');
    const edges = buildEdges(r.value, (a, b) => translate('pt-BR', 'canvas.edgeLabel', { a, b }));
    expect(edges.map((e) => e.ariaLabel)).toContain('Enlace de broker para orders');
    expect(edges.every((e) => e.ariaLabel && !e.ariaLabel.startsWith('Edge'))).toBe(true);
  });
});

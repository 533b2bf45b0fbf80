/**
 * Every export type-checks against the real NestJS 12 typings: each scenario of simulations/, the
 * lessons' inline scenarios and the conformance set (and Orders on every transport, with the
 * options that change the code) is written under
 * `.codegen-check/` inside the repo, so imports resolve to BrokerLab's own node_modules (NestJS
 * and the client libraries are devDependencies: nothing is installed here), then ONE `tsc
 * --noEmit` program checks them all with the exports' own tsconfig.base.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseInputText } from '../scenario';
import { TRANSPORT_KINDS } from '../shared';
import { generateProject } from '.';
import { callsAcross, ordersOn } from './testScenarios';
import type { SimModel } from '../engine/types';

const ROOT = resolve(__dirname, '../..');
const OUT = join(ROOT, '.codegen-check');
const SIMULATIONS = join(ROOT, 'simulations');

function scenarios(): [string, SimModel][] {
  const list: [string, SimModel][] = readdirSync(SIMULATIONS)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const parsed = parseInputText(readFileSync(join(SIMULATIONS, f), 'utf8'));
      if (!parsed.ok) throw new Error(`${f}: ${parsed.error[0]?.message}`);
      return [f.replace(/\.json$/, ''), parsed.value.model];
    });
  // The lessons' own scenarios (a lesson names a file above or carries one inline) and the
  // conformance set.
  const lessons = join(SIMULATIONS, 'lessons');
  for (const f of readdirSync(lessons).filter((x) => x.endsWith('.json') && x !== 'index.json')) {
    const lesson = JSON.parse(readFileSync(join(lessons, f), 'utf8')) as { scenario?: unknown };
    if (typeof lesson.scenario !== 'object' || lesson.scenario === null) continue;
    const parsed = parseInputText(JSON.stringify(lesson.scenario));
    if (!parsed.ok) throw new Error(`lessons/${f}: ${parsed.error[0]?.message}`);
    list.push([`lesson-${f.replace(/\.json$/, '')}`, parsed.value.model]);
  }
  const conformance = join(SIMULATIONS, 'conformance');
  for (const f of readdirSync(conformance).filter((x) => x.endsWith('.json'))) {
    const parsed = parseInputText(readFileSync(join(conformance, f), 'utf8'));
    if (!parsed.ok) throw new Error(`conformance/${f}: ${parsed.error[0]?.message}`);
    list.push([`conformance-${f.replace(/\.json$/, '')}`, parsed.value.model]);
  }
  for (const kind of TRANSPORT_KINDS) list.push([`variant-${kind}`, ordersOn(kind)]);
  // The defaults of each option (noAck true, no queue, no subscribeToResponseOf…) generate other code.
  list.push(['variant-rmq-auto-ack', ordersOn('rmq', { noAck: true, deadLetterAfter: undefined })]);
  list.push([
    'variant-kafka-unsubscribed',
    ordersOn('kafka', { subscribeToResponseOf: ['get_order'] }),
  ]);
  list.push(['variant-tcp-same-port', ordersOn('tcp', { loadBalancer: false })]);
  // A service that calls another: every transport as caller, the next one as target.
  TRANSPORT_KINDS.forEach((kind, i) => {
    const target = TRANSPORT_KINDS[(i + 1) % TRANSPORT_KINDS.length]!;
    list.push([`calls-${kind}-${target}`, callsAcross(kind, target)]);
  });
  return list;
}

describe('exported projects type-check (tsc --noEmit over every export)', () => {
  afterAll(() => rmSync(OUT, { recursive: true, force: true }));

  it('writes every scenario as a project and tsc reports 0 errors', () => {
    rmSync(OUT, { recursive: true, force: true });
    const all = scenarios();
    const bases = new Set<string>();
    let files = 0;
    for (const [name, model] of all) {
      for (const f of generateProject(model, { lang: name.length % 2 ? 'en' : 'pt-BR' }).files) {
        const path = join(OUT, name, f.path);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, f.contents);
        if (f.path === 'tsconfig.base.json') bases.add(f.contents);
        if (f.path.endsWith('.ts')) files++;
      }
    }
    // Every export has the same compiler options, so one program can check them all.
    expect(bases.size).toBe(1);
    writeFileSync(
      join(OUT, 'tsconfig.json'),
      JSON.stringify({
        extends: `./${all[0]![0]}/tsconfig.base.json`,
        compilerOptions: { noEmit: true },
        include: ['*/apps/*/src/**/*.ts'],
      }),
    );
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', join(OUT, 'tsconfig.json')], {
        cwd: ROOT,
        encoding: 'utf8',
      });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).toBe('');
    expect(all.length).toBeGreaterThanOrEqual(TRANSPORT_KINDS.length + 20);
    const names = all.map(([name]) => name);
    expect(names).toContain('lesson-grpc-calls');
    expect(names).toContain('conformance-fanout');
    expect(files).toBeGreaterThan(all.length * 8);
  }, 240_000);
});

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createSimApi } from './api';

const orders: unknown = JSON.parse(
  readFileSync(new URL('../../simulations/orders.json', import.meta.url), 'utf8'),
);

function loaded() {
  const api = createSimApi();
  const r = api.load(orders);
  if (!r.ok) throw new Error(r.issues.map((i) => i.text).join('\n'));
  return { api, r };
}

describe('worker api', () => {
  it('when the Orders scenario loads, it returns the model and the frame at t=0', () => {
    const { r } = loaded();
    expect(r.kind).toBe('scenario');
    expect(r.model.services.map((s) => s.id)).toEqual(['orders', 'notifications']);
    expect(r.frame.now).toBe(0);
    expect(r.frame.state?.instances.map((i) => i.id)).toEqual(
      expect.arrayContaining(['orders#1', 'orders#2', 'notifications#1']),
    );
  });

  it('when the input is invalid, it returns issues with field paths and formatted text', () => {
    const api = createSimApi();
    const r = api.load({ version: 1, nodes: 'nope' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.length).toBeGreaterThan(0);
    for (const i of r.issues) {
      expect(typeof i.path).toBe('string');
      expect(i.text.length).toBeGreaterThan(0);
    }
  });

  it('advance returns the tokens in flight as typed arrays and never goes back', () => {
    const { api } = loaded();
    const a = api.advance(150);
    expect(a.now).toBe(150);
    expect(a.tokens.t).toBeInstanceOf(Float64Array);
    for (let i = 0; i < a.tokens.count; i++) {
      expect(a.tokens.t[i]).toBeLessThanOrEqual(150);
      expect(a.tokens.arriveAt[i]).toBeGreaterThan(150);
    }
    expect(a.endpoints).toBeUndefined();
    const b = api.advance(100);
    expect(b.now).toBe(150);
  });

  it('a GET fired at a quiet time is recorded in the run and answers 200', () => {
    const { api } = loaded();
    const f = api.advance(1000, [{ type: 'http', route: 'GET /orders/:id', count: 1, everyMs: 0 }]);
    expect(f.run).toEqual({ keep: 0, added: [{ at: 1000, http: 'GET /orders/:id' }] });
    const r = api.advance(1500);
    const lines = r.log?.lines ?? [];
    expect(lines.some((l) => l.kind === 'httpResponse' && l.params.status === 200)).toBe(true);
  });

  it('kill is applied at the advance time and shows in the state', () => {
    const { api } = loaded();
    const r = api.advance(10, [{ type: 'kill', instance: 'notifications#1' }]);
    expect(r.state!.instances.find((i) => i.id === 'notifications#1')?.status).toBe('down');
  });

  it('step moves to the next moment something happens', () => {
    const { api } = loaded();
    api.advance(0);
    const s = api.step();
    expect(s.now).toBeGreaterThan(0);
    expect(s.log?.lines.length).toBeGreaterThan(0);
  });

  it('reset goes back to t = 0 and replays the same run (deterministic)', () => {
    const { api } = loaded();
    const first = api.advance(400).log?.lines;
    api.reset();
    const again = api.seek(400).log?.lines;
    expect(again?.slice(0, first?.length)).toEqual(first);
  });

  it('a seed override changes the model seed', () => {
    const api = createSimApi();
    const r = api.load(orders, { seed: 7 });
    expect(r.ok && r.model.seed).toBe(7);
  });

  it('a run file opens at its moment with its commands', () => {
    const { api } = loaded();
    api.advance(300, [{ type: 'kill', instance: 'orders#2' }]);
    api.advance(600);
    const file = api.runFile();
    const again = createSimApi();
    const r = again.load(JSON.stringify(file));
    if (!r.ok) throw new Error(r.issues[0]?.text);
    expect(r.kind).toBe('run');
    expect(r.frame.now).toBe(600);
    expect(r.steps).toEqual([{ at: 300, kill: 'orders#2' }]);
    expect(r.frame.state?.instances.find((i) => i.id === 'orders#2')?.status).toBe('down');
  });
});

describe('worker api with JSON text', () => {
  it('loads JSON text and reports a syntax error with line and column', () => {
    const api = createSimApi();
    expect(api.load(JSON.stringify(orders)).ok).toBe(true);
    const bad = api.load('{\n  "version": 1,\n  oops\n}');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0]?.text).toMatch(/line 3/);
  });
});

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
  it('when the Orders scenario loads, it returns the model and an initial snapshot at t=0', () => {
    const { r } = loaded();
    expect(r.model.services.map((s) => s.id)).toEqual(['orders', 'notifications']);
    expect(r.snapshot.now).toBe(0);
    expect(r.snapshot.instances.map((i) => i.id)).toEqual(
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

  it('advance batches every event up to the target time in one result and never goes back', () => {
    const { api } = loaded();
    const a = api.advance(150);
    expect(a.now).toBe(150);
    expect(a.events.length).toBeGreaterThan(0);
    expect(a.events.every((e) => e.t <= 150)).toBe(true);
    expect(a.events.some((e) => e.type === 'hop')).toBe(true);
    expect('inFlight' in a.state!).toBe(false);
    const b = api.advance(100);
    expect(b.now).toBe(150);
    expect(b.events).toEqual([]);
  });

  it('a GET fired at a quiet time produces a 200 http.response', () => {
    const { api } = loaded();
    api.advance(1000, [{ type: 'http', route: 'GET /orders/:id', count: 1, everyMs: 0 }]);
    const r = api.advance(1500);
    const statuses = r.events.flatMap((e) => (e.type === 'http.response' ? [e.status] : []));
    expect(statuses).toContain(200);
  });

  it('kill is applied at the advance time and shows in the state', () => {
    const { api } = loaded();
    const r = api.advance(10, [{ type: 'kill', instance: 'notifications#1' }]);
    expect(r.state!.instances.find((i) => i.id === 'notifications#1')?.status).toBe('down');
  });

  it('step moves to the next event time only', () => {
    const { api } = loaded();
    api.advance(0);
    const s = api.step();
    expect(s.now).toBeGreaterThan(0);
    expect(s.events.length).toBeGreaterThan(0);
  });

  it('reset replays the same run (deterministic)', () => {
    const { api } = loaded();
    const first = api.advance(400).events;
    api.reset();
    const again = api.advance(400).events;
    expect(again).toEqual(first);
  });

  it('a seed override changes the model seed', () => {
    const api = createSimApi();
    const r = api.load(orders, { seed: 7 });
    expect(r.ok && r.model.seed).toBe(7);
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

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createSimApi } from './api';

const text = (name: string) =>
  readFileSync(new URL(`../../simulations/${name}.json`, import.meta.url), 'utf8');

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('worker api compare', () => {
  it('runs monolith and microservices for the same virtual time and returns sample columns', () => {
    const api = createSimApi();
    const r = api.compare(text('monolith'), text('microservices'), 9000, 250);
    expect(r.untilMs).toBe(9000);
    if (!r.a.ok || !r.b.ok) throw new Error('both runs should compile');
    const a = r.a.series;
    const b = r.b.series;
    expect(a.t.length).toBeGreaterThan(20);
    expect(b.t.length).toBe(a.t.length);
    for (const col of [a.okRps, a.failedRps, a.p95, a.errorRate])
      expect(col).toHaveLength(a.t.length);
    // Plain arrays: structured-clone safe.
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    // The crash window (4–6 s): the monolith fails every route, microservices only payments.
    const window = (s: typeof a, col: number[]) =>
      col.filter((_, i) => s.t[i]! > 4300 && s.t[i]! <= 6000);
    const okA = sum(window(a, a.okRps));
    const okB = sum(window(b, b.okRps));
    expect(okB).toBeGreaterThan(okA * 2);
    expect(Math.max(...window(a, a.errorRate))).toBeGreaterThan(
      Math.max(...window(b, b.errorRate)),
    );
    expect(Object.keys(b.replicas).sort()).toEqual(['orders', 'payments', 'users']);
  });

  it('does not touch the loaded simulation', () => {
    const api = createSimApi();
    expect(api.load(text('orders')).ok).toBe(true);
    const before = api.advance(300).now;
    api.compare(text('monolith'), text('microservices'), 2000, 250);
    expect(api.advance(400).now).toBe(400);
    expect(before).toBe(300);
  });

  it('reports a scenario that does not parse without throwing', () => {
    const api = createSimApi();
    const r = api.compare('{ nope', text('microservices'), 1000, 250);
    expect(r.a.ok).toBe(false);
    expect(r.b.ok).toBe(true);
  });
});

/* eslint-disable @typescript-eslint/no-explicit-any -- tests edit scenario JSON freely, as a teacher would */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario';
import type { SimModel } from '../../engine/types';
import { buildEdges } from './graph';
import { callPath } from './CallEdge';

const model = (edit: (f: Record<string, any>) => void = () => {}): SimModel => {
  const f = JSON.parse(readFileSync('simulations/service-calls.json', 'utf8'));
  edit(f);
  const r = parseScenario(f);
  if (!r.ok) throw new Error(r.error[0]!.message);
  return r.value;
};

describe('service → service edges', () => {
  it('one call edge per caller and target, labelled with its calls for screen readers', () => {
    const calls = buildEdges(model()).filter((e) => e.type === 'call');
    expect(calls.map((e) => [e.id, e.ariaLabel])).toEqual([
      ['call:orders->inventory', "orders → inventory: send('reserve_stock')"],
      ['call:orders->notifications', "orders → notifications: emit('order_placed')"],
    ]);
  });

  it('a tcp target behind a balancer gets the caller → balancer wire its hops travel', () => {
    const m = model((f) => {
      f.nodes[4].transport = { kind: 'tcp', options: { loadBalancer: true } };
      f.nodes[4].replicas = 2;
    });
    const ids = buildEdges(m).map((e) => e.id);
    expect(ids).toContain('orders->lb:inventory');
    expect(ids).toContain('call:orders->inventory');
  });

  it('a tcp caller of a broker service gets a broker wire', () => {
    const m = model((f) => (f.nodes[3].transport = { kind: 'tcp' }));
    expect(buildEdges(m).map((e) => e.id)).toContain('broker->orders');
  });

  it('the bracket between two stacked services bows just past their right edges', () => {
    const path = callPath({ x: 0, y: 0, w: 200, h: 100 }, { x: 0, y: 300, w: 180, h: 100 });
    const xs = [...path.matchAll(/(-?[\d.]+) (-?[\d.]+)/g)].map((m) => Number(m[1]));
    expect(xs[0]).toBe(200); // leaves the caller's right side
    expect(xs.at(-1)).toBe(180); // reaches the target's right side
    // The curve's furthest point is ¾ of the control offset past the wider node: ≤ 18 units.
    expect(Math.max(...xs) - 200).toBeLessThanOrEqual(24);
  });
});

import { describe, expect, it } from 'vitest';
import { Histogram } from './histogram';
import { percentile } from './percentiles';
import { Rng } from './rng';

describe('Histogram', () => {
  it('gives the same nearest-rank percentiles as the raw sample', () => {
    const rng = new Rng(3);
    const h = new Histogram();
    const raw: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const v = Math.round(rng.next() * 300);
      raw.push(v);
      h.add(v);
    }
    for (const p of [1, 50, 95, 99, 100]) expect(h.percentile(p)).toBe(percentile(raw, p));
    expect(h.count).toBe(5000);
  });

  it('is 0 when empty', () => {
    expect(new Histogram().percentile(95)).toBe(0);
  });
});

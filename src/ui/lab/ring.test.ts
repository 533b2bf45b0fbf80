import { describe, expect, it } from 'vitest';
import { ColumnRing, ItemRing } from './ring';

describe('ColumnRing', () => {
  it('when fewer rows than capacity, returns them oldest first', () => {
    const r = new ColumnRing(4);
    r.push({ t: 1, a: 10 });
    r.push({ t: 2, a: 20 });
    expect(r.series('t')).toEqual([1, 2]);
    expect(r.series('a')).toEqual([10, 20]);
    expect(r.last('a')).toBe(20);
  });

  it('when full, overwrites the oldest row', () => {
    const r = new ColumnRing(3);
    for (let i = 1; i <= 5; i++) r.push({ t: i });
    expect(r.size).toBe(3);
    expect(r.series('t')).toEqual([3, 4, 5]);
  });

  it('a column that appears later is a gap (null) before it, and missing values are gaps', () => {
    const r = new ColumnRing(5);
    r.push({ t: 1 });
    r.push({ t: 2, q: 3 });
    r.push({ t: 3 });
    expect(r.keys).toEqual(['t', 'q']);
    expect(r.series('q')).toEqual([null, 3, null]);
    expect(r.last('q')).toBeUndefined();
  });

  it('non-finite values are gaps; unknown columns are all gaps', () => {
    const r = new ColumnRing(2);
    r.push({ t: 1, a: Infinity });
    expect(r.series('a')).toEqual([null]);
    expect(r.series('nope')).toEqual([null]);
  });

  it('clear forgets rows and columns', () => {
    const r = new ColumnRing(2);
    r.push({ t: 1, a: 1 });
    r.clear();
    expect(r.size).toBe(0);
    expect(r.keys).toEqual([]);
    expect(r.last('a')).toBeUndefined();
  });
});

describe('ItemRing', () => {
  it('keeps the newest `capacity` items, oldest first', () => {
    const r = new ItemRing<number>(3);
    for (let i = 1; i <= 4; i++) r.push(i);
    expect(r.toArray()).toEqual([2, 3, 4]);
    r.clear();
    expect(r.toArray()).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { EventQueue } from './eventQueue';
import { Rng } from './rng';

describe('EventQueue', () => {
  it('pops in time order, and in insertion order at equal times', () => {
    const q = new EventQueue<string>();
    q.push(30, 'c');
    q.push(10, 'a1');
    q.push(20, 'b');
    q.push(10, 'a2');
    q.push(10, 'a3');
    const out: string[] = [];
    for (let x = q.pop(); x !== undefined; x = q.pop()) out.push(x);
    expect(out).toEqual(['a1', 'a2', 'a3', 'b', 'c']);
  });

  it('stays ordered under thousands of random pushes and pops', () => {
    const rng = new Rng(7);
    const q = new EventQueue<[number, number]>();
    let seq = 0;
    const popped: [number, number][] = [];
    for (let i = 0; i < 5000; i++) {
      const t = Math.floor(rng.next() * 100);
      q.push(t, [t, seq++]);
      if (rng.next() < 0.3) popped.push(q.pop()!);
    }
    while (q.size) popped.push(q.pop()!);
    expect(popped).toHaveLength(5000);
    // Everything popped after the last push must be sorted by (time, seq).
    const tail = popped.slice(-q.size - 100);
    for (let i = 1; i < tail.length; i++) {
      const [ta, sa] = tail[i - 1]!;
      const [tb, sb] = tail[i]!;
      expect(ta < tb || (ta === tb && sa < sb)).toBe(true);
    }
  });
});

describe('Rng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
    for (const x of sa) expect(x >= 0 && x < 1).toBe(true);
  });

  it('makes 21-char hex ids like NestJS', () => {
    expect(new Rng(1).hex(21)).toMatch(/^[0-9a-f]{21}$/);
  });
});

import { describe, expect, it } from 'vitest';
import { spread } from './spread';

describe('spread: measured nodes that run into the next column', () => {
  it('pushes the column to the right (and everything after it) by the overlap plus a gap', () => {
    const moved = spread(
      [
        { id: 'client', x: 0, y: 0, width: 150, height: 80 },
        { id: 'gateway', x: 200, y: 0, width: 320, height: 200 }, // wide: resilience lines
        { id: 'broker', x: 440, y: 20, width: 200, height: 120 },
        { id: 'orders', x: 700, y: 0, width: 200, height: 150 },
      ],
      20,
    );
    expect(moved.get('broker')).toBe(540); // 200 + 320 + 20
    expect(moved.get('orders')).toBe(800); // the same 100 px, order kept
    expect(moved.has('client')).toBe(false);
    expect(moved.has('gateway')).toBe(false);
  });

  it('leaves nodes alone when nothing overlaps, and nodes in other rows do not push', () => {
    expect(
      spread([
        { id: 'a', x: 0, y: 0, width: 300, height: 50 },
        { id: 'b', x: 100, y: 100, width: 100, height: 50 },
        { id: 'c', x: 400, y: 0, width: 100, height: 50 },
      ]).size,
    ).toBe(0);
  });
});

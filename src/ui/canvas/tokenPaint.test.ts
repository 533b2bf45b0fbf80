import { describe, expect, it } from 'vitest';
import { LANE, anchor, segmentBetween } from './tokenPaint';

const left = { x: 0, y: 0, w: 100, h: 50 };
const right = { x: 300, y: 0, w: 100, h: 50 };

describe('token geometry', () => {
  it('a link starts at the side of a box that faces the other end', () => {
    expect(anchor(left, { x: 350, y: 25 })).toEqual({ x: 100, y: 25 });
    expect(anchor(right, { x: 50, y: 25 })).toEqual({ x: 300, y: 25 });
  });

  it('requests and replies on the same link travel in two parallel lanes', () => {
    const there = segmentBetween(left, right);
    const back = segmentBetween(right, left);
    expect(there.ay).toBeCloseTo(25 + LANE);
    expect(back.ay).toBeCloseTo(25 - LANE);
    expect(there.ax).toBe(100);
    expect(back.bx).toBe(100);
  });

  it('an instance chip is an exact point, not a box', () => {
    const s = segmentBetween(left, { x: 320, y: 40 });
    expect(Math.hypot(s.bx - 320, s.by - 40)).toBeCloseTo(LANE);
  });
});

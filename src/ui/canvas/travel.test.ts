import { describe, expect, it } from 'vitest';
import { travel } from './tokenPaint';

describe('token travel', () => {
  const tok = { t: 100, arriveAt: 200 };

  it('glides with the sim clock: progress = (clock − sent) / (arrival − sent)', () => {
    expect(travel(tok, 100)).toBe(0);
    expect(travel(tok, 125)).toBe(0.25);
    expect(travel(tok, 200)).toBe(1);
    expect(travel(tok, 50)).toBe(0);
    expect(travel(tok, 900)).toBe(1);
  });

  it('with reduced motion a token steps from its sender to its receiver at half-flight', () => {
    expect(travel(tok, 101, true)).toBe(0.2);
    expect(travel(tok, 149, true)).toBe(0.2);
    expect(travel(tok, 150, true)).toBe(0.8);
    expect(travel(tok, 199, true)).toBe(0.8);
  });
});

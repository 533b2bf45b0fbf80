/**
 * Edges of the resilience state machines (docs/resilience.md) that the scenario-level tests do not
 * reach: when the open period starts, what a closed breaker remembers, the autoscaler's bounds.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng';
import type { AutoscaleSpec } from '../types';
import { decide } from './autoscaler';
import { CircuitBreaker } from './circuitBreaker';
import { arrivalOffset, burstOffset } from './load';
import { retryDelay } from './retry';

const policy = { failureThreshold: 3, openMs: 1000, halfOpenCalls: 1, status: 503 };

describe('circuit breaker timing and memory', () => {
  it('the open period counts from the moment it opened, not from the start of the run', () => {
    const b = new CircuitBreaker(policy);
    for (let i = 0; i < 3; i++) b.failure(10_000);
    expect(b.allow(10_500)).toBe(false);
    expect(b.allow(10_999)).toBe(false);
    expect(b.allow(11_000)).toBe(true);
    expect(b.state).toBe('half-open');
  });

  it('re-opening after a failed trial restarts the open period at that moment', () => {
    const b = new CircuitBreaker(policy);
    for (let i = 0; i < 3; i++) b.failure(0);
    expect(b.allow(5000)).toBe(true); // half-open trial
    b.failure(5000);
    expect(b.allow(5999)).toBe(false);
    expect(b.allow(6000)).toBe(true);
  });

  it('after closing again it needs the full threshold of new failures to open', () => {
    const b = new CircuitBreaker(policy);
    for (let i = 0; i < 3; i++) b.failure(0);
    b.allow(1000);
    b.success(1000);
    expect(b.state).toBe('closed');
    b.failure(1100);
    b.failure(1200);
    expect(b.state).toBe('closed');
    b.failure(1300);
    expect(b.state).toBe('open');
  });

  it('half-open lets halfOpenCalls trials through, and a new half-open period allows them again', () => {
    const b = new CircuitBreaker({ ...policy, halfOpenCalls: 2 });
    for (let i = 0; i < 3; i++) b.failure(0);
    expect([b.allow(1000), b.allow(1000), b.allow(1000)]).toEqual([true, true, false]);
    b.failure(1010); // a trial fails: open again
    expect([b.allow(2010), b.allow(2010), b.allow(2010)]).toEqual([true, true, false]);
  });
});

describe('autoscaler bounds', () => {
  const spec: AutoscaleSpec = {
    min: 2,
    max: 4,
    target: { utilization: 0.5 },
    cooldownMs: 3000,
    startupMs: 500,
    enabled: true,
  };
  const input = { now: 10_000, current: 3, utilization: 0.5, queueDepth: 0, lastAt: -Infinity };

  it('below min: back to min at once, whatever the cooldown', () => {
    expect(decide(spec, { ...input, current: 1, lastAt: 9999 })).toEqual({
      to: 2,
      reason: 'keep within min 2 / max 4',
    });
  });

  it('above max: back to max at once', () => {
    expect(decide(spec, { ...input, current: 7, lastAt: 9999 })).toEqual({
      to: 4,
      reason: 'keep within min 2 / max 4',
    });
  });

  it('at max under heavy load: no decision (nothing would change)', () => {
    expect(decide(spec, { ...input, current: 4, utilization: 1 })).toBeNull();
  });

  it('at min while idle: no decision', () => {
    expect(decide(spec, { ...input, current: 2, utilization: 0 })).toBeNull();
  });

  it('the reason names the measured utilization (2 decimals) and the target', () => {
    expect(decide(spec, { ...input, utilization: 0.98765 })).toEqual({
      to: 4,
      reason: 'utilization 0.99 vs target 0.5',
    });
  });

  it('a queue-depth target with no replica counts the whole queue for one instance', () => {
    const q = { ...spec, min: 0, target: { queueDepth: 5 } };
    expect(decide(q, { ...input, current: 0, queueDepth: 12 })).toEqual({
      to: 3,
      reason: 'queue depth 12/instance vs target 5',
    });
  });
});

describe('load arrival times', () => {
  const count = (spec: Parameters<typeof arrivalOffset>[0]) => {
    let k = 0;
    while (arrivalOffset(spec, k) !== null) k++;
    return k;
  };

  it('a ramp from 100 to 300 rps over 1 s sends the mean rate × time: 200 requests, denser at the end', () => {
    const spec = { rps: 100, toRps: 300, forMs: 1000, shape: 'ramp' as const };
    expect(count(spec)).toBe(200);
    // n(t) = 100·t + 100·t² (t in s): the 100th request is at t = (√50000 − 100) / 200 s.
    expect(arrivalOffset(spec, 100)).toBe(Math.round(((Math.sqrt(50_000) - 100) / 200) * 1000));
    const gaps = [1, 198].map((k) => arrivalOffset(spec, k + 1)! - arrivalOffset(spec, k)!);
    expect(gaps[0]).toBeGreaterThan(gaps[1]!);
  });

  it('a ramp down from 300 to 100 rps also sends 200, denser at the start', () => {
    const spec = { rps: 300, toRps: 100, forMs: 1000, shape: 'ramp' as const };
    expect(count(spec)).toBe(200);
    expect(arrivalOffset(spec, 1)).toBe(3);
  });

  it('toRps only matters for a ramp; a ramp without toRps is constant', () => {
    const constant = { rps: 10, toRps: 50, forMs: 1000, shape: 'constant' as const };
    expect([0, 1, 9].map((k) => arrivalOffset(constant, k))).toEqual([0, 100, 900]);
    expect(count(constant)).toBe(10);
    const ramp = { rps: 10, forMs: 1000, shape: 'ramp' as const };
    expect([0, 1, 9].map((k) => arrivalOffset(ramp, k))).toEqual([0, 100, 900]);
  });

  it('bursts need burstEveryMs and burstSize, and stop before forMs', () => {
    const b = { rps: 0, forMs: 1000, shape: 'burst' as const, burstEveryMs: 250, burstSize: 2 };
    expect([1, 2, 3, 4].map((k) => burstOffset(b, k))).toEqual([250, 500, 750, null]);
    expect(burstOffset({ ...b, burstSize: 0 }, 1)).toBeNull();
    expect(burstOffset({ ...b, burstEveryMs: 0 }, 1)).toBeNull();
    expect(burstOffset({ ...b, shape: 'constant' }, 1)).toBeNull();
  });
});

describe('retry delays', () => {
  it('without jitter no random number is drawn (a scenario’s other latencies do not shift)', () => {
    const rng = new Rng(5);
    expect(retryDelay({ count: 3, delayMs: 100, factor: 3, jitter: 0 }, 3, rng)).toBe(900);
    expect(rng.next()).toBe(new Rng(5).next());
  });

  it('with jitter exactly one number is drawn per delay', () => {
    const rng = new Rng(5);
    retryDelay({ count: 3, delayMs: 100, factor: 2, jitter: 0.5 }, 1, rng);
    const twice = new Rng(5);
    twice.next();
    expect(rng.next()).toBe(twice.next());
  });

  it('with jitter the delay is delayMs·factor^(k−1)·(1 + jitter·u), u uniform in [−1, 1) from the rng', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const u = new Rng(seed).next() * 2 - 1;
      const expected = Math.round(200 * 2 ** 2 * (1 + 0.5 * u));
      expect(retryDelay({ count: 5, delayMs: 200, factor: 2, jitter: 0.5 }, 3, new Rng(seed))).toBe(
        expected,
      );
    }
  });
});

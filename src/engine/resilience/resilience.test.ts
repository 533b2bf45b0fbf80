import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng';
import type { AutoscaleSpec, BreakerState } from '../types';
import { decide } from './autoscaler';
import { CircuitBreaker } from './circuitBreaker';
import { LinkFaults } from './faults';
import { arrivalOffset, burstOffset } from './load';
import { mayRetry, retryDelay } from './retry';

describe('retry schedule', () => {
  const policy = { count: 3, delayMs: 100, factor: 2, jitter: 0 };
  it('without jitter doubles the delay at every retry: 100, 200, 400 ms', () => {
    const rng = new Rng(1);
    expect([1, 2, 3].map((k) => retryDelay(policy, k, rng))).toEqual([100, 200, 400]);
  });
  it('with 20 % jitter stays within ±20 % of the backoff and is the same for the same seed', () => {
    const j = { ...policy, jitter: 0.2 };
    const a = [1, 2, 3].map((k) => retryDelay(j, k, new Rng(7)));
    const b = [1, 2, 3].map((k) => retryDelay(j, k, new Rng(7)));
    expect(a).toEqual(b);
    [100, 200, 400].forEach((base, i) => {
      expect(a[i]).toBeGreaterThanOrEqual(base * 0.8);
      expect(a[i]).toBeLessThanOrEqual(base * 1.2);
    });
    expect(a.map((x, i) => x / [100, 200, 400][i]!)).not.toEqual([1, 1, 1]);
  });
  it('allows `count` retries after the first attempt, then no more', () => {
    expect([0, 1, 2, 3].map((a) => mayRetry(policy, a))).toEqual([true, true, true, false]);
    expect(mayRetry(undefined, 0)).toBe(false);
  });
});

describe('circuit breaker', () => {
  const make = () => {
    const log: [BreakerState, BreakerState][] = [];
    const b = new CircuitBreaker(
      { failureThreshold: 3, openMs: 1000, halfOpenCalls: 1, status: 503 },
      (from, to) => log.push([from, to]),
    );
    return { b, log };
  };
  it('stays closed below the threshold and a success resets the count', () => {
    const { b } = make();
    b.failure(0);
    b.failure(0);
    b.success(0);
    b.failure(0);
    b.failure(0);
    expect(b.state).toBe('closed');
    expect(b.allow(0)).toBe(true);
  });
  it('opens after N consecutive failures and refuses calls while open', () => {
    const { b, log } = make();
    for (let i = 0; i < 3; i++) b.failure(10);
    expect(log).toEqual([['closed', 'open']]);
    expect(b.allow(500)).toBe(false);
  });
  it('goes half-open after openMs, lets one trial through, and closes on its success', () => {
    const { b, log } = make();
    for (let i = 0; i < 3; i++) b.failure(0);
    expect(b.allow(1000)).toBe(true);
    expect(b.state).toBe('half-open');
    expect(b.allow(1001)).toBe(false); // only halfOpenCalls trials
    b.success(1010);
    expect(log.map(([, to]) => to)).toEqual(['open', 'half-open', 'closed']);
    expect(b.allow(1011)).toBe(true);
  });
  it('opens again when the half-open trial fails, for another openMs', () => {
    const { b } = make();
    for (let i = 0; i < 3; i++) b.failure(0);
    b.allow(1000);
    b.failure(1020);
    expect(b.state).toBe('open');
    expect(b.allow(1500)).toBe(false);
    expect(b.allow(2020)).toBe(true);
  });
});

describe('autoscaler decisions', () => {
  const spec: AutoscaleSpec = {
    min: 1,
    max: 6,
    target: { utilization: 0.5 },
    cooldownMs: 3000,
    startupMs: 500,
    enabled: true,
  };
  const input = { now: 10_000, current: 2, utilization: 0.5, queueDepth: 0, lastAt: -Infinity };
  it('does nothing at the target (within 10 % tolerance)', () => {
    expect(decide(spec, { ...input, utilization: 0.53 })).toBeNull();
  });
  it('scales out by ceil(current × utilization / target), capped at max', () => {
    expect(decide(spec, { ...input, utilization: 1 })?.to).toBe(4);
    expect(decide(spec, { ...input, current: 4, utilization: 1 })?.to).toBe(6);
  });
  it('scales in when idle, not below min', () => {
    expect(decide(spec, { ...input, current: 4, utilization: 0.1 })?.to).toBe(1);
  });
  it('waits for the cooldown between two decisions', () => {
    expect(decide(spec, { ...input, utilization: 1, lastAt: 8000 })).toBeNull();
    expect(decide(spec, { ...input, utilization: 1, lastAt: 7000 })?.to).toBe(4);
  });
  it('on a queue-depth target scales with the waiting work per instance', () => {
    const q = { ...spec, target: { queueDepth: 10 } };
    expect(decide(q, { ...input, queueDepth: 60 })?.to).toBe(6);
    expect(decide(q, { ...input, queueDepth: 20 })).toBeNull();
  });
});

describe('link faults', () => {
  const info = (id: string) => ({ faultId: id, kind: 'partition' as const, target: 'x' });
  it('a fault on broker<->orders hits every orders instance, in both directions, and nothing else', () => {
    const f = new LinkFaults();
    f.add({
      info: info('f1'),
      a: 'broker',
      b: 'orders',
      kind: 'partition',
      addMs: 0,
      jitterMs: 0,
      p: 0,
    });
    const rng = new Rng(1);
    expect(f.effect('broker', 'orders#2', rng).lost?.faultId).toBe('f1');
    expect(f.effect('orders#1', 'broker', rng).lost?.reason).toBe('partition');
    expect(f.effect('gateway', 'broker', rng).lost).toBeUndefined();
  });
  it('latency adds addMs ± jitter; loss drops about `percent` of the hops', () => {
    const f = new LinkFaults();
    f.add({
      info: info('f1'),
      a: 'gateway',
      b: 'broker',
      kind: 'latency',
      addMs: 200,
      jitterMs: 0,
      p: 0,
    });
    f.add({
      info: info('f2'),
      a: 'broker',
      b: 'orders',
      kind: 'loss',
      addMs: 0,
      jitterMs: 0,
      p: 0.3,
    });
    const rng = new Rng(3);
    expect(f.effect('gateway', 'broker', rng).addMs).toBe(200);
    let lost = 0;
    for (let i = 0; i < 1000; i++) if (f.effect('broker', 'orders#1', rng).lost) lost++;
    expect(lost).toBeGreaterThan(250);
    expect(lost).toBeLessThan(350);
  });
});

describe('load shapes', () => {
  it('constant 200 rps for 1 s fires every 5 ms: 200 requests', () => {
    const spec = { rps: 200, forMs: 1000, shape: 'constant' as const };
    const offsets: number[] = [];
    for (let k = 0, t = arrivalOffset(spec, 0); t !== null; t = arrivalOffset(spec, ++k))
      offsets.push(t);
    expect(offsets).toHaveLength(200);
    expect(offsets.slice(0, 3)).toEqual([0, 5, 10]);
  });
  it('a ramp from 0 to 200 rps over 2 s sends about the mean rate × time (200)', () => {
    const spec = { rps: 0, toRps: 200, forMs: 2000, shape: 'ramp' as const };
    let n = 0;
    while (arrivalOffset(spec, n) !== null) n++;
    expect(n).toBeGreaterThanOrEqual(199);
    expect(n).toBeLessThanOrEqual(201);
  });
  it('bursts come every burstEveryMs within forMs', () => {
    const spec = { rps: 0, forMs: 1000, shape: 'burst' as const, burstEveryMs: 300, burstSize: 5 };
    expect([1, 2, 3, 4].map((k) => burstOffset(spec, k))).toEqual([300, 600, 900, null]);
  });
});

describe('metrics window', () => {
  it('latency percentiles cover the last second, not just the last 50 ms sample', async () => {
    const { MetricsWindow } = await import('./metrics');
    const w = new MetricsWindow();
    w.response(200, 400, 100); // an old, slow response
    for (let t = 600; t <= 1000; t += 100) w.response(200, 20, t);
    w.reset(0); // a new 50 ms sample window starts: the rolling latencies survive it
    expect(w.latency(1050).p99).toBe(400); // t=100 is within the last second of 1050
    expect(w.latency(1150).p99).toBe(20); // …and no longer at 1150
    expect(w.latency(1150).p50).toBe(20);
    expect(w.latency(2100)).toEqual({ p50: 0, p95: 0, p99: 0 }); // nothing in the last second
  });
});

/**
 * Edges of the resilience state machines (docs/resilience.md) that the scenario-level tests do not
 * reach: when the open period starts, what a closed breaker remembers, the autoscaler's bounds.
 */
import { describe, expect, it } from 'vitest';
import type { AutoscaleSpec } from '../types';
import { decide } from './autoscaler';
import { CircuitBreaker } from './circuitBreaker';

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

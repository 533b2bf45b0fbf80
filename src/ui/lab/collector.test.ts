import { beforeEach, describe, expect, it } from 'vitest';
import { LabCollector } from './collector';
import { labStore } from './labStore';
import { sample } from './testSamples';
import type { AnyEvent } from './labTypes';

const ev = (o: Record<string, unknown> & { type: string; t: number }) => o as AnyEvent;

describe('LabCollector', () => {
  let c: LabCollector;
  beforeEach(() => {
    c = new LabCollector();
    c.reset();
  });

  it('samples feed the charts and the store; a breaker event flips the store at once', () => {
    let calls = 0;
    c.subscribe(() => calls++);
    c.ingest([sample(100), sample(200, { breakers: { orders: 'closed' } })]);
    expect(calls).toBe(1);
    expect(c.metrics.size).toBe(2);
    expect(labStore.getState().lastSampleAt).toBe(200);
    expect(labStore.getState().breakers).toEqual({ orders: 'closed' });
    c.ingest([ev({ type: 'breaker.state', t: 250, target: 'orders', from: 'closed', to: 'open' })]);
    expect(labStore.getState().breakers).toEqual({ orders: 'open' });
    expect(c.faults.effects.map((e) => e.kind)).toEqual(['breaker']);
  });

  it('an active pause fault marks the instance paused until it clears', () => {
    c.ingest([ev({ type: 'fault', t: 1, faultId: 'f1', kind: 'pause', target: 'orders#1' })]);
    expect(labStore.getState().paused).toEqual(['orders#1']);
    c.ingest([
      ev({ type: 'fault.cleared', t: 5, faultId: 'f1', kind: 'pause', target: 'orders#1' }),
    ]);
    expect(labStore.getState().paused).toEqual([]);
  });

  it('an unchanged store slice keeps its identity (no re-render)', () => {
    c.ingest([sample(100)]);
    const before = labStore.getState().utilization;
    c.ingest([sample(200)]);
    expect(labStore.getState().utilization).toBe(before);
  });

  it("the running model's bulkheads decide which chart an instance's load goes to", () => {
    const withBulkhead = new LabCollector(() => ({
      services: [{ id: 'orders', capacity: { concurrency: 2 } }],
    }));
    withBulkhead.ingest([sample(100, { utilization: { 'orders#1': 0.5 } })]);
    expect(withBulkhead.metrics.last('utilization', 'orders#1')).toBe(50);
    expect(withBulkhead.metrics.seriesOf('inProgress')).toEqual([]);
    const unlimited = new LabCollector(() => ({ services: [{ id: 'orders' }] }));
    unlimited.ingest([sample(100, { utilization: { 'orders#1': 4.5 } })]);
    expect(unlimited.metrics.last('inProgress', 'orders#1')).toBe(4.5);
    expect(unlimited.metrics.seriesOf('utilization')).toEqual([]);
  });

  it('reset forgets samples, faults and recent events', () => {
    c.ingest([sample(100), ev({ type: 'request.timeout', t: 5, msgId: 'm' })]);
    c.reset();
    expect(c.metrics.size).toBe(0);
    expect(c.faults.effects).toEqual([]);
    expect(c.recent.size).toBe(0);
    expect(labStore.getState().lastSampleAt).toBeNull();
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import type { InstanceView } from '../../engine/types';
import type { RunHistory, Sample } from '../../state';
import { LabCollector } from './collector';
import { labStore } from './labStore';
import { sample } from './testSamples';

const history = (over: Partial<RunHistory> = {}): RunHistory => ({
  samples: [],
  faults: [],
  effects: [],
  errors: [],
  breakers: [],
  dataMarks: [],
  version: 1,
  resets: 1,
  ...over,
});

const sim = (over: Partial<Parameters<LabCollector['sync']>[1]> = {}) => ({
  breakers: {},
  autoscale: {},
  loads: {},
  instances: {} as Record<string, InstanceView>,
  ...over,
});

const samples = (...ts: number[]) => ts.map((t) => sample(t) as Sample);

describe('LabCollector', () => {
  let c: LabCollector;
  beforeEach(() => {
    c = new LabCollector();
    c.reset();
  });

  it('charts show the samples up to now, and only those', () => {
    const h = history({ samples: samples(50, 100, 150, 200) });
    c.sync(h, sim(), 120);
    expect(c.metrics.size).toBe(2);
    expect(labStore.getState().lastSampleAt).toBe(100);
    c.sync(h, sim(), 200);
    expect(c.metrics.size).toBe(4);
  });

  it('after a rewind the charts are rebuilt up to the earlier time', () => {
    const h = history({ samples: samples(50, 100, 150, 200) });
    c.sync(h, sim(), 200);
    c.sync(h, sim(), 60);
    expect(c.metrics.size).toBe(1);
    expect(labStore.getState().lastSampleAt).toBe(50);
  });

  it('the fault timeline at a time hides later faults and re-opens faults that end later', () => {
    const h = history({
      faults: [
        { faultId: 'f1', kind: 'kill', target: 'orders#1', start: 100, end: 300, params: {} },
        { faultId: 'f2', kind: 'pause', target: 'orders#2', start: 400, end: null, params: {} },
      ],
      effects: [{ id: 1, t: 150, kind: 'timeout', detail: '' }],
    });
    c.sync(h, sim(), 200);
    expect(c.faults.faults.map((f) => [f.faultId, f.end])).toEqual([['f1', null]]);
    expect(c.faults.effects).toHaveLength(1);
    c.sync(h, sim(), 120);
    expect(c.faults.effects).toHaveLength(0);
    c.sync(h, sim(), 500);
    expect(c.faults.faults.map((f) => [f.faultId, f.end])).toEqual([
      ['f1', 300],
      ['f2', null],
    ]);
  });

  it('breakers, loads and paused instances come from the state, not from events', () => {
    const paused: InstanceView = {
      id: 'orders#1',
      service: 'orders',
      index: 1,
      status: 'up',
      busy: 0,
      handled: {},
      paused: true,
      waiting: 3,
    };
    c.sync(
      history(),
      sim({
        breakers: { orders: 'open' },
        loads: { 'GET /orders/:id': 50 },
        instances: { 'orders#1': paused },
      }),
      10,
    );
    const s = labStore.getState();
    expect(s.breakers).toEqual({ orders: 'open' });
    expect(s.loads).toEqual({ 'GET /orders/:id': 50 });
    expect(s.paused).toEqual(['orders#1']);
    expect(s.waiting).toEqual({ 'orders#1': 3 });
  });

  it('an unchanged store slice keeps its identity and a moving clock alone bumps no version', () => {
    const h = history({ samples: samples(100, 200) });
    c.sync(h, sim(), 150);
    const before = labStore.getState().utilization;
    const version = c.eventsVersion;
    c.sync(h, sim(), 250);
    expect(labStore.getState().utilization).toBe(before);
    expect(c.eventsVersion).toBe(version);
  });

  it("the running model's bulkheads decide which chart an instance's load goes to", () => {
    const withBulkhead = new LabCollector(() => ({
      services: [{ id: 'orders', capacity: { concurrency: 2 } }],
    }));
    withBulkhead.sync(
      history({ samples: [sample(100, { utilization: { 'orders#1': 0.5 } }) as Sample] }),
      sim(),
      100,
    );
    expect(withBulkhead.metrics.last('utilization', 'orders#1')).toBe(50);
    expect(withBulkhead.metrics.seriesOf('inProgress')).toEqual([]);
    const unlimited = new LabCollector(() => ({ services: [{ id: 'orders' }] }));
    unlimited.sync(
      history({ samples: [sample(100, { utilization: { 'orders#1': 4.5 } }) as Sample] }),
      sim(),
      100,
    );
    expect(unlimited.metrics.last('inProgress', 'orders#1')).toBe(4.5);
    expect(unlimited.metrics.seriesOf('utilization')).toEqual([]);
  });
});

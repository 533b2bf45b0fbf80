/**
 * The world around the transports: what a drop event says (and which outage it blames), the
 * in-flight view, and the tickers — live metrics and the autoscaler — stopping when the run is
 * quiet and resuming on the grid with the next command.
 */
import { describe, expect, it } from 'vitest';
import type { TransportKind } from '../shared';
import { buildModel, ofType, run, type ServiceInput } from './testkit';
import type { ScriptStep } from './types';

const GET = 'GET /orders/:id';

const http = (at: number, count = 1, everyMs = 0): ScriptStep => ({
  at,
  command: { type: 'http', route: GET, count, everyMs },
});
const cmd = (at: number, command: ScriptStep['command']): ScriptStep => ({ at, command });

const orders = (over: Partial<ServiceInput> = {}, latency = 10): ServiceInput => ({
  id: 'orders',
  options: { queue: 'orders_queue' },
  handlers: [{ pattern: 'get_order', kind: 'request', latency: { mean: latency, jitter: 0 } }],
  ...over,
});

function model(transport: TransportKind, services: ServiceInput[], script: ScriptStep[]) {
  return buildModel({
    transport,
    services,
    routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
    script,
  });
}

describe('drops', () => {
  it('a drop without instance, fault or answer has exactly msgId, reqId and reason', () => {
    const { sim, trace } = run(model('rmq', [orders({ options: {} })], [http(0)]));
    sim.runUntil(1000);
    const d = ofType(trace, 'message.dropped')[0]!;
    expect(d).toStrictEqual({
      t: d.t,
      type: 'message.dropped',
      msgId: d.msgId,
      reqId: 'r1',
      reason: 'no-queue',
    });
  });

  it('a publish on the wire when the broker goes down is dropped, pointing at the outage', () => {
    const m = model('redis', [orders()], [http(0)]);
    const probe = run(m);
    probe.sim.runUntil(1000);
    const hop = ofType(probe.trace, 'hop').find((h) => h.to === 'broker')!;
    expect(hop.arriveAt - hop.t).toBeGreaterThan(1);
    const { sim, trace } = run(
      model('redis', [orders()], [http(0), cmd(hop.t + 1, { type: 'brokerDown' })]),
    );
    sim.runUntil(1000);
    const fault = ofType(trace, 'fault')[0]!.faultId;
    const d = ofType(trace, 'message.dropped')[0]!;
    expect(d).toStrictEqual({
      t: hop.arriveAt,
      type: 'message.dropped',
      msgId: hop.msgId,
      reqId: 'r1',
      reason: 'broker-down',
      faultId: fault,
    });
  });

  it('messages wiped by a broker restart point at the outage; later drops do not', () => {
    const { sim, trace } = run(
      buildModel({
        transport: 'rmq',
        services: [orders({ replicas: 2, options: { queue: 'orders_queue' } })],
        routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
        script: [
          cmd(0, { type: 'kill', instance: 'orders#1' }),
          cmd(0, { type: 'kill', instance: 'orders#2' }),
          http(10),
          cmd(500, { type: 'brokerDown' }),
          cmd(600, { type: 'brokerUp' }),
          cmd(6000, { type: 'restart', instance: 'orders#1' }),
          cmd(6000, { type: 'restart', instance: 'orders#2' }),
        ],
      }),
    );
    sim.runUntil(5000);
    const outage = ofType(trace, 'fault').find((f) => f.kind === 'broker-down')!.faultId;
    expect(ofType(trace, 'message.dropped').map((d) => [d.reason, d.faultId])).toEqual([
      ['broker-restart', outage],
    ]);
  });

  it('a late reply after an outage is not blamed on it', () => {
    const { sim, trace } = run(
      model(
        'nats',
        [orders({ replicas: 2, options: {} })],
        [cmd(0, { type: 'brokerDown' }), cmd(100, { type: 'brokerUp' }), http(1000)],
      ),
    );
    sim.runUntil(10_000);
    const late = ofType(trace, 'message.dropped');
    expect(late.map((d) => d.reason)).toEqual(['late-reply']);
    expect(Object.keys(late[0]!)).toEqual([
      't',
      'type',
      'msgId',
      'reqId',
      'reason',
      'instance',
      'answered',
    ]);
  });

  it('a dead-lettered message is counted once', () => {
    const { sim } = run(
      buildModel({
        transport: 'rmq',
        services: [
          {
            id: 'orders',
            options: { queue: 'q', noAck: false, deadLetterAfter: 1 },
            handlers: [
              { pattern: 'get_order', kind: 'request', ack: true, requeueOnFailure: true },
            ],
          },
        ],
        routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders', timeoutMs: 1000 }],
        script: [cmd(0, { type: 'poison', route: GET }), http(10)],
      }),
    );
    sim.runUntil(5000);
    expect(sim.snapshot().counters.deadLettered).toBe(1);
  });
});

describe('in-flight view', () => {
  it('lists the hops on the wire in the order they were sent', () => {
    const { sim, trace } = run(model('tcp', [orders({}, 50)], [http(0, 30, 0)]));
    sim.runUntil(3);
    const sent = ofType(trace, 'hop')
      .filter((h) => h.arriveAt > 3)
      .map((h) => h.msgId);
    expect(sent.length).toBeGreaterThan(5);
    expect(sim.snapshot().inFlight.map((h) => h.msgId)).toEqual(sent);
    expect(sim.hopsInFlight().map((h) => h.msgId)).toEqual(sent);
  });
});

describe('tickers', () => {
  it('metrics stop when the run is quiet and resume on the grid at the next command', () => {
    const { sim, trace } = run(model('rmq', [orders()], [http(0)]), { metricsEveryMs: 1000 });
    sim.runUntil(5500);
    expect(sim.isQuiet()).toBe(true);
    const before = ofType(trace, 'metrics.sample').map((s) => s.t);
    expect(before).toEqual([1000]);
    sim.apply({ type: 'http', route: GET, count: 1, everyMs: 0 });
    sim.runUntil(20_000);
    expect(ofType(trace, 'metrics.sample').map((s) => s.t)).toEqual([1000, 6000]);
  });

  it('a sample lists waiting work of live instances only, and duplicates of its own window', () => {
    const { sim, trace } = run(
      buildModel({
        transport: 'kafka',
        services: [
          {
            id: 'orders',
            replicas: 2,
            handlers: [
              { pattern: 'get_order', kind: 'request', latency: { mean: 3000, jitter: 0 } },
            ],
          },
        ],
        routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
        script: [
          http(10),
          cmd(1000, { type: 'kill', instance: 'orders#1' }),
          cmd(40_000, { type: 'restart', instance: 'orders#1' }),
        ],
      }),
      { metricsEveryMs: 1000 },
    );
    sim.runUntil(60_000);
    const samples = ofType(trace, 'metrics.sample');
    const at2000 = samples.find((s) => s.t === 2000)!;
    expect(Object.keys(at2000.waiting)).toEqual(['orders#2']);
    expect(Object.keys(at2000.utilization)).toEqual(['orders#2']);
    // orders#2 handles the record again after the session timeout: one duplicate, in one window.
    expect(samples.map((s) => s.duplicates).filter((d) => d !== 0)).toEqual([1]);
  });

  it('an autoscale command for an unknown service is ignored', () => {
    const { sim, trace } = run(model('rmq', [orders()], []));
    sim.apply({ type: 'autoscale', service: 'nope', enabled: true });
    sim.runUntil(1000);
    expect(ofType(trace, 'autoscale.toggled')).toEqual([]);
  });

  it('without an autoscaled service no ticker keeps the run busy', () => {
    const { sim } = run(model('rmq', [orders()], [http(0)]));
    sim.runUntil(200);
    expect(sim.isQuiet()).toBe(true);
  });

  const scaled = (enabled: boolean): ServiceInput =>
    orders({
      replicas: 3,
      capacity: { concurrency: 1 },
      autoscale: { min: 1, max: 4, target: { utilization: 0.5 }, cooldownMs: 1000, enabled },
    });
  const plain: ServiceInput = {
    id: 'audit',
    options: { queue: 'audit_queue' },
    handlers: [{ pattern: 'get_order', kind: 'request' }],
  };

  it('an idle autoscaled service next to a plain one scales in to its minimum, then the run goes quiet', () => {
    const { sim, trace } = run(model('rmq', [plain, scaled(true)], [http(0)]));
    sim.runUntil(60_000);
    const decisions = ofType(trace, 'autoscale');
    expect(decisions.length).toBeGreaterThan(0);
    expect(decisions.at(-1)!.to).toBe(1);
    expect(sim.isQuiet()).toBe(true);
  });

  it('a disabled autoscaler decides nothing and keeps nothing ticking', () => {
    const { sim, trace } = run(model('rmq', [plain, scaled(false)], [http(0)]));
    sim.runUntil(60_000);
    expect(ofType(trace, 'autoscale')).toEqual([]);
    expect(sim.isQuiet()).toBe(true);
  });

  it('the autoscaler resumes on its grid with the next command after a quiet spell', () => {
    const { sim, trace } = run(model('rmq', [scaled(false)], []));
    sim.runUntil(5500);
    sim.apply({ type: 'autoscale', service: 'orders', enabled: true });
    sim.runUntil(60_000);
    const decisions = ofType(trace, 'autoscale');
    expect(decisions[0]!.t).toBe(6000);
  });
});

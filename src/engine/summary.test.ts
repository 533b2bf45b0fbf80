/**
 * The public read-outs of a run: `summarize` (the CLI's summary format), `handledByInstance`,
 * `latencyPercentiles`, `nextEventTime` and `isQuiet`.
 */
import { describe, expect, it } from 'vitest';
import { summarize } from './summary';
import { buildModel, ofType, run } from './testkit';

const GET = 'GET /orders/:id';

function redisPair() {
  return buildModel({
    transport: 'redis',
    services: [
      {
        id: 'orders',
        replicas: 2,
        handlers: [{ pattern: 'get_order', kind: 'request', latency: { mean: 20, jitter: 0 } }],
      },
    ],
    routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
    script: [{ at: 0, command: { type: 'http', route: GET, count: 3, everyMs: 100 } }],
  });
}

describe('summary and read-outs', () => {
  it('summarize a redis run with 2 instances: both handle every request, the losers are dropped', () => {
    const { sim, trace } = run(redisPair());
    sim.runUntil(5000);
    const s = summarize(sim);
    const ms = ofType(trace, 'http.response').map((r) => r.ms);
    expect(s).toEqual({
      until: 5000,
      http: { total: 3, byStatus: { 200: 3 } },
      handled: { 'orders#1': { get_order: 3 }, 'orders#2': { get_order: 3 } },
      dropped: 3,
      duplicates: 3,
      retries: 0,
      fallbacks: 0,
      duplicatesAvoided: 0,
      latencyMs: {
        p50: [...ms].sort((a, b) => a - b)[1],
        p95: Math.max(...ms),
        p99: Math.max(...ms),
      },
    });
  });

  it('latency percentiles are 0 before any response, and each request costs at least its hops', () => {
    const { sim } = run(redisPair());
    expect(sim.latencyPercentiles()).toEqual({ p50: 0, p95: 0, p99: 0 });
    sim.runUntil(5000);
    // 2 HTTP hops ≥ 12 ms each, 4 broker hops ≥ 2 ms each, 20 ms of work.
    expect(sim.latencyPercentiles().p50).toBeGreaterThanOrEqual(12 * 2 + 2 * 4 + 20);
  });

  it('handledByInstance keeps an instance that was scaled away', () => {
    const model = buildModel({
      transport: 'rmq',
      services: [
        {
          id: 'orders',
          replicas: 2,
          options: { queue: 'q' },
          handlers: [{ pattern: 'get_order', kind: 'request' }],
        },
      ],
      routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
      script: [
        { at: 0, command: { type: 'http', route: GET, count: 4, everyMs: 50 } },
        { at: 1000, command: { type: 'scale', service: 'orders', replicas: 1 } },
      ],
    });
    const { sim } = run(model);
    sim.runUntil(5000);
    expect(sim.snapshot().instances.map((i) => i.id)).toEqual(['orders#1']);
    expect(sim.handledByInstance()).toEqual({
      'orders#1': { get_order: 2 },
      'orders#2': { get_order: 2 },
    });
  });

  it('nextEventTime is the first scripted step, then undefined once everything has happened', () => {
    const model = redisPair();
    model.script = [{ at: 250, command: { type: 'http', route: GET, count: 1, everyMs: 0 } }];
    const { sim } = run(model);
    expect(sim.nextEventTime()).toBe(250);
    expect(sim.isQuiet()).toBe(false);
    sim.runUntil(249);
    expect(sim.now).toBe(249);
    expect(sim.nextEventTime()).toBe(250);
    sim.runUntil(10_000);
    expect(sim.nextEventTime()).toBeUndefined();
    expect(sim.isQuiet()).toBe(true);
  });

  it('runUntil never moves the clock backwards', () => {
    const { sim } = run(redisPair());
    sim.runUntil(1000);
    sim.runUntil(500);
    expect(sim.now).toBe(1000);
  });

  it('runUntil(t) runs the events at exactly t', () => {
    const model = redisPair();
    model.script = [{ at: 250, command: { type: 'http', route: GET, count: 1, everyMs: 0 } }];
    const { sim, trace } = run(model);
    sim.runUntil(250);
    expect(ofType(trace, 'http.request').map((e) => e.t)).toEqual([250]);
    expect(sim.nextEventTime()).toBeGreaterThan(250);
  });
});

describe('snapshot', () => {
  it('in-flight progress is the share of the hop’s time on the wire that has passed', () => {
    const { sim } = run(redisPair());
    for (const t of [3, 7, 12, 16, 40, 57]) {
      sim.runUntil(t);
      const inFlight = sim.snapshot().inFlight;
      expect(inFlight.length).toBeGreaterThan(0);
      for (const h of inFlight) {
        expect(h.arriveAt).toBeGreaterThan(t);
        expect(h.progress).toBeCloseTo((t - h.t) / (h.arriveAt - h.t), 12);
      }
    }
  });

  it('snapshot({ inFlight: false }) leaves the hops out', () => {
    const { sim } = run(redisPair());
    sim.runUntil(5);
    expect(sim.snapshot().inFlight.length).toBeGreaterThan(0);
    expect(sim.snapshot({ inFlight: false }).inFlight).toEqual([]);
  });

  it('each instance shows how many messages of each pattern it handled', () => {
    const { sim, trace } = run(redisPair());
    sim.runUntil(5000);
    const done = ofType(trace, 'handler.done');
    for (const i of sim.snapshot().instances)
      expect(i.handled).toEqual({ get_order: done.filter((d) => d.instance === i.id).length });
  });

  it('breakers, faults and autoscale appear only when the model has them', () => {
    const { sim } = run(redisPair());
    const snap = sim.snapshot();
    expect(snap).not.toHaveProperty('breakers');
    expect(snap).not.toHaveProperty('faults');
    expect(snap).not.toHaveProperty('autoscale');
    expect(snap.broker).toEqual({ status: 'up' });
  });

  it('a circuit breaker on an emit route creates no breaker (only send() goes through one)', () => {
    const model = redisPair();
    model.routes.push({
      ...model.routes[0]!,
      key: 'POST /orders',
      method: 'POST',
      path: '/orders',
      action: 'emit',
      pattern: 'order_created',
      circuitBreaker: { failureThreshold: 1, openMs: 1000, halfOpenCalls: 1, status: 503 },
    });
    expect(run(model).sim.snapshot()).not.toHaveProperty('breakers');
  });

  it('loss 0 % on a link with no fault raises no fault', () => {
    const model = redisPair();
    model.script = [{ at: 0, command: { type: 'loss', link: ['broker', 'orders'], percent: 0 } }];
    const { sim, trace } = run(model);
    sim.runUntil(10);
    expect(trace).toEqual([]);
    expect(sim.snapshot()).not.toHaveProperty('faults');
  });

  it('a down instance shows no transport note: a crashed kafka member is not `idle`', () => {
    const model = buildModel({
      transport: 'kafka',
      services: [
        { id: 'orders', replicas: 2, handlers: [{ pattern: 'get_order', kind: 'request' }] },
      ],
      routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
      script: [{ at: 100, command: { type: 'kill', instance: 'orders#2' } }],
    });
    const { sim } = run(model);
    sim.runUntil(50);
    expect(sim.snapshot().instances[1]).toMatchObject({ idle: true, note: 'no partition' });
    sim.runUntil(200);
    const down = sim.snapshot().instances[1]!;
    expect(down.status).toBe('down');
    expect(down.idle).toBeUndefined();
    expect(down.note).toBeUndefined();
  });

  it('the autoscale section lists only the services that have an autoscaler', () => {
    const model = buildModel({
      transport: 'nats',
      services: [
        {
          id: 'orders',
          autoscale: { min: 1, max: 3 },
          handlers: [{ pattern: 'get_order', kind: 'request' }],
        },
        { id: 'billing', handlers: [{ pattern: 'charge', kind: 'request' }] },
      ],
      routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
    });
    expect(run(model).sim.snapshot().autoscale).toEqual({ orders: true });
  });
});

/**
 * The resilience lab's commands and read-outs, with exact expectations (docs/resilience.md): the
 * bulkhead, faults in the snapshot, the live metrics sample, loads, and commands that must be
 * ignored. Expected numbers come from the scenario (latencies without jitter) or from the trace
 * events that caused them, never from the engine's own totals.
 */
import { describe, expect, it } from 'vitest';
import { buildModel, ofType, run, type RouteInput, type ServiceInput } from './testkit';
import type { Command, ScriptStep, TraceEvent } from './types';

const GET = 'GET /orders/:id';
const POST = 'POST /orders';
const at = (t: number, command: Command): ScriptStep => ({ at: t, command });
const http = (t: number, count = 1, everyMs = 0, route = GET) =>
  at(t, { type: 'http', route, count, everyMs });

function lab(opts: {
  service?: Partial<ServiceInput>;
  route?: Partial<RouteInput>;
  script: ScriptStep[];
  until?: number;
  metricsEveryMs?: number;
}) {
  const model = buildModel({
    transport: 'rmq',
    services: [
      {
        id: 'orders',
        options: { queue: 'orders_queue' },
        handlers: [
          { pattern: 'get_order', kind: 'request', latency: { mean: 100, jitter: 0 } },
          { pattern: 'order_created', kind: 'event', latency: { mean: 100, jitter: 0 } },
        ],
        ...opts.service,
      },
    ],
    routes: [
      { path: '/orders/:id', send: 'get_order', to: 'orders', ...opts.route },
      { path: '/orders', emit: 'order_created', to: ['orders'] },
    ],
    script: opts.script,
  });
  const r = run(
    model,
    opts.metricsEveryMs !== undefined ? { metricsEveryMs: opts.metricsEveryMs } : {},
  );
  r.sim.runUntil(opts.until ?? 60_000);
  return r;
}
const statuses = (trace: TraceEvent[]) => ofType(trace, 'http.response').map((e) => e.status);

describe('bulkhead (capacity)', () => {
  it('with concurrency 2, the third and fourth deliveries wait; the snapshot shows 2 waiting', () => {
    const r = lab({
      service: { capacity: { concurrency: 2 } },
      script: [http(0, 4, 0)],
      until: 60,
    });
    expect(r.sim.snapshot().instances[0]).toMatchObject({ busy: 2, waiting: 2 });
    r.sim.runUntil(60_000);
    expect(statuses(r.trace)).toEqual([200, 200, 200, 200]);
    // The waiting ones start when a slot frees: 100 ms after the first two.
    const done = ofType(r.trace, 'handler.done').map((d) => d.t);
    expect(done[2]! - done[0]!).toBe(100);
  });

  it('an event refused by a full work queue is dropped (`capacity`), counted as rejected', () => {
    const r = lab({
      service: { capacity: { concurrency: 1, queue: 1 } },
      script: [http(0, 3, 0, POST)],
    });
    expect(ofType(r.trace, 'handler.done')).toHaveLength(2);
    expect(ofType(r.trace, 'capacity.rejected').map((e) => e.queued)).toEqual([1]);
    expect(ofType(r.trace, 'message.dropped').map((d) => [d.reason, d.instance])).toEqual([
      ['capacity', 'orders#1'],
    ]);
    expect(r.sim.snapshot().counters.rejected).toBe(1);
    expect(statuses(r.trace)).toEqual([201, 201, 201]); // emit completes anyway
  });

  it('a killed instance forgets its waiting work; a restarted one starts empty', () => {
    const r = lab({
      service: { capacity: { concurrency: 1 } },
      script: [
        http(0, 3, 0),
        at(50, { type: 'kill', instance: 'orders#1' }),
        at(60, { type: 'restart', instance: 'orders#1' }),
      ],
      until: 1000,
    });
    expect(r.sim.snapshot().instances[0]).toMatchObject({ status: 'up', busy: 0 });
    expect(r.sim.snapshot().instances[0]!.waiting).toBeUndefined();
    expect(ofType(r.trace, 'handler.done')).toEqual([]);
  });
});

describe('faults in the snapshot', () => {
  it('active faults are listed with their ids; clearing one leaves the others', () => {
    const r = lab({
      script: [
        at(0, { type: 'latency', link: ['gateway', 'broker'], addMs: 50, jitterMs: 5 }),
        at(0, { type: 'slow', service: 'orders', factor: 3 }),
        at(0, { type: 'pause', instance: 'orders#1' }),
        at(10, { type: 'slow', service: 'orders', factor: 1 }),
      ],
      until: 20,
    });
    expect(r.sim.snapshot().faults).toEqual([
      {
        faultId: 'f1',
        kind: 'latency',
        target: 'gateway<->broker',
        link: ['gateway', 'broker'],
        addMs: 50,
        jitterMs: 5,
      },
      { faultId: 'f3', kind: 'pause', target: 'orders#1' },
    ]);
    expect(r.sim.snapshot().instances[0]!.paused).toBe(true);
    expect(ofType(r.trace, 'fault.cleared').map((f) => f.faultId)).toEqual(['f2']);
  });

  it('slow factor 0 or below means normal speed (and clears the fault)', () => {
    const r = lab({
      script: [
        at(0, { type: 'slow', service: 'orders', factor: 4 }),
        at(5, { type: 'slow', service: 'orders', factor: 0 }),
        http(10),
      ],
    });
    expect(r.sim.snapshot().faults).toBeUndefined();
    const d = ofType(r.trace, 'message.delivered')[0]!;
    expect(ofType(r.trace, 'handler.done')[0]!.t - d.t).toBe(100);
  });

  it('slow ×2.5 makes 100 ms of work take 250 ms', () => {
    const r = lab({ script: [at(0, { type: 'slow', service: 'orders', factor: 2.5 }), http(10)] });
    const d = ofType(r.trace, 'message.delivered')[0]!;
    expect(ofType(r.trace, 'handler.done')[0]!.t - d.t).toBe(250);
    expect(r.sim.snapshot().faults).toEqual([
      { faultId: 'f1', kind: 'slow', target: 'orders', factor: 2.5 },
    ]);
  });

  it('errorRate above 100 % is every call; 0 % clears it', () => {
    const r = lab({
      script: [
        at(0, { type: 'errorRate', service: 'orders', percent: 250 }),
        http(10, 3, 10),
        at(1000, { type: 'errorRate', service: 'orders', percent: 0 }),
        http(1010, 2, 10),
      ],
    });
    expect(statuses(r.trace)).toEqual([500, 500, 500, 200, 200]);
    expect(ofType(r.trace, 'fault')[0]).toMatchObject({ kind: 'error-rate', percent: 250 });
    expect(r.sim.snapshot().faults).toBeUndefined();
  });

  it('killing a paused instance ends the pause fault (the kill is a fault of its own); resume of a running instance does nothing', () => {
    const r = lab({
      script: [
        at(0, { type: 'resume', instance: 'orders#1' }),
        at(10, { type: 'pause', instance: 'orders#1' }),
        at(20, { type: 'kill', instance: 'orders#1' }),
      ],
    });
    expect(ofType(r.trace, 'fault').map((f) => f.kind)).toEqual(['pause', 'kill']);
    expect(ofType(r.trace, 'fault.cleared').map((f) => [f.kind, f.t])).toEqual([['pause', 20]]);
    expect(r.sim.snapshot().instances[0]!.paused).toBeUndefined();
  });

  it('a handling that ends while paused is held and answered at resume', () => {
    const r = lab({
      script: [
        http(0),
        at(50, { type: 'pause', instance: 'orders#1' }),
        at(1000, { type: 'resume', instance: 'orders#1' }),
      ],
    });
    const done = ofType(r.trace, 'handler.done')[0]!;
    expect(done.t).toBe(1000);
    expect(statuses(r.trace)).toEqual([200]);
  });

  it('poison marks only the next message of that route; an unknown route is ignored', () => {
    const r = lab({
      script: [
        at(0, { type: 'poison', route: 'GET /nope' }),
        at(0, { type: 'poison', route: GET }),
        http(10, 3, 50),
      ],
    });
    expect(statuses(r.trace)).toEqual([500, 200, 200]);
    expect(ofType(r.trace, 'fault').map((f) => f.target)).toEqual([GET]);
  });

  it('commands naming nothing that exists change nothing', () => {
    const r = lab({
      script: [
        at(0, { type: 'kill', instance: 'orders#9' }),
        at(0, { type: 'kill', instance: 'nobody' }),
        at(0, { type: 'restart', instance: 'orders#1' }), // already up
        at(0, { type: 'scale', service: 'nobody', replicas: 3 }),
        at(0, { type: 'scale', service: 'orders', replicas: 1 }), // already 1
        at(0, { type: 'slow', service: 'nobody', factor: 2 }),
        at(0, { type: 'killService', service: 'nobody' }),
        at(0, { type: 'restartService', service: 'nobody' }),
        at(0, { type: 'pause', instance: 'nobody#1' }),
        at(0, { type: 'autoscale', service: 'orders', enabled: true }), // no autoscaler
        at(0, { type: 'load', route: 'GET /nope', rps: 10, forMs: 1000 }),
        at(0, { type: 'http', route: 'GET /nope', count: 1, everyMs: 0 }),
        at(0, { type: 'http', route: GET, count: 0, everyMs: 0 }),
      ],
    });
    expect(r.trace.map((e) => e.type)).toEqual([]);
  });

  it('killing an instance that is still starting: it never comes up, and a restart boots it again', () => {
    const r = lab({
      script: [
        at(0, { type: 'kill', instance: 'orders#1' }),
        at(10, { type: 'restart', instance: 'orders#1' }),
        at(100, { type: 'kill', instance: 'orders#1' }),
        at(2000, { type: 'restart', instance: 'orders#1' }),
      ],
    });
    expect(
      r.trace.filter((e) => e.type.startsWith('instance.')).map((e) => `${e.type}@${e.t}`),
    ).toEqual([
      'instance.down@0',
      'instance.starting@10',
      'instance.down@100',
      'instance.starting@2000',
      'instance.up@2500',
    ]);
  });
});

describe('loads', () => {
  it('a constant load fires rps × seconds requests, then stops by itself', () => {
    const r = lab({
      service: {
        handlers: [{ pattern: 'get_order', kind: 'request', latency: { mean: 1, jitter: 0 } }],
      },
      script: [at(100, { type: 'load', route: GET, rps: 20, forMs: 1000 })],
    });
    const req = ofType(r.trace, 'http.request').map((e) => e.t);
    expect(req).toEqual(Array.from({ length: 20 }, (_, k) => 100 + k * 50));
    expect(ofType(r.trace, 'load.started')).toEqual([
      { t: 100, type: 'load.started', route: GET, rps: 20, forMs: 1000, shape: 'constant' },
    ]);
    expect(ofType(r.trace, 'load.stopped').map((e) => e.t)).toEqual([1100]);
  });

  it('a new load on the same route replaces the running one', () => {
    const r = lab({
      service: {
        handlers: [{ pattern: 'get_order', kind: 'request', latency: { mean: 1, jitter: 0 } }],
      },
      script: [
        at(0, { type: 'load', route: GET, rps: 10, forMs: 10_000 }),
        at(250, { type: 'load', route: GET, rps: 100, forMs: 100 }),
      ],
    });
    // 0, 100, 200 from the first; 250, 260 … 340 from the second; nothing after.
    const req = ofType(r.trace, 'http.request').map((e) => e.t);
    expect(req).toEqual([0, 100, 200, ...Array.from({ length: 10 }, (_, k) => 250 + k * 10)]);
    expect(ofType(r.trace, 'load.stopped').map((e) => e.t)).toEqual([250, 350]);
  });

  it('a burst load fires burstSize requests every burstEveryMs', () => {
    const r = lab({
      service: {
        handlers: [{ pattern: 'get_order', kind: 'request', latency: { mean: 1, jitter: 0 } }],
      },
      script: [
        at(0, {
          type: 'load',
          route: GET,
          rps: 0,
          forMs: 1000,
          shape: 'burst',
          burstEveryMs: 400,
          burstSize: 3,
        }),
      ],
    });
    expect(ofType(r.trace, 'http.request').map((e) => e.t)).toEqual([400, 400, 400, 800, 800, 800]);
  });

  it('a load that would fire nothing does not start', () => {
    const r = lab({ script: [at(0, { type: 'load', route: GET, rps: 0, forMs: 1000 })] });
    expect(r.trace).toEqual([]);
  });
});

describe('the live metrics sample', () => {
  it('one request: utilization, rps, latency and queues of each window follow the trace', () => {
    const r = lab({ script: [http(0)], metricsEveryMs: 100, until: 400 });
    const samples = ofType(r.trace, 'metrics.sample');
    // Samples stop once nothing else is scheduled (the response arrived before 200).
    expect(samples.map((s) => s.t)).toEqual([100, 200]);
    const start = ofType(r.trace, 'message.delivered')[0]!.t;
    const end = ofType(r.trace, 'handler.done')[0]!.t; // start + 100
    const busyIn = (from: number, to: number) =>
      Math.max(0, Math.min(to, end) - Math.max(from, start)) / 100;
    expect(samples.map((s) => s.utilization['orders#1'])).toEqual([
      busyIn(0, 100),
      busyIn(100, 200),
    ]);
    const res = ofType(r.trace, 'http.response')[0]!;
    const window = samples.findIndex((s) => s.t >= res.t);
    samples.forEach((s, i) => {
      expect(s).toMatchObject({
        windowMs: 100,
        ok: i === window ? 1 : 0,
        failed: 0,
        rps: i === window ? 10 : 0,
        errorRate: 0,
        queues: { orders_queue: 0 },
        waiting: { 'orders#1': 0 },
        replicas: { orders: 1 },
        duplicates: 0,
        retries: 0,
        fallbacks: 0,
        breakers: {},
      });
      // The latency window is the last second: once answered, it stays in it.
      expect(s.latency.p95).toBe(i >= window ? res.ms : 0);
    });
  });

  it('failed responses count in failed and errorRate; queued work shows in queues', () => {
    const r = lab({
      service: {
        replicas: 1,
        handlers: [
          {
            pattern: 'get_order',
            kind: 'request',
            latency: { mean: 100, jitter: 0 },
            failureRate: 1,
          },
        ],
      },
      script: [
        at(0, { type: 'kill', instance: 'orders#1' }),
        http(10, 4, 0),
        at(300, { type: 'restart', instance: 'orders#1' }),
      ],
      metricsEveryMs: 250,
      until: 2000,
    });
    const samples = ofType(r.trace, 'metrics.sample');
    expect(samples[0]!.queues).toEqual({ orders_queue: 4 });
    expect(samples[0]!.replicas).toEqual({ orders: 0 });
    const total = samples.reduce((n, s) => n + s.failed, 0);
    expect(total).toBe(4);
    const withFailures = samples.filter((s) => s.failed > 0);
    for (const s of withFailures) expect(s.errorRate).toBe(1);
  });
});

describe('autoscale switch', () => {
  it('toggling the autoscaler is traced and shown in the snapshot; toggling to the same state is not', () => {
    const r = lab({
      service: { autoscale: { min: 1, max: 3, enabled: false } },
      script: [
        at(0, { type: 'autoscale', service: 'orders', enabled: false }),
        at(10, { type: 'autoscale', service: 'orders', enabled: true }),
        at(20, { type: 'autoscale', service: 'orders', enabled: true }),
      ],
      until: 15,
    });
    expect(r.sim.snapshot().autoscale).toEqual({ orders: true });
    r.sim.runUntil(100);
    expect(ofType(r.trace, 'autoscale.toggled').map((e) => [e.t, e.enabled])).toEqual([[10, true]]);
  });

  it('an idle service above its minimum scales in to the minimum even with no traffic', () => {
    const r = lab({
      service: {
        replicas: 3,
        autoscale: { min: 1, max: 3, cooldownMs: 1000, target: { utilization: 0.5 } },
      },
      script: [],
      until: 10_000,
    });
    const d = ofType(r.trace, 'autoscale');
    expect(d.map((x) => [x.t, x.from, x.to])).toEqual([[1000, 3, 1]]);
    expect(d[0]!.reason).toBe('utilization 0 vs target 0.5');
    expect(r.sim.snapshot().instances.map((i) => i.id)).toEqual(['orders#1']);
    expect(r.sim.isQuiet()).toBe(true);
  });

  it('a queue-depth target counts the messages ready in the service’s queue', () => {
    const r = lab({
      service: {
        replicas: 1,
        autoscale: { min: 1, max: 4, cooldownMs: 1000, target: { queueDepth: 2 } },
      },
      script: [at(0, { type: 'kill', instance: 'orders#1' }), http(10, 8, 0)],
      until: 1500,
    });
    // 8 messages ready, 1 replica (down but counted): 8 per instance vs 2 → 4 replicas.
    const d = ofType(r.trace, 'autoscale')[0]!;
    expect([d.t, d.from, d.to]).toEqual([1000, 1, 4]);
    expect(d.reason).toBe('queue depth 8/instance vs target 2');
  });
});

describe('more lab edges', () => {
  it('a service started above its autoscaler max is brought back within bounds at the first tick', () => {
    const r = lab({
      service: { replicas: 5, autoscale: { min: 1, max: 3, cooldownMs: 60_000 } },
      script: [],
      until: 1500,
    });
    const d = ofType(r.trace, 'autoscale');
    expect(d.map((x) => [x.t, x.from, x.to, x.reason])).toEqual([
      [1000, 5, 3, 'keep within min 1 / max 3'],
    ]);
  });

  it('a link fault is found whichever way round the link is named', () => {
    const r = lab({
      script: [
        at(0, { type: 'latency', link: ['broker', 'orders'], addMs: 300, jitterMs: 0 }),
        at(5, { type: 'latency', link: ['orders', 'broker'], addMs: 0, jitterMs: 0 }),
        http(10),
      ],
    });
    expect(ofType(r.trace, 'fault.cleared').map((f) => f.target)).toEqual(['broker<->orders']);
    expect(r.sim.snapshot().faults).toBeUndefined();
    expect(ofType(r.trace, 'http.response')[0]!.ms).toBeLessThan(300);
  });

  it('a latency fault with jitter only (addMs 0) is still a fault', () => {
    const r = lab({
      script: [at(0, { type: 'latency', link: ['broker', 'orders'], addMs: 0, jitterMs: 40 })],
      until: 10,
    });
    expect(r.sim.snapshot().faults).toEqual([
      {
        faultId: 'f1',
        kind: 'latency',
        target: 'broker<->orders',
        link: ['broker', 'orders'],
        addMs: 0,
        jitterMs: 40,
      },
    ]);
  });

  it('a delivery that reaches an instance killed while it was on the wire is dropped (`instance-down`)', () => {
    const model = buildModel({
      transport: 'redis',
      services: [{ id: 'orders', handlers: [{ pattern: 'get_order', kind: 'request' }] }],
      routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
      script: [
        at(0, { type: 'latency', link: ['broker', 'orders'], addMs: 500, jitterMs: 0 }),
        http(10),
        at(200, { type: 'kill', instance: 'orders#1' }),
      ],
    });
    const { sim, trace } = run(model);
    sim.runUntil(5000);
    expect(ofType(trace, 'message.dropped').map((d) => [d.reason, d.instance])).toEqual([
      ['instance-down', 'orders#1'],
    ]);
    expect(ofType(trace, 'message.delivered')).toEqual([]);
  });

  it('an idempotent event handler skips an event it already handled when it is redelivered', () => {
    // rmq noAck:false without ack: the event stays unacked; the kill redelivers it to orders#2.
    const model = buildModel({
      transport: 'rmq',
      services: [
        {
          id: 'orders',
          replicas: 2,
          options: { queue: 'q', noAck: false },
          handlers: [{ pattern: 'order_created', kind: 'event', idempotent: true }],
        },
      ],
      routes: [{ path: '/orders', emit: 'order_created', to: ['orders'] }],
      script: [http(0, 1, 0, POST), at(300, { type: 'kill', instance: 'orders#1' })],
    });
    const { sim, trace } = run(model);
    sim.runUntil(5000);
    expect(ofType(trace, 'handler.done').map((h) => h.instance)).toEqual(['orders#1']);
    expect(ofType(trace, 'handler.skipped').map((h) => h.instance)).toEqual(['orders#2']);
    expect(sim.snapshot().counters).toMatchObject({ duplicates: 0, duplicatesAvoided: 1 });
  });

  it('after thousands of responses the metrics latency still covers exactly the last second', () => {
    const r = lab({
      service: {
        handlers: [{ pattern: 'get_order', kind: 'request', latency: { mean: 1, jitter: 0 } }],
        capacity: { concurrency: 100 },
      },
      script: [at(0, { type: 'load', route: GET, rps: 1000, forMs: 6000 })],
      metricsEveryMs: 1000,
      until: 7000,
    });
    const responses = ofType(r.trace, 'http.response');
    expect(responses.length).toBe(6000);
    for (const s of ofType(r.trace, 'metrics.sample')) {
      const last = responses
        .filter((x) => x.t > s.t - 1000 && x.t <= s.t)
        .map((x) => x.ms)
        .sort((a, b) => a - b);
      const nearest = (p: number) =>
        last.length === 0 ? 0 : last[Math.max(1, Math.ceil((p / 100) * last.length)) - 1];
      expect(s.latency).toEqual({ p50: nearest(50), p95: nearest(95), p99: nearest(99) });
    }
  });

  it('a fault endpoint matches a node by its whole id or as an instance’s service, never by a prefix', () => {
    // `broke` is neither `broker` nor the service of an instance: the broker's links are untouched.
    const r = lab({
      script: [at(0, { type: 'partition', link: ['gateway', 'broke'] }), http(10)],
    });
    expect(statuses(r.trace)).toEqual([200]);
    expect(ofType(r.trace, 'message.dropped')).toEqual([]);
  });

  it('a fault on one instance’s link hits that instance only', () => {
    const r = lab({
      service: { replicas: 2 },
      route: { timeoutMs: 1000 },
      script: [at(0, { type: 'partition', link: ['broker', 'orders#1'] }), http(10, 4, 50)],
    });
    // Round-robin: r1 and r3 go to orders#1 (lost), r2 and r4 to orders#2.
    const byReq = Object.fromEntries(
      ofType(r.trace, 'http.response').map((x) => [x.reqId, x.status]),
    );
    expect(byReq).toEqual({ r1: 504, r2: 200, r3: 504, r4: 200 });
    expect(ofType(r.trace, 'handler.done').map((h) => h.instance)).toEqual([
      'orders#2',
      'orders#2',
    ]);
  });

  it('faults of different kinds, or on links sharing an endpoint, coexist', () => {
    const r = lab({
      script: [
        at(0, { type: 'latency', link: ['gateway', 'broker'], addMs: 30, jitterMs: 0 }),
        at(0, { type: 'latency', link: ['gateway', 'orders'], addMs: 30, jitterMs: 0 }),
        at(0, { type: 'latency', link: ['client', 'broker'], addMs: 30, jitterMs: 0 }),
        at(0, { type: 'latency', link: ['broker', 'orders'], addMs: 20, jitterMs: 0 }),
        at(0, { type: 'loss', link: ['broker', 'orders'], percent: 10 }),
      ],
      until: 10,
    });
    expect(r.sim.snapshot().faults!.map((f) => `${f.faultId} ${f.kind} ${f.target}`)).toEqual([
      'f1 latency gateway<->broker',
      'f2 latency gateway<->orders',
      'f3 latency client<->broker',
      'f4 latency broker<->orders',
      'f5 loss broker<->orders',
    ]);
    expect(ofType(r.trace, 'fault.cleared')).toEqual([]);
  });

  it('adding latency to a link with 100 % loss keeps the loss: requests are still lost', () => {
    const r = lab({
      route: { timeoutMs: 500 },
      script: [
        at(0, { type: 'loss', link: ['broker', 'orders'], percent: 100 }),
        at(0, { type: 'latency', link: ['broker', 'orders'], addMs: 20, jitterMs: 0 }),
        http(10),
      ],
    });
    expect(statuses(r.trace)).toEqual([504]);
    expect(ofType(r.trace, 'message.dropped').map((d) => d.reason)).toEqual(['loss']);
  });

  it('a fallback answering 400 counts as a failure in the metrics (status ≥ 400)', () => {
    const r = lab({
      route: { timeoutMs: 200, fallback: { status: 400, body: {} } },
      script: [at(0, { type: 'kill', instance: 'orders#1' }), http(10)],
      metricsEveryMs: 1000,
    });
    expect(statuses(r.trace)).toEqual([400]);
    const s = ofType(r.trace, 'metrics.sample')[0]!;
    expect([s.ok, s.failed, s.fallbacks, s.errorRate]).toEqual([0, 1, 1, 1]);
  });

  it('the metrics latency window is (now − 1 s, now]: a response leaves it exactly 1000 ms later', () => {
    // Samples every ms; a later scripted request keeps the ticker running.
    const r = lab({ script: [http(0), http(3000)], metricsEveryMs: 1, until: 2500 });
    const res = ofType(r.trace, 'http.response')[0]!;
    const sampleAt = (t: number) => ofType(r.trace, 'metrics.sample').find((s) => s.t === t)!;
    expect(sampleAt(res.t).latency.p95).toBe(res.ms);
    expect(sampleAt(res.t + 999).latency.p95).toBe(res.ms);
    expect(sampleAt(res.t + 1000).latency.p95).toBe(0);
    expect(sampleAt(res.t - 1).latency.p95).toBe(0);
  });

  it('each metrics sample counts only its own window (counters start again at every sample)', () => {
    // A retried-then-fallback call, then a plain one at 700 ms: their counts stay in their windows.
    const r = lab({
      route: {
        timeoutMs: 150,
        retry: { count: 1, delayMs: 10 },
        fallback: { status: 200, body: {} },
      },
      script: [
        at(0, { type: 'pause', instance: 'orders#1' }),
        http(10),
        at(400, { type: 'resume', instance: 'orders#1' }),
        http(700),
      ],
      metricsEveryMs: 250,
      until: 2000,
    });
    const samples = ofType(r.trace, 'metrics.sample');
    const res = ofType(r.trace, 'http.response').map((x) => x.t);
    expect(res).toHaveLength(2);
    const windowOf = (t: number) => samples.findIndex((s) => s.t >= t);
    const [a, b] = [windowOf(res[0]!), windowOf(res[1]!)];
    expect(a).toBeLessThan(b);
    samples.forEach((s, i) => {
      expect([s.ok, s.retries, s.fallbacks]).toEqual([
        i === a || i === b ? 1 : 0,
        i === windowOf(ofType(r.trace, 'request.timeout')[0]!.t) ? 1 : 0, // counted when it failed
        i === windowOf(ofType(r.trace, 'fallback.used')[0]!.t) ? 1 : 0,
      ]);
    });
  });

  it('a delivery on its way from the broker when the broker stops is lost (`broker-down`)', () => {
    const model = buildModel({
      transport: 'redis',
      services: [{ id: 'orders', handlers: [{ pattern: 'get_order', kind: 'request' }] }],
      routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
      script: [
        at(0, { type: 'latency', link: ['broker', 'orders'], addMs: 500, jitterMs: 0 }),
        http(10),
        at(200, { type: 'brokerDown' }),
      ],
    });
    const { sim, trace } = run(model);
    sim.runUntil(5000);
    expect(ofType(trace, 'message.delivered')).toEqual([]);
    expect(ofType(trace, 'message.dropped').map((d) => d.reason)).toEqual(['broker-down']);
  });

  it('a hop that was on the wire during a short outage is lost even if the broker is back when it arrives', () => {
    const model = buildModel({
      transport: 'redis',
      services: [{ id: 'orders', handlers: [{ pattern: 'get_order', kind: 'request' }] }],
      routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
      script: [
        at(0, { type: 'latency', link: ['broker', 'orders'], addMs: 500, jitterMs: 0 }),
        http(10),
        at(200, { type: 'brokerDown' }),
        at(250, { type: 'brokerUp' }),
      ],
    });
    const { sim, trace } = run(model);
    sim.runUntil(5000);
    expect(ofType(trace, 'message.delivered')).toEqual([]);
    expect(ofType(trace, 'message.dropped').map((d) => d.reason)).toEqual(['broker-down']);
  });

  it('hops that do not touch the broker go on during an outage: the client gets its 500', () => {
    const r = lab({
      script: [at(0, { type: 'brokerDown' }), http(10)],
    });
    expect(statuses(r.trace)).toEqual([500]);
  });

  it('a request refused by a full bulkhead gets the error `Too many requests` (500)', () => {
    const r = lab({
      service: { capacity: { concurrency: 1, queue: 0 } },
      script: [http(0, 2, 0)],
    });
    expect(statuses(r.trace).sort()).toEqual([200, 500]);
    expect(ofType(r.trace, 'request.error').map((e) => e.error)).toEqual([
      { status: 'error', message: 'Too many requests' },
    ]);
  });
});

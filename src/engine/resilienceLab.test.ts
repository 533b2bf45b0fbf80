/** Headless checks of what a teacher states about the resilience lab. */
import { describe, expect, it } from 'vitest';
import { percentile } from './core/percentiles';
import { buildModel, ofType, run, type RouteInput, type ServiceInput } from './testkit';
import type { Command, TraceEvent } from './types';
import type { TransportKind } from '../shared';

const ORDERS = (extra: Partial<ServiceInput> = {}): ServiceInput => ({
  id: 'orders',
  options: { queue: 'orders_queue' },
  handlers: [{ pattern: 'get_order', kind: 'request', latency: { mean: 10, jitter: 0 } }],
  ...extra,
});
const ROUTE = (extra: Partial<RouteInput> = {}): RouteInput => ({
  path: '/orders/:id',
  send: 'get_order',
  to: 'orders',
  ...extra,
});
const at = (t: number, command: Command) => ({ at: t, command });
const responses = (trace: TraceEvent[]) => ofType(trace, 'http.response');
/** p95 of the HTTP latencies of requests *sent* in [from, to). */
function p95Sent(trace: TraceEvent[], from: number, to: number): number {
  const sent = new Map<string, number>();
  for (const e of ofType(trace, 'http.request')) sent.set(e.reqId, e.t);
  const l = responses(trace)
    .filter((r) => {
      const t = sent.get(r.reqId)!;
      return t >= from && t < to;
    })
    .map((r) => r.ms);
  return percentile(l, 95);
}

describe('timeouts and retries', () => {
  it('with a 2 s timeout and the only instance down, 10 requests give 10 × 504 in ≈2 s each', () => {
    const model = buildModel({
      transport: 'rmq',
      services: [ORDERS()],
      routes: [ROUTE({ timeoutMs: 2000 })],
      script: [
        at(0, { type: 'kill', instance: 'orders#1' }),
        at(10, { type: 'http', route: 'GET /orders/:id', count: 10, everyMs: 50 }),
      ],
    });
    const { sim, trace } = run(model);
    sim.runUntil(10_000);
    const r = responses(trace);
    expect(r).toHaveLength(10);
    for (const x of r) {
      expect(x.status).toBe(504);
      expect(x.ms).toBeGreaterThanOrEqual(2000);
      expect(x.ms).toBeLessThan(2050);
    }
  });

  it('retry re-sends each timed-out attempt as a new message, with backoff 100, 200, 400 ms', () => {
    const model = buildModel({
      transport: 'rmq',
      services: [ORDERS()],
      routes: [ROUTE({ timeoutMs: 500, retry: { count: 3, delayMs: 100, factor: 2 } })],
      script: [
        at(0, { type: 'kill', instance: 'orders#1' }),
        at(10, { type: 'http', route: 'GET /orders/:id', count: 1, everyMs: 0 }),
      ],
    });
    const { sim, trace } = run(model);
    sim.runUntil(10_000);
    const retries = ofType(trace, 'request.retry');
    expect(retries.map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(retries.map((e) => e.delayMs)).toEqual([100, 200, 400]);
    const sends = ofType(trace, 'client.send');
    expect(new Set(sends.map((s) => s.msgId)).size).toBe(4);
    expect(retries[0]!.prevMsgId).toBe(sends[0]!.msgId);
    expect(ofType(trace, 'request.timeout')).toHaveLength(4);
    // 4 timeouts of 500 ms + 700 ms of backoff.
    const [resp] = responses(trace);
    expect(resp!.status).toBe(504);
    expect(resp!.ms).toBeGreaterThanOrEqual(2700);
    expect(sim.snapshot().counters.retries).toBe(3);
  });

  it('a retry that finds the instance back answers 200 (the failure is hidden from the client)', () => {
    const model = buildModel({
      transport: 'nats',
      services: [ORDERS()],
      routes: [ROUTE({ timeoutMs: 1000, retry: { count: 3, delayMs: 200, factor: 2 } })],
      script: [
        at(0, { type: 'kill', instance: 'orders#1' }),
        at(10, { type: 'http', route: 'GET /orders/:id', count: 1, everyMs: 0 }),
        at(100, { type: 'restart', instance: 'orders#1' }),
      ],
    });
    const { sim, trace } = run(model);
    sim.runUntil(10_000);
    expect(responses(trace).map((r) => r.status)).toEqual([200]);
    expect(ofType(trace, 'request.retry').length).toBeGreaterThan(0);
  });
});

describe('circuit breaker and fallback', () => {
  const model = () =>
    buildModel({
      transport: 'rmq',
      services: [ORDERS()],
      routes: [
        ROUTE({
          timeoutMs: 300,
          circuitBreaker: { failureThreshold: 3, openMs: 2000, halfOpenCalls: 1 },
          fallback: { status: 200, body: { order: null, cached: true } },
        }),
      ],
      script: [
        at(0, { type: 'kill', instance: 'orders#1' }),
        at(10, { type: 'http', route: 'GET /orders/:id', count: 20, everyMs: 100 }),
        at(2500, { type: 'restart', instance: 'orders#1' }),
        at(4000, { type: 'http', route: 'GET /orders/:id', count: 3, everyMs: 100 }),
      ],
    });

  it('opens after 3 timeouts; then requests fail fast (< 5 ms virtual at the gateway) and the fallback answers', () => {
    const { sim, trace } = run(model());
    sim.runUntil(10_000);
    const states = ofType(trace, 'breaker.state').map((e) => `${e.from}->${e.to}`);
    expect(states.slice(0, 1)).toEqual(['closed->open']);
    const rejected = ofType(trace, 'breaker.rejected');
    expect(rejected.length).toBeGreaterThan(5);
    // Gateway time of a rejected call: response hop leaves gateway − request hop arrived there.
    const hops = ofType(trace, 'hop');
    for (const r of rejected) {
      const arrived = hops.find((h) => h.msgId === r.reqId && h.to === 'gateway')!.arriveAt;
      const left = hops.find((h) => h.msgId === r.reqId && h.from === 'gateway')!.t;
      expect(left - arrived).toBeLessThan(5);
    }
    const fb = ofType(trace, 'fallback.used');
    expect(fb.length).toBe(20); // 3 timeouts + the rest rejected, all answered by the fallback
    expect(
      responses(trace)
        .slice(0, 20)
        .every((r) => r.status === 200),
    ).toBe(true);
    // No message reached the broker for rejected calls.
    expect(ofType(trace, 'client.send').length).toBeLessThan(20);
  });

  it('goes half-open after openMs, and a successful trial closes it again', () => {
    const { sim, trace } = run(model());
    sim.runUntil(10_000);
    const states = ofType(trace, 'breaker.state').map((e) => e.to);
    expect(states).toContain('half-open');
    expect(states[states.length - 1]).toBe('closed');
    expect(sim.snapshot().breakers).toEqual({ orders: 'closed' });
  });

  it('without a fallback an open breaker answers 503', () => {
    const m = model();
    delete m.routes[0]!.fallback;
    const { sim, trace } = run(m);
    sim.runUntil(3000);
    const statuses = new Set(responses(trace).map((r) => r.status));
    expect(statuses).toEqual(new Set([504, 503]));
  });
});

describe('capacity: saturation, queueing and scaling', () => {
  const saturation = (transport: TransportKind, replicas: number) => {
    const model = buildModel({
      transport,
      services: [ORDERS({ replicas, capacity: { concurrency: 1 } })],
      routes: [ROUTE()],
      script: [at(0, { type: 'load', route: 'GET /orders/:id', rps: 200, forMs: 5000 })],
    });
    const { sim, trace } = run(model);
    sim.runUntil(30_000);
    return { p1: p95Sent(trace, 0, 1000), p5: p95Sent(trace, 4000, 5000), trace, sim };
  };

  it('at 200 req/s on 1 instance of 10 ms × 1 concurrency, p95 grows without bound', () => {
    const { p1, p5 } = saturation('rmq', 1);
    expect(p5).toBeGreaterThan(3 * p1);
    expect(p5).toBeGreaterThan(2000);
  });

  it('at 200 req/s on 3 rmq instances p95 stays bounded (queueing ≈ 0)', () => {
    const { p1, p5 } = saturation('rmq', 3);
    expect(p5).toBeLessThan(100);
    expect(Math.abs(p5 - p1)).toBeLessThan(20);
  });

  it('redis with 3 instances does not bring p95 down: every instance handles every request', () => {
    const one = saturation('redis', 1);
    const three = saturation('redis', 3);
    expect(three.p5).toBeGreaterThan(2000);
    expect(three.p5).toBeGreaterThan(0.5 * one.p5);
    expect(three.sim.snapshot().counters.duplicates).toBeGreaterThan(1000);
  });

  it('a full work queue rejects: the client gets 500 Too many requests', () => {
    const model = buildModel({
      transport: 'rmq',
      services: [ORDERS({ capacity: { concurrency: 1, queue: 5 } })],
      routes: [ROUTE()],
      script: [at(0, { type: 'http', route: 'GET /orders/:id', count: 20, everyMs: 0 })],
    });
    const { sim, trace } = run(model);
    sim.runUntil(5000);
    const byStatus = sim.snapshot().counters.byStatus;
    expect(byStatus['200']).toBe(6);
    expect(byStatus['500']).toBe(14);
    expect(ofType(trace, 'capacity.rejected')).toHaveLength(14);
  });
});

describe('autoscaler', () => {
  it('scales orders out under load (utilization target) and the new instances start, then serve', () => {
    const model = buildModel({
      transport: 'rmq',
      services: [
        ORDERS({
          capacity: { concurrency: 1 },
          autoscale: {
            min: 1,
            max: 6,
            target: { utilization: 0.7 },
            cooldownMs: 2000,
            startupMs: 1000,
          },
        }),
      ],
      routes: [ROUTE()],
      script: [at(0, { type: 'load', route: 'GET /orders/:id', rps: 200, forMs: 10_000 })],
    });
    const { sim, trace } = run(model);
    sim.runUntil(40_000);
    const decisions = ofType(trace, 'autoscale');
    expect(decisions[0]!.from).toBe(1);
    expect(decisions[0]!.to).toBeGreaterThan(1);
    expect(ofType(trace, 'instance.starting').length).toBeGreaterThan(0);
    expect(Math.max(...decisions.map((d) => d.to))).toBeGreaterThanOrEqual(3);
    // After the load it scales back in.
    expect(decisions[decisions.length - 1]!.to).toBe(1);
  });
});

describe('faults', () => {
  const base = (script: { at: number; command: Command }[], transport: TransportKind = 'rmq') =>
    buildModel({
      transport,
      services: [ORDERS()],
      routes: [ROUTE({ timeoutMs: 1000 })],
      script,
    });

  it('loss 100 % on broker↔orders: requests time out, and the drops carry the fault id', () => {
    const { sim, trace } = run(
      base([
        at(0, { type: 'loss', link: ['broker', 'orders'], percent: 100 }),
        at(10, { type: 'http', route: 'GET /orders/:id', count: 5, everyMs: 10 }),
      ]),
    );
    sim.runUntil(5000);
    expect(responses(trace).map((r) => r.status)).toEqual([504, 504, 504, 504, 504]);
    const fault = ofType(trace, 'fault')[0]!;
    const drops = ofType(trace, 'message.dropped');
    expect(drops.length).toBe(5);
    expect(drops.every((d) => d.reason === 'loss' && d.faultId === fault.faultId)).toBe(true);
    expect(ofType(trace, 'request.timeout').every((e) => e.faultId === fault.faultId)).toBe(true);
  });

  it('partition gateway↔broker then heal: requests time out, then succeed again', () => {
    const { sim, trace } = run(
      base(
        [
          at(0, { type: 'partition', link: ['gateway', 'broker'] }),
          at(10, { type: 'http', route: 'GET /orders/:id', count: 3, everyMs: 10 }),
          at(2000, { type: 'heal', link: ['gateway', 'broker'] }),
          at(2100, { type: 'http', route: 'GET /orders/:id', count: 3, everyMs: 10 }),
        ],
        'nats',
      ),
    );
    sim.runUntil(5000);
    expect(responses(trace).map((r) => r.status)).toEqual([504, 504, 504, 200, 200, 200]);
    expect(ofType(trace, 'fault.cleared')).toHaveLength(1);
    expect(ofType(trace, 'message.dropped').every((d) => d.reason === 'partition')).toBe(true);
  });

  it('latency +200 ms on broker↔orders adds ≈400 ms to a request (both directions)', () => {
    const { sim, trace } = run(
      base([
        at(0, { type: 'http', route: 'GET /orders/:id', count: 1, everyMs: 0 }),
        at(500, { type: 'latency', link: ['broker', 'orders'], addMs: 200, jitterMs: 0 }),
        at(600, { type: 'http', route: 'GET /orders/:id', count: 1, everyMs: 0 }),
      ]),
    );
    sim.runUntil(5000);
    const [a, b] = responses(trace);
    expect(b!.ms - a!.ms).toBeGreaterThan(380);
    expect(b!.ms - a!.ms).toBeLessThan(420);
  });

  it('pause: requests wait (no answer), resume: they are answered', () => {
    const { sim, trace } = run(
      buildModel({
        transport: 'rmq',
        services: [ORDERS()],
        routes: [ROUTE()],
        script: [
          at(0, { type: 'pause', instance: 'orders#1' }),
          at(10, { type: 'http', route: 'GET /orders/:id', count: 3, everyMs: 10 }),
          at(3000, { type: 'resume', instance: 'orders#1' }),
        ],
      }),
    );
    sim.runUntil(2900);
    expect(responses(trace)).toHaveLength(0);
    expect(sim.snapshot().instances[0]!.waiting).toBe(3);
    sim.runUntil(5000);
    const r = responses(trace);
    expect(r.map((x) => x.status)).toEqual([200, 200, 200]);
    expect(r[0]!.ms).toBeGreaterThan(2900);
  });

  it('killService / restartService stop and restart every instance', () => {
    const { sim, trace } = run(
      buildModel({
        transport: 'rmq',
        services: [ORDERS({ replicas: 3 })],
        routes: [ROUTE()],
        script: [
          at(0, { type: 'killService', service: 'orders' }),
          at(100, { type: 'restartService', service: 'orders' }),
        ],
      }),
    );
    sim.runUntil(50);
    expect(sim.snapshot().instances.every((i) => i.status === 'down')).toBe(true);
    sim.runUntil(2000);
    expect(sim.snapshot().instances.every((i) => i.status === 'up')).toBe(true);
    expect(ofType(trace, 'fault.cleared')[0]!.kind).toBe('kill-service');
  });

  it('kill is a fault on the instance until it restarts; the timeouts it causes point at it', () => {
    const { sim, trace } = run(
      base([
        at(0, { type: 'kill', instance: 'orders#1' }),
        at(10, { type: 'http', route: 'GET /orders/:id', count: 2, everyMs: 10 }),
      ]),
    );
    sim.runUntil(100);
    const [fault] = ofType(trace, 'fault');
    expect(fault).toMatchObject({ kind: 'kill', target: 'orders#1' });
    expect(sim.snapshot().faults).toEqual([
      { faultId: fault!.faultId, kind: 'kill', target: 'orders#1' },
    ]);
    // The fault comes before its effect.
    const types = trace.map((e) => e.type);
    expect(types.indexOf('fault')).toBeLessThan(types.indexOf('instance.down'));
    sim.runUntil(2000);
    const timeouts = ofType(trace, 'request.timeout');
    expect(timeouts).toHaveLength(2);
    expect(timeouts.every((e) => e.faultId === fault!.faultId)).toBe(true);
    sim.apply({ type: 'restart', instance: 'orders#1' });
    expect(ofType(trace, 'fault.cleared')).toMatchObject([
      { faultId: fault!.faultId, kind: 'kill' },
    ]);
    expect(sim.snapshot().faults).toBeUndefined();
    // A second kill is a new fault.
    sim.runUntil(3000);
    sim.apply({ type: 'kill', instance: 'orders#1' });
    expect(ofType(trace, 'fault')[1]!.faultId).not.toBe(fault!.faultId);
  });

  it('a killed instance scaled away clears its fault; killing a down instance raises nothing', () => {
    const { sim, trace } = run(
      buildModel({
        transport: 'rmq',
        services: [ORDERS({ replicas: 2 })],
        routes: [ROUTE()],
        script: [
          at(0, { type: 'kill', instance: 'orders#2' }),
          at(10, { type: 'kill', instance: 'orders#2' }),
          at(20, { type: 'scale', service: 'orders', replicas: 1 }),
        ],
      }),
    );
    sim.runUntil(15);
    expect(ofType(trace, 'fault')).toHaveLength(1);
    sim.runUntil(100);
    expect(ofType(trace, 'fault.cleared')).toMatchObject([{ kind: 'kill', target: 'orders#2' }]);
    expect(sim.snapshot().faults).toBeUndefined();
  });

  it('a tcp call cut by a kill fails pointing at the kill', () => {
    const { sim, trace } = run(
      buildModel({
        transport: 'tcp',
        services: [ORDERS({ replicas: 1 })],
        routes: [ROUTE({ timeoutMs: 1000 })],
        script: [
          at(0, { type: 'http', route: 'GET /orders/:id', count: 1, everyMs: 0 }),
          // The request is on the wire to orders#1 (tcp: gateway → instance) when it dies.
          at(3, { type: 'kill', instance: 'orders#1' }),
        ],
      }),
    );
    sim.runUntil(2000);
    const [fault] = ofType(trace, 'fault');
    expect(fault!.kind).toBe('kill');
    const errors = ofType(trace, 'request.error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.faultId === fault!.faultId)).toBe(true);
  });

  it('deliveries arriving at a killed instance are dropped pointing at the kill (rmq)', () => {
    const { sim, trace } = run(
      base([
        at(0, { type: 'http', route: 'GET /orders/:id', count: 40, everyMs: 1 }),
        at(20, { type: 'kill', instance: 'orders#1' }),
      ]),
    );
    sim.runUntil(2000);
    const [fault] = ofType(trace, 'fault');
    const drops = ofType(trace, 'message.dropped').filter((d) => d.reason === 'instance-down');
    expect(drops.length).toBeGreaterThan(0);
    expect(drops.every((d) => d.faultId === fault!.faultId)).toBe(true);
  });

  it('killService does not add one kill fault per instance; restartService clears single kills too', () => {
    const { sim, trace } = run(
      buildModel({
        transport: 'rmq',
        services: [ORDERS({ replicas: 2 })],
        routes: [ROUTE()],
        script: [
          at(0, { type: 'kill', instance: 'orders#1' }),
          at(10, { type: 'killService', service: 'orders' }),
          at(20, { type: 'restartService', service: 'orders' }),
        ],
      }),
    );
    sim.runUntil(15);
    expect(ofType(trace, 'fault').map((f) => [f.kind, f.target])).toEqual([
      ['kill', 'orders#1'],
      ['kill-service', 'orders'],
    ]);
    sim.runUntil(100);
    expect(ofType(trace, 'fault.cleared').map((f) => f.kind)).toEqual(['kill-service', 'kill']);
    expect(sim.snapshot().faults).toBeUndefined();
  });

  it('brokerDown … brokerUp is a broker-down fault; drops and timeouts in the outage point at it', () => {
    const { sim, trace } = run(
      base([
        at(0, { type: 'http', route: 'GET /orders/:id', count: 20, everyMs: 5 }),
        at(30, { type: 'brokerDown' }),
        at(3000, { type: 'brokerUp' }),
      ]),
    );
    sim.runUntil(1000);
    const [fault] = ofType(trace, 'fault');
    expect(fault).toMatchObject({ kind: 'broker-down', target: 'broker' });
    expect(sim.snapshot().faults).toEqual([
      { faultId: fault!.faultId, kind: 'broker-down', target: 'broker' },
    ]);
    const types = trace.map((e) => e.type);
    expect(types.indexOf('fault')).toBeLessThan(types.indexOf('broker.down'));
    sim.runUntil(10_000);
    const drops = ofType(trace, 'message.dropped').filter(
      (d) => d.reason === 'broker-down' || d.reason === 'broker-restart',
    );
    expect(drops.length).toBeGreaterThan(0);
    expect(drops.every((d) => d.faultId === fault!.faultId)).toBe(true);
    const timeouts = ofType(trace, 'request.timeout').filter((e) => e.t < 3000);
    expect(timeouts.length).toBeGreaterThan(0);
    expect(timeouts.every((e) => e.faultId === fault!.faultId)).toBe(true);
    const cleared = ofType(trace, 'fault.cleared');
    expect(cleared).toMatchObject([{ faultId: fault!.faultId, kind: 'broker-down' }]);
    expect(cleared[0]!.t).toBe(3000);
    expect(sim.snapshot().faults).toBeUndefined();
  });

  it('slow ×5 makes handling 5 times longer; errorRate 100 % makes every call fail', () => {
    const { sim, trace } = run(
      base([
        at(0, { type: 'slow', service: 'orders', factor: 5 }),
        at(10, { type: 'http', route: 'GET /orders/:id', count: 1, everyMs: 0 }),
        at(500, { type: 'slow', service: 'orders', factor: 1 }),
        at(500, { type: 'errorRate', service: 'orders', percent: 100 }),
        at(600, { type: 'http', route: 'GET /orders/:id', count: 1, everyMs: 0 }),
      ]),
    );
    sim.runUntil(3000);
    const [a, b] = responses(trace);
    expect(a!.status).toBe(200);
    expect(a!.ms).toBeGreaterThan(90); // 50 ms handling + hops
    expect(b!.status).toBe(500);
  });
});

describe('at-least-once: requeue, dead letters, idempotency', () => {
  const poisonModel = (idempotent = false) =>
    buildModel({
      transport: 'rmq',
      options: { queue: 'orders_queue', noAck: false, deadLetterAfter: 3 },
      services: [
        ORDERS({
          handlers: [
            {
              pattern: 'get_order',
              kind: 'request',
              ack: true,
              requeueOnFailure: true,
              idempotent,
            },
          ],
        }),
      ],
      routes: [ROUTE()],
      script: [
        at(0, { type: 'poison', route: 'GET /orders/:id' }),
        at(10, { type: 'http', route: 'GET /orders/:id', count: 2, everyMs: 50 }),
      ],
    });

  it('a poison message with nack+requeue loops 3 times, then lands in orders_queue.dlq', () => {
    const { sim, trace } = run(poisonModel());
    sim.runUntil(3000);
    expect(ofType(trace, 'broker.requeued')).toHaveLength(2);
    const dl = ofType(trace, 'broker.deadLettered');
    expect(dl).toHaveLength(1);
    expect(dl[0]!.where).toBe('orders_queue.dlq');
    const q = sim.snapshot().queues.find((x) => x.name === 'orders_queue.dlq')!;
    expect(q.ready).toBe(1);
    // The client got the first error; the other request is fine.
    expect(
      responses(trace)
        .map((r) => r.status)
        .sort(),
    ).toEqual([200, 500]);
  });

  it('an idempotent handler skips a redelivered message it already handled (duplicatesAvoided)', () => {
    // rmq noAck:false without ack: a kill after handling redelivers the (unacked) message.
    const model = buildModel({
      transport: 'rmq',
      options: { queue: 'orders_queue', noAck: false },
      services: [
        ORDERS({
          replicas: 2,
          handlers: [{ pattern: 'get_order', kind: 'request', idempotent: true }],
        }),
      ],
      routes: [ROUTE()],
      script: [
        at(0, { type: 'http', route: 'GET /orders/:id', count: 1, everyMs: 0 }),
        at(200, { type: 'kill', instance: 'orders#1' }),
      ],
    });
    const { sim, trace } = run(model);
    sim.runUntil(3000);
    expect(ofType(trace, 'handler.skipped')).toHaveLength(1);
    expect(sim.snapshot().counters.duplicatesAvoided).toBe(1);
    expect(sim.snapshot().counters.duplicates).toBe(0);
  });

  it('redis fan-out to 3 instances with an idempotent handler: one handling, two skipped', () => {
    const model = buildModel({
      transport: 'redis',
      services: [
        ORDERS({
          replicas: 3,
          handlers: [{ pattern: 'get_order', kind: 'request', idempotent: true }],
        }),
      ],
      routes: [ROUTE()],
      script: [at(0, { type: 'http', route: 'GET /orders/:id', count: 10, everyMs: 100 })],
    });
    const { sim } = run(model);
    sim.runUntil(3000);
    const c = sim.snapshot().counters;
    expect(c.duplicates).toBe(0);
    expect(c.duplicatesAvoided).toBe(20);
  });
});

describe('metrics samples and determinism', () => {
  const model = () =>
    buildModel({
      transport: 'rmq',
      services: [
        ORDERS({
          capacity: { concurrency: 2, queue: 100 },
          autoscale: { min: 1, max: 4, target: { utilization: 0.6 }, cooldownMs: 1000 },
        }),
      ],
      routes: [
        ROUTE({
          timeoutMs: 500,
          retry: { count: 2, delayMs: 50, factor: 2, jitter: 0.2 },
          circuitBreaker: { failureThreshold: 5, openMs: 1000 },
          fallback: { status: 200, body: {} },
        }),
      ],
      script: [
        at(0, {
          type: 'load',
          route: 'GET /orders/:id',
          rps: 150,
          forMs: 4000,
          shape: 'ramp',
          toRps: 300,
        }),
        at(1000, { type: 'loss', link: ['broker', 'orders'], percent: 30 }),
        at(1500, { type: 'pause', instance: 'orders#1' }),
        at(2500, { type: 'resume', instance: 'orders#1' }),
        at(3000, { type: 'loss', link: ['broker', 'orders'], percent: 0 }),
      ],
    });

  it('emits metrics.sample every 250 ms with rps, p95, utilization, replicas and breaker states', () => {
    const { sim, trace } = run(model(), { metricsEveryMs: 250 });
    sim.runUntil(3000);
    const samples = ofType(trace, 'metrics.sample');
    expect(samples.map((s) => s.t).slice(0, 4)).toEqual([250, 500, 750, 1000]);
    const s = samples[3]!;
    expect(s.windowMs).toBe(250);
    expect(s.rps).toBeGreaterThan(100);
    expect(s.latency.p95).toBeGreaterThan(0);
    expect(s.utilization['orders#1']).toBeGreaterThan(0);
    expect(s.replicas.orders).toBeGreaterThanOrEqual(1);
    expect(s.breakers.orders).toBeDefined();
  });

  it('same seed ⇒ identical trace; many small runUntil steps ⇒ same trace as one big one', () => {
    const a = run(model(), { metricsEveryMs: 250 });
    a.sim.runUntil(20_000);
    const b = run(model(), { metricsEveryMs: 250 });
    for (let t = 0; t <= 20_000; t += 37) b.sim.runUntil(t);
    b.sim.runUntil(20_000);
    expect(JSON.stringify(b.trace)).toBe(JSON.stringify(a.trace));
    expect(a.trace.length).toBeGreaterThan(1000);
  });

  it('tickers stop when nothing else is scheduled (the run becomes quiet)', () => {
    const { sim } = run(model(), { metricsEveryMs: 250 });
    sim.runUntil(120_000);
    expect(sim.isQuiet()).toBe(true);
  });
});

/**
 * RabbitMQ requeue order (docs/transports.md, RabbitMQ, `noAck: false`): a message that goes back
 * to the queue — nacked with requeue, or unacked when its consumer dies — takes its original place
 * at the head of the queue, ahead of the messages that were waiting behind it. Each case keeps
 * other messages waiting at that moment, so that the order is observable.
 */
import { describe, expect, it } from 'vitest';
import { buildModel, ofType, run, type ServiceInput } from '../testkit';
import type { ScriptStep, TraceEvent, TransportOptions } from '../types';

const GET = 'GET /orders/:id';

function rmq(opts: {
  options?: TransportOptions;
  replicas?: number;
  handler?: Partial<ServiceInput['handlers'][number]>;
  script: ScriptStep[];
  until?: number;
}) {
  const model = buildModel({
    transport: 'rmq',
    services: [
      {
        id: 'orders',
        replicas: opts.replicas ?? 1,
        options: { queue: 'orders_queue', noAck: false, ...opts.options },
        handlers: [
          {
            pattern: 'get_order',
            kind: 'request',
            ack: true,
            latency: { mean: 100, jitter: 0 },
            ...opts.handler,
          },
        ],
      },
    ],
    routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
    script: opts.script,
  });
  const r = run(model);
  r.sim.runUntil(opts.until ?? 60_000);
  return r;
}

/** `r3` for the message (send or emit) of HTTP request 3 (one message per request here). */
function requestOf(trace: TraceEvent[]): (msgId: string) => string {
  const byMsg = new Map(
    [...ofType(trace, 'client.send'), ...ofType(trace, 'client.emit')].map((s) => [
      s.msgId,
      s.reqId,
    ]),
  );
  return (msgId) => byMsg.get(msgId) ?? '?';
}

/** Deliveries in time order as `r<n>` (with `*` when redelivered), optionally from time `from`. */
function deliveries(trace: TraceEvent[], from = 0, instance?: string): string[] {
  const req = requestOf(trace);
  return ofType(trace, 'message.delivered')
    .filter((d) => d.t >= from && (instance === undefined || d.instance === instance))
    .map((d) => req(d.msgId) + (d.redelivered ? '*' : ''));
}

/** The order the broker hands messages out (broker → instance hops, traced when sent). */
function dispatched(trace: TraceEvent[], from: number): string[] {
  const req = requestOf(trace);
  return ofType(trace, 'hop')
    .filter((h) => h.t >= from && h.from === 'broker' && h.kind === 'request')
    .map((h) => `${req(h.msgId)}→${h.to}`);
}

const http = (at: number, count: number, everyMs: number): ScriptStep => ({
  at,
  command: { type: 'http', route: GET, count, everyMs },
});

describe('rmq requeue order', () => {
  it('a nacked-and-requeued message is redelivered before the messages waiting behind it', () => {
    // r1 is poisoned: every handling throws and the handler nacks it with requeue. r2 and r3 wait
    // in the queue (prefetch 1). After 3 failures r1 is dead-lettered and the others go.
    const { trace } = rmq({
      options: { prefetchCount: 1, deadLetterAfter: 3 },
      handler: { requeueOnFailure: true },
      script: [{ at: 0, command: { type: 'poison', route: GET } }, http(0, 3, 10)],
    });
    expect(deliveries(trace)).toEqual(['r1', 'r1*', 'r1*', 'r2', 'r3']);
    // When r1 was first nacked, r2 and r3 were already waiting behind it.
    const firstNack = ofType(trace, 'broker.requeued')[0]!;
    const enqueued = ofType(trace, 'broker.enqueued').filter((e) => e.where === 'orders_queue');
    expect(enqueued.filter((e) => e.t < firstNack.t)).toHaveLength(3);
    expect(ofType(trace, 'broker.deadLettered').map((d) => [d.where, d.failures])).toEqual([
      ['orders_queue.dlq', 3],
    ]);
  });

  it('the unacked messages of a consumer that dies go back ahead of the waiting ones, in their order', () => {
    // One consumer with prefetch 2 holds r1 and r2 (slow handler); r3 and r4 wait. It crashes at
    // 500 ms and is back at 1100 ms: r1, r2 are redelivered first, then r3, r4.
    const { trace } = rmq({
      options: { prefetchCount: 2 },
      handler: { latency: { mean: 1000, jitter: 0 } },
      script: [
        http(0, 4, 10),
        { at: 500, command: { type: 'kill', instance: 'orders#1' } },
        { at: 600, command: { type: 'restart', instance: 'orders#1' } },
      ],
    });
    expect(ofType(trace, 'broker.requeued').map((e) => requestOf(trace)(e.msgId))).toEqual([
      'r1',
      'r2',
    ]);
    expect(dispatched(trace, 1000)).toEqual([
      'r1→orders#1',
      'r2→orders#1',
      'r3→orders#1',
      'r4→orders#1',
    ]);
    expect(deliveries(trace, 1000)).toEqual(['r1*', 'r2*', 'r3', 'r4']);
  });

  it('when one of two consumers dies, the survivor’s next delivery is the dead one’s message, not a newer one', () => {
    // prefetch 1: orders#1 holds r1, orders#2 holds r2, r3 and r4 wait. orders#1 dies at 50 ms;
    // when orders#2 acks r2 it gets r1 (redelivered) before r3.
    const { trace } = rmq({
      replicas: 2,
      options: { prefetchCount: 1 },
      handler: { latency: { mean: 300, jitter: 0 } },
      script: [http(0, 4, 10), { at: 50, command: { type: 'kill', instance: 'orders#1' } }],
    });
    expect(deliveries(trace, 0, 'orders#2')).toEqual(['r2', 'r1*', 'r3', 'r4']);
  });

  it('when both consumers die, their unacked messages regain their original order ahead of the waiting ones', () => {
    // prefetch 2, round-robin: orders#1 holds r1 r3, orders#2 holds r2 r4; r5 r6 wait. The
    // whole service is killed and restarted: the queue is r1 r2 r3 r4 r5 r6 again, so the first
    // consumer back takes r1 r2 and the second r3 r4.
    const { trace } = rmq({
      replicas: 2,
      options: { prefetchCount: 2 },
      handler: { latency: { mean: 1000, jitter: 0 } },
      script: [
        http(0, 6, 10),
        { at: 300, command: { type: 'killService', service: 'orders' } },
        { at: 400, command: { type: 'restartService', service: 'orders' } },
      ],
    });
    expect(dispatched(trace, 0).slice(0, 4)).toEqual([
      'r1→orders#1',
      'r2→orders#2',
      'r3→orders#1',
      'r4→orders#2',
    ]);
    expect(dispatched(trace, 400).slice(0, 4)).toEqual([
      'r1→orders#1',
      'r2→orders#1',
      'r3→orders#2',
      'r4→orders#2',
    ]);
  });

  it('after a broker restart, unacked persistent messages of two consumers are back in their original order', () => {
    const { trace } = rmq({
      replicas: 2,
      options: { prefetchCount: 2, persistent: true },
      handler: { latency: { mean: 2000, jitter: 0 } },
      script: [
        http(0, 6, 10),
        { at: 300, command: { type: 'brokerDown' } },
        { at: 400, command: { type: 'brokerUp' } },
      ],
    });
    // Both servers reconnect on the same retry tick (5 s after the outage began, + 100 ms).
    expect(dispatched(trace, 400).slice(0, 4)).toEqual([
      'r1→orders#1',
      'r2→orders#1',
      'r3→orders#2',
      'r4→orders#2',
    ]);
  });
});

describe('rmq queues, consumers and the queue view', () => {
  it('an emit to two services on the same queue publishes one copy, handled once', () => {
    const model = buildModel({
      transport: 'rmq',
      services: [
        {
          id: 'orders',
          options: { queue: 'shared_q' },
          handlers: [{ pattern: 'order_created', kind: 'event' }],
        },
        {
          id: 'billing',
          options: { queue: 'shared_q' },
          handlers: [{ pattern: 'order_created', kind: 'event' }],
        },
      ],
      routes: [{ path: '/orders', emit: 'order_created', to: ['orders', 'billing'] }],
      script: [{ at: 0, command: { type: 'http', route: 'POST /orders', count: 1, everyMs: 0 } }],
    });
    const { sim, trace } = run(model);
    sim.runUntil(5000);
    expect(ofType(trace, 'broker.enqueued')).toHaveLength(1);
    expect(ofType(trace, 'handler.done')).toHaveLength(1);
    expect(sim.snapshot().queues).toEqual([
      { name: 'shared_q', kind: 'queue', ready: 0, unacked: 0, consumers: 2, persistent: 0 },
    ]);
  });

  it('the queue view counts ready, unacked, consumers and persistent messages', () => {
    // prefetch 1 and no ack: the only consumer keeps r1 unacked, r2 and r3 wait (persistent).
    const r = rmq({
      options: { prefetchCount: 1, persistent: true },
      handler: { ack: false },
      script: [http(0, 3, 10)],
      until: 2000,
    });
    expect(r.sim.snapshot().queues).toEqual([
      { name: 'orders_queue', kind: 'queue', ready: 2, unacked: 1, consumers: 1, persistent: 2 },
    ]);
  });

  it('a dead-letter queue is declared at start-up, empty, next to its queue', () => {
    const r = rmq({ options: { deadLetterAfter: 2 }, script: [], until: 0 });
    expect(r.sim.snapshot().queues.map((q) => [q.name, q.ready, q.consumers])).toEqual([
      ['orders_queue', 0, 1],
      ['orders_queue.dlq', 0, 0],
    ]);
  });

  it('with noAck (the default) prefetchCount does not cap deliveries', () => {
    const r = rmq({
      options: { noAck: true, prefetchCount: 1 },
      handler: { latency: { mean: 1000, jitter: 0 } },
      script: [http(0, 3, 10)],
      until: 500,
    });
    expect(r.sim.snapshot().queues[0]).toMatchObject({ ready: 0, unacked: 0 });
    expect(ofType(r.trace, 'message.delivered')).toHaveLength(3);
  });

  it('a server without a queue consumes nothing; a service with a queue still gets its messages', () => {
    const model = buildModel({
      transport: 'rmq',
      services: [
        { id: 'orders', options: {}, handlers: [{ pattern: 'get_order', kind: 'request' }] },
        {
          id: 'billing',
          options: { queue: 'billing_q' },
          handlers: [{ pattern: 'charge', kind: 'request' }],
        },
      ],
      routes: [
        { path: '/orders/:id', send: 'get_order', to: 'orders' },
        { path: '/charge', method: 'POST', send: 'charge', to: 'billing' },
      ],
      script: [
        { at: 0, command: { type: 'http', route: GET, count: 1, everyMs: 0 } },
        { at: 0, command: { type: 'http', route: 'POST /charge', count: 1, everyMs: 0 } },
      ],
    });
    const { sim, trace } = run(model);
    sim.runUntil(5000);
    expect(sim.snapshot().queues.map((q) => q.name)).toEqual(['billing_q']);
    expect(ofType(trace, 'handler.done').map((h) => h.instance)).toEqual(['billing#1']);
    expect(ofType(trace, 'message.dropped').map((d) => d.reason)).toEqual(['no-queue']);
  });

  it('a consumer leaving keeps the round-robin going over the others', () => {
    // Three consumers; orders#2 is killed at 150 ms: the rest alternate #1, #3.
    const { trace } = rmq({
      replicas: 3,
      options: { noAck: true },
      handler: { latency: { mean: 5, jitter: 0 } },
      script: [
        http(0, 3, 50),
        { at: 150, command: { type: 'kill', instance: 'orders#2' } },
        http(200, 4, 50),
      ],
    });
    expect(deliveries(trace).length).toBe(7);
    expect(
      ofType(trace, 'message.delivered')
        .filter((d) => d.t > 150)
        .map((d) => d.instance),
    ).toEqual(['orders#1', 'orders#3', 'orders#1', 'orders#3']);
  });

  it('while the broker is down nothing is delivered; persistent messages wait and go after the reconnect', () => {
    const r = rmq({
      options: { persistent: true },
      script: [
        { at: 0, command: { type: 'kill', instance: 'orders#1' } },
        http(10, 2, 10),
        { at: 200, command: { type: 'brokerDown' } },
        { at: 300, command: { type: 'restart', instance: 'orders#1' } },
        { at: 1000, command: { type: 'brokerUp' } },
      ],
      until: 4000,
    });
    // The instance is up (800 ms) but the broker is down: it waits for the reconnect tick.
    expect(r.sim.snapshot().instances[0]!.note).toBe('reconnecting');
    expect(r.sim.snapshot().queues[0]).toMatchObject({ ready: 2, persistent: 2, consumers: 0 });
    r.sim.runUntil(60_000);
    expect(deliveries(r.trace)).toEqual(['r1', 'r2']);
    expect(ofType(r.trace, 'message.delivered')[0]!.t).toBeGreaterThanOrEqual(5300);
  });

  it('a reply produced while the server is disconnected is lost (the request stays pending)', () => {
    const r = rmq({
      options: { noAck: true },
      handler: { latency: { mean: 300, jitter: 0 } },
      script: [
        http(0, 1, 0),
        { at: 100, command: { type: 'brokerDown' } },
        { at: 200, command: { type: 'brokerUp' } },
      ],
    });
    expect(ofType(r.trace, 'handler.done')).toHaveLength(1);
    expect(ofType(r.trace, 'message.dropped').map((d) => [d.reason, d.instance])).toEqual([
      ['broker-down', 'orders#1'],
    ]);
    expect(r.sim.snapshot().counters.pending).toBe(1);
  });

  it('a failing event handler with requeueOnFailure nacks it back; after deadLetterAfter it is dead-lettered', () => {
    const model = buildModel({
      transport: 'rmq',
      services: [
        {
          id: 'orders',
          options: { queue: 'q', noAck: false, deadLetterAfter: 2 },
          handlers: [
            { pattern: 'order_created', kind: 'event', ack: true, requeueOnFailure: true },
          ],
        },
      ],
      routes: [{ path: '/orders', emit: 'order_created', to: ['orders'] }],
      script: [
        { at: 0, command: { type: 'poison', route: 'POST /orders' } },
        { at: 0, command: { type: 'http', route: 'POST /orders', count: 2, everyMs: 50 } },
      ],
    });
    const { sim, trace } = run(model);
    sim.runUntil(5000);
    expect(deliveries(trace)).toEqual(['r1', 'r1*', 'r2']);
    expect(ofType(trace, 'broker.requeued')).toHaveLength(1);
    expect(ofType(trace, 'broker.deadLettered').map((d) => [d.where, d.failures])).toEqual([
      ['q.dlq', 2],
    ]);
    expect(sim.snapshot().queues).toEqual([
      { name: 'q', kind: 'queue', ready: 0, unacked: 0, consumers: 1, persistent: 0 },
      { name: 'q.dlq', kind: 'queue', ready: 1, unacked: 0, consumers: 0, persistent: 0 },
    ]);
  });

  it('a failing handler without requeueOnFailure still acks: nothing is redelivered', () => {
    const { sim, trace } = rmq({
      handler: { failureRate: 1 },
      script: [http(0, 2, 10)],
    });
    expect(deliveries(trace)).toEqual(['r1', 'r2']);
    expect(sim.snapshot().queues[0]).toMatchObject({ ready: 0, unacked: 0 });
  });

  it('an event nobody handles is dropped as `no-handler`, or as `nacked` with noAck:false', () => {
    for (const [noAck, reason] of [
      [true, 'no-handler'],
      [false, 'nacked'],
    ] as const) {
      const model = buildModel({
        transport: 'rmq',
        services: [
          {
            id: 'orders',
            options: { queue: 'q', noAck },
            handlers: [{ pattern: 'get_order', kind: 'request' }],
          },
        ],
        routes: [{ path: '/orders', emit: 'order_created', to: ['orders'] }],
        script: [{ at: 0, command: { type: 'http', route: 'POST /orders', count: 1, everyMs: 0 } }],
      });
      const { sim, trace } = run(model);
      sim.runUntil(1000);
      expect(ofType(trace, 'message.dropped').map((d) => [d.reason, d.instance])).toEqual([
        [reason, 'orders#1'],
      ]);
    }
  });
});

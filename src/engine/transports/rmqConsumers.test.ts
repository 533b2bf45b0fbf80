/**
 * RabbitMQ consumers as a learner watches them (docs/transports.md, "RabbitMQ"): the round-robin
 * when consumers come and go or are full, what `noAck: false` leaves unacked, what is on the wire,
 * and the client's and servers' reconnects around a broker restart.
 */
import { describe, expect, it } from 'vitest';
import { RMQ_CHANNEL_CLOSED } from '../nestErrors';
import { buildModel, ofType, run, type ServiceInput } from '../testkit';
import type { RouteInput } from '../testkit';
import type { ScriptStep, TraceEvent } from '../types';

const GET = 'GET /orders/:id';
const POST = 'POST /orders';

const http = (at: number, route: string, count = 1, everyMs = 0): ScriptStep => ({
  at,
  command: { type: 'http', route, count, everyMs },
});
const cmd = (at: number, command: ScriptStep['command']): ScriptStep => ({ at, command });

const ROUTES: RouteInput[] = [
  { path: '/orders/:id', send: 'get_order', to: 'orders' },
  { path: '/orders', emit: 'order_created', to: ['orders'] },
];

function orders(over: Partial<ServiceInput> = {}, latency = 10): ServiceInput {
  return {
    id: 'orders',
    options: { queue: 'orders_queue' },
    handlers: [
      { pattern: 'get_order', kind: 'request', latency: { mean: latency, jitter: 0 } },
      { pattern: 'order_created', kind: 'event', latency: { mean: latency, jitter: 0 } },
    ],
    ...over,
  };
}

function go(services: ServiceInput[], script: ScriptStep[], until = 60_000) {
  const r = run(buildModel({ transport: 'rmq', services, routes: ROUTES, script }));
  r.sim.runUntil(until);
  return r;
}

/** Who got each delivery, in order. */
const to = (trace: TraceEvent[], from = 0) =>
  ofType(trace, 'message.delivered')
    .filter((d) => d.t >= from)
    .map((d) => d.instance);
const queue = (r: ReturnType<typeof go>, name = 'orders_queue') =>
  r.sim.snapshot().queues.find((q) => q.name === name)!;

describe('rmq round-robin when consumers leave or are full', () => {
  it('a consumer before the next one leaving: the rotation goes on with the one that was next', () => {
    // r1..r3 → #1, #2, #3; #4 is next. #1 dies: #4 still gets the next message.
    const r = go(
      [orders({ replicas: 4 })],
      [
        http(0, POST, 3, 50),
        cmd(200, { type: 'kill', instance: 'orders#1' }),
        http(300, POST, 3, 50),
      ],
    );
    expect(to(r.trace, 300)).toEqual(['orders#4', 'orders#2', 'orders#3']);
  });

  it('the next consumer itself leaving: the one after it is next', () => {
    // r1, r2 → #1, #2; #3 is next and dies: #4 gets the next message.
    const r = go(
      [orders({ replicas: 4 })],
      [
        http(0, POST, 2, 50),
        cmd(200, { type: 'kill', instance: 'orders#3' }),
        http(300, POST, 3, 50),
      ],
    );
    expect(to(r.trace, 300)).toEqual(['orders#4', 'orders#1', 'orders#2']);
  });

  it('a full consumer (prefetch) is skipped and the rotation continues after the one that got it', () => {
    // prefetchCount 1, orders#1 paused: it keeps r1 unacked, so every later message skips it.
    const r = go(
      [
        orders(
          {
            replicas: 3,
            options: { queue: 'orders_queue', noAck: false, prefetchCount: 1 },
            handlers: [
              {
                pattern: 'order_created',
                kind: 'event',
                ack: true,
                latency: { mean: 10, jitter: 0 },
              },
            ],
          },
          10,
        ),
      ],
      [cmd(0, { type: 'pause', instance: 'orders#1' }), http(10, POST, 7, 50)],
    );
    expect(to(r.trace)).toEqual([
      'orders#1',
      'orders#2',
      'orders#3',
      'orders#2',
      'orders#3',
      'orders#2',
      'orders#3',
    ]);
  });
});

describe('rmq acknowledgements (noAck: false)', () => {
  const acking = (handlers: ServiceInput['handlers'], over: Partial<ServiceInput> = {}) =>
    orders({ options: { queue: 'orders_queue', noAck: false }, handlers, ...over });

  it('a request nobody handles is answered (NO_MESSAGE_HANDLER) but never acked: it stays unacked', () => {
    const r = go([acking([{ pattern: 'other', kind: 'request', ack: true }])], [http(10, GET)]);
    expect(ofType(r.trace, 'http.response').map((e) => e.status)).toEqual([500]);
    expect(queue(r)).toMatchObject({ ready: 0, unacked: 1 });
  });

  it('an event nobody handles is nacked, and the next waiting message goes to the freed consumer', () => {
    const r = go(
      [
        acking([{ pattern: 'other', kind: 'event', ack: true }], {
          options: { queue: 'orders_queue', noAck: false, prefetchCount: 1 },
        }),
      ],
      [http(10, POST, 3, 0)],
    );
    expect(ofType(r.trace, 'message.dropped').map((d) => d.reason)).toEqual([
      'nacked',
      'nacked',
      'nacked',
    ]);
    expect(queue(r)).toMatchObject({ ready: 0, unacked: 0 });
  });

  it('only the handler of the message decides the ack: an event handler without ack leaves it unacked', () => {
    const r = go(
      [
        acking([
          { pattern: 'get_order', kind: 'request', ack: true },
          { pattern: 'order_created', kind: 'event', ack: false },
        ]),
      ],
      [http(10, POST), http(20, GET)],
    );
    expect(queue(r)).toMatchObject({ ready: 0, unacked: 1 });
  });

  it('requeueOnFailure without deadLetterAfter requeues a failing message again and again', () => {
    const r = go(
      [acking([{ pattern: 'order_created', kind: 'event', ack: true, requeueOnFailure: true }])],
      [cmd(0, { type: 'poison', route: POST }), http(10, POST)],
      500,
    );
    expect(ofType(r.trace, 'broker.deadLettered')).toEqual([]);
    expect(ofType(r.trace, 'broker.requeued').length).toBeGreaterThan(3);
    expect(r.sim.snapshot().queues.map((q) => q.name)).toEqual(['orders_queue']);
  });

  it('a delivery on its way to a consumer that dies goes back to the queue and to the other consumer, once', () => {
    const services = [
      acking([{ pattern: 'order_created', kind: 'event', ack: true }], { replicas: 2 }),
    ];
    const probe = go(services, [http(10, POST)], 2000);
    const hop = ofType(probe.trace, 'hop').find((h) => h.from === 'broker' && h.to === 'orders#1')!;
    expect(hop.arriveAt - hop.t).toBeGreaterThan(1);
    const r = go(services, [
      http(10, POST),
      cmd(hop.t + 1, { type: 'kill', instance: 'orders#1' }),
    ]);
    const d = ofType(r.trace, 'message.delivered');
    expect(d.map((e) => [e.instance, e.redelivered])).toEqual([['orders#2', true]]);
    expect(ofType(r.trace, 'message.dropped')).toEqual([]);
    expect(queue(r)).toMatchObject({ ready: 0, unacked: 0 });
  });

  it('a message requeued by a dying acking consumer reaches a noAck consumer of the same queue flagged redelivered', () => {
    const r = go(
      [
        acking([
          {
            pattern: 'order_created',
            kind: 'event',
            ack: true,
            latency: { mean: 1000, jitter: 0 },
          },
        ]),
        {
          id: 'billing',
          options: { queue: 'orders_queue', noAck: true },
          handlers: [{ pattern: 'order_created', kind: 'event' }],
        },
      ],
      [http(10, POST), cmd(500, { type: 'kill', instance: 'orders#1' })],
    );
    const d = ofType(r.trace, 'message.delivered');
    expect(d.map((e) => [e.instance, e.redelivered])).toEqual([
      ['orders#1', undefined],
      ['billing#1', true],
    ]);
    // On the wire too.
    const hops = ofType(r.trace, 'hop').filter((h) => h.from === 'broker');
    expect(hops.map((h) => h.wire!.headers)).toEqual([undefined, { redelivered: true }]);
  });

  it('a failing handling that ends during a broker restart does not requeue its message a second time', () => {
    const r = go(
      [
        acking(
          [
            {
              pattern: 'order_created',
              kind: 'event',
              ack: true,
              requeueOnFailure: true,
              latency: { mean: 500, jitter: 0 },
            },
          ],
          { options: { queue: 'orders_queue', noAck: false, persistent: true } },
        ),
      ],
      [
        cmd(0, { type: 'poison', route: POST }),
        http(10, POST),
        cmd(100, { type: 'brokerDown' }),
        cmd(1000, { type: 'brokerUp' }),
      ],
      5000,
    );
    // Back in the queue once (at the restart), waiting for the reconnect at 5.1 s.
    expect(queue(r)).toMatchObject({ ready: 1, persistent: 1, unacked: 0 });
  });

  it('unacked persistent messages come back after a broker restart flagged redelivered', () => {
    const r = go(
      [
        acking(
          [
            {
              pattern: 'order_created',
              kind: 'event',
              ack: true,
              latency: { mean: 500, jitter: 0 },
            },
          ],
          {
            options: { queue: 'orders_queue', noAck: false, persistent: true },
          },
        ),
      ],
      [http(10, POST), cmd(100, { type: 'brokerDown' }), cmd(1000, { type: 'brokerUp' })],
    );
    expect(ofType(r.trace, 'message.delivered').map((e) => e.redelivered)).toEqual([
      undefined,
      true,
    ]);
  });
});

describe('rmq on the wire', () => {
  it('the delivery carries the queue and the request packet; an error reply has no id', () => {
    const r = go(
      [
        orders({
          handlers: [{ pattern: 'get_order', kind: 'request', failureRate: 1 }],
        }),
      ],
      [http(10, GET)],
    );
    const send = ofType(r.trace, 'client.send')[0]!;
    const delivery = ofType(r.trace, 'hop').find(
      (h) => h.from === 'broker' && h.to === 'orders#1',
    )!;
    expect(delivery.wire).toEqual({
      channel: 'orders_queue',
      body: { pattern: 'get_order', data: { id: 1 }, id: send.msgId },
    });
    const reply = ofType(r.trace, 'hop').find((h) => h.from === 'orders#1')!;
    expect(reply.wire!.body).toEqual({
      err: { status: 'error', message: 'boom' },
      isDisposed: true,
    });
  });

  it('a send to the empty queue name goes to the default exchange with routing key ""', () => {
    const r = go([orders({ options: {} })], [http(10, GET)], 1000);
    const hop = ofType(r.trace, 'hop').find((h) => h.to === 'broker')!;
    expect(hop.wire!.channel).toBe('(default exchange, routingKey "")');
  });
});

describe('rmq broker restarts', () => {
  it('the client traces its lost connection; a send while disconnected fails at once without reaching the broker', () => {
    const r = go([orders()], [cmd(100, { type: 'brokerDown' }), http(200, GET)], 1000);
    expect(ofType(r.trace, 'connection')).toEqual([
      { t: 100, type: 'connection', who: 'gateway', state: 'lost' },
    ]);
    expect(ofType(r.trace, 'hop').filter((h) => h.to === 'broker')).toEqual([]);
    expect(ofType(r.trace, 'message.dropped')).toEqual([]);
    expect(ofType(r.trace, 'request.error').map((e) => e.error)).toEqual([RMQ_CHANNEL_CLOSED]);
  });

  it.each([
    ['a request fails', GET, [RMQ_CHANNEL_CLOSED]],
    ['an event is only dropped', POST, []],
  ])('a publish on the wire when the broker goes down is lost: %s', (_what, route, errors) => {
    const probe = go([orders()], [http(10, route)], 1000);
    const hop = ofType(probe.trace, 'hop').find((h) => h.to === 'broker')!;
    expect(hop.arriveAt - hop.t).toBeGreaterThan(1);
    const r = go([orders()], [http(10, route), cmd(hop.t + 1, { type: 'brokerDown' })], 1000);
    expect(ofType(r.trace, 'message.dropped').map((d) => d.reason)).toEqual(['broker-down']);
    expect(ofType(r.trace, 'request.error').map((e) => e.error)).toEqual(errors);
  });

  it('back, down and back again before anyone reconnected: only the last reconnect tick counts', () => {
    const r = go(
      [orders({ replicas: 2 })],
      [
        cmd(1000, { type: 'brokerDown' }),
        cmd(2000, { type: 'brokerUp' }),
        cmd(2300, { type: 'brokerDown' }),
        cmd(2400, { type: 'brokerUp' }),
      ],
    );
    const restored = ofType(r.trace, 'connection').filter((c) => c.state === 'restored');
    expect(restored.map((c) => [c.who, c.t])).toEqual([
      ['gateway', 7400],
      ['orders#1', 7400],
      ['orders#2', 7400],
    ]);
  });

  it('only live servers reconnect, a server without a queue too; the client follows the rmq service’s reconnect time', () => {
    const r = go(
      [
        {
          id: 'payments',
          transport: 'tcp',
          options: { queue: 'payments_queue', reconnectTimeInSeconds: 1 },
          handlers: [{ pattern: 'pay', kind: 'request' }],
        },
        orders({ replicas: 2 }),
        { id: 'audit', options: {}, handlers: [{ pattern: 'order_created', kind: 'event' }] },
      ],
      [
        cmd(500, { type: 'kill', instance: 'orders#2' }),
        cmd(1000, { type: 'brokerDown' }),
        cmd(2000, { type: 'brokerUp' }),
      ],
      3000,
    );
    expect(r.sim.snapshot().queues.map((q) => q.name)).toEqual(['orders_queue']);
    expect(r.sim.snapshot().instances.find((i) => i.id === 'audit#1')!.note).toBe('reconnecting');
    r.sim.runUntil(60_000);
    const restored = ofType(r.trace, 'connection').filter((c) => c.state === 'restored');
    expect(restored.map((c) => [c.who, c.t])).toEqual([
      ['gateway', 6100],
      ['orders#1', 6100],
      ['audit#1', 6100],
    ]);
    expect(ofType(r.trace, 'server.log').filter((l) => l.instance === 'payments#1')).toEqual([]);
  });

  it('a server killed while waiting to reconnect leaves the consumers that are already back alone', () => {
    // orders#3 (scaled out after the restart) consumes at once; orders#1 dies before its reconnect
    // tick: orders#3 is still the queue's consumer.
    const r = go(
      [orders({ replicas: 2 })],
      [
        cmd(1000, { type: 'brokerDown' }),
        cmd(2000, { type: 'brokerUp' }),
        cmd(2000, { type: 'scale', service: 'orders', replicas: 3 }),
        cmd(3000, { type: 'kill', instance: 'orders#1' }),
      ],
      3100,
    );
    expect(queue(r).consumers).toBe(1);
    r.sim.runUntil(60_000);
    expect(queue(r).consumers).toBe(2);
  });
});

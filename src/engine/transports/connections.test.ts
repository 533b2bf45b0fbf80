/**
 * Connections as a learner sees them on the fan-out brokers (Redis, NATS, MQTT) and on the
 * point-to-point transports (TCP, gRPC): who subscribes next to services of another transport,
 * what is on the wire, who reconnects after a broker restart, what a dying server does to the
 * calls it holds, and streamed replies keeping their order on one connection.
 */
import { describe, expect, it } from 'vitest';
import type { TransportKind } from '../../shared';
import { CONNECTION_CLOSED } from '../nestErrors';
import { buildModel, ofType, run, type RouteInput, type ServiceInput } from '../testkit';
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
    handlers: [
      { pattern: 'get_order', kind: 'request', latency: { mean: latency, jitter: 0 } },
      { pattern: 'order_created', kind: 'event', latency: { mean: latency, jitter: 0 } },
    ],
    ...over,
  };
}

const payments = (transport: TransportKind, over: Partial<ServiceInput> = {}): ServiceInput => ({
  id: 'payments',
  transport,
  handlers: [
    { pattern: 'order_created', kind: 'event' },
    { pattern: 'charge', kind: 'request' },
  ],
  ...over,
});

function go(
  transport: TransportKind,
  services: ServiceInput[],
  script: ScriptStep[],
  until = 60_000,
  routes = ROUTES,
) {
  const r = run(buildModel({ transport, services, routes, script }));
  r.sim.runUntil(until);
  return r;
}

const restored = (trace: TraceEvent[]) =>
  ofType(trace, 'connection')
    .filter((c) => c.state === 'restored')
    .map((c) => [c.who, c.t]);

describe('fan-out brokers next to a point-to-point service', () => {
  it.each(['redis', 'nats', 'mqtt'] as const)(
    '%s: a tcp service handling the same pattern is no subscriber, has no channel and no broker logs',
    (transport) => {
      const r = go(
        transport,
        [orders(), payments('tcp')],
        [http(10, POST), cmd(100, { type: 'brokerDown' }), cmd(200, { type: 'brokerUp' })],
        50,
      );
      expect(r.sim.snapshot().queues.map((q) => [q.name, q.consumers])).toEqual([
        ['get_order', 1],
        ['order_created', 1],
      ]);
      r.sim.runUntil(60_000);
      expect(ofType(r.trace, 'message.delivered').map((d) => d.instance)).toEqual(['orders#1']);
      const logs = ofType(r.trace, 'server.log').map((l) => l.instance);
      expect(logs.length).toBeGreaterThan(0);
      expect(new Set(logs)).toEqual(new Set(['orders#1']));
    },
  );
});

describe('fan-out brokers on the wire', () => {
  it.each(['redis', 'mqtt'] as const)(
    '%s: a request carries no reply header (only NATS has one); the delivery is the packet on the channel',
    (transport) => {
      const r = go(transport, [orders()], [http(10, GET)]);
      const send = ofType(r.trace, 'client.send')[0]!;
      const toBroker = ofType(r.trace, 'hop').find((h) => h.to === 'broker')!;
      const packet = { pattern: 'get_order', data: { id: 1 }, id: send.msgId };
      expect(toBroker.wire).toEqual({ channel: 'get_order', body: packet });
      const toServer = ofType(r.trace, 'hop').find(
        (h) => h.from === 'broker' && h.to === 'orders#1',
      )!;
      expect(toServer.wire).toEqual({ channel: 'get_order', body: packet });
    },
  );

  it('nats: a queue group gets each message on one random member, not in strict alternation', () => {
    const r = go(
      'nats',
      [orders({ replicas: 2, options: { queue: 'orders-q' } })],
      [http(10, POST, 12, 20)],
    );
    const who = ofType(r.trace, 'message.delivered').map((d) => d.instance);
    expect(who).toHaveLength(12);
    expect(new Set(who)).toEqual(new Set(['orders#1', 'orders#2']));
    const alternating = who.every((w, i) => i === 0 || w !== who[i - 1]);
    expect(alternating).toBe(false);
  });
});

describe('fan-out brokers through a restart', () => {
  it.each(['redis', 'nats', 'mqtt'] as const)(
    '%s: the client traces its lost connection',
    (transport) => {
      const r = go(transport, [orders()], [cmd(100, { type: 'brokerDown' })], 1000);
      expect(ofType(r.trace, 'connection')).toEqual([
        { t: 100, type: 'connection', who: 'gateway', state: 'lost' },
      ]);
    },
  );

  it('nats: a reply produced while the server reconnects is lost (no offline queue)', () => {
    const r = go(
      'nats',
      [orders({}, 300)],
      [http(0, GET), cmd(100, { type: 'brokerDown' }), cmd(200, { type: 'brokerUp' })],
    );
    expect(ofType(r.trace, 'message.dropped').map((d) => [d.reason, d.instance])).toEqual([
      ['broker-down', 'orders#1'],
    ]);
  });

  it.each(['nats', 'mqtt'] as const)(
    '%s: back, down and back again before anyone reconnected: only the last restart counts',
    (transport) => {
      const r = go(
        transport,
        [orders()],
        [
          cmd(1000, { type: 'brokerDown' }),
          cmd(2000, { type: 'brokerUp' }),
          cmd(2300, { type: 'brokerDown' }),
          cmd(2400, { type: 'brokerUp' }),
        ],
      );
      const server = transport === 'nats' ? 2900 : 3400;
      expect(restored(r.trace)).toEqual([
        ['gateway', 2900],
        ['orders#1', server],
      ]);
    },
  );

  it('nats: a server killed during the outage does not reconnect; its restart subscribes it again', () => {
    const r = go(
      'nats',
      [orders({ replicas: 2 })],
      [
        cmd(1000, { type: 'brokerDown' }),
        cmd(1500, { type: 'kill', instance: 'orders#2' }),
        cmd(2000, { type: 'brokerUp' }),
      ],
    );
    expect(restored(r.trace)).toEqual([
      ['gateway', 2500],
      ['orders#1', 2500],
    ]);
    expect(r.sim.snapshot().queues.find((q) => q.name === 'get_order')!.consumers).toBe(1);
  });
});

describe('mqtt persistent sessions (qos 1, clean: false)', () => {
  const persistent = { qos: 1 as const, clean: false };

  it('nothing is delivered at start-up: the session starts empty', () => {
    const r = go('mqtt', [orders({ options: persistent })], [], 1000);
    expect(ofType(r.trace, 'hop')).toEqual([]);
  });

  it('a message published after the client is back but before the server re-subscribed waits in its session, not dropped', () => {
    // Broker back at 2000: client at 2500, server at 3000; the request of 2700 waits for it.
    const r = go(
      'mqtt',
      [orders({ options: persistent })],
      [cmd(1000, { type: 'brokerDown' }), cmd(2000, { type: 'brokerUp' }), http(2700, GET)],
    );
    const d = ofType(r.trace, 'message.delivered');
    expect(d.map((e) => [e.instance, e.t >= 3000])).toEqual([['orders#1', true]]);
    expect(ofType(r.trace, 'http.response').map((e) => e.status)).toEqual([200]);
    expect(ofType(r.trace, 'message.dropped')).toEqual([]);
  });

  it('after the session was delivered, a crash and restart delivers nothing more', () => {
    const r = go(
      'mqtt',
      [orders({ options: persistent })],
      [
        cmd(1000, { type: 'brokerDown' }),
        cmd(2000, { type: 'brokerUp' }),
        http(2700, GET),
        cmd(5000, { type: 'kill', instance: 'orders#1' }),
        cmd(5100, { type: 'restart', instance: 'orders#1' }),
      ],
    );
    expect(ofType(r.trace, 'message.delivered')).toHaveLength(1);
    expect(ofType(r.trace, 'hop').filter((h) => h.t >= 5000)).toEqual([]);
  });
});

describe('tcp and grpc: calls held by a server', () => {
  it('every call in progress on a server that dies fails with the closed connection', () => {
    const r = go(
      'tcp',
      [orders({}, 500)],
      [http(0, GET, 2, 10), cmd(300, { type: 'kill', instance: 'orders#1' })],
    );
    expect(ofType(r.trace, 'request.error').map((e) => e.error)).toEqual([
      CONNECTION_CLOSED,
      CONNECTION_CLOSED,
    ]);
  });

  it('a call on the wire to a server that dies fails once and is never handled', () => {
    const probe = go('tcp', [orders()], [http(0, GET)], 1000);
    const hop = ofType(probe.trace, 'hop').find((h) => h.to === 'orders#1')!;
    expect(hop.arriveAt - hop.t).toBeGreaterThan(1);
    const r = go(
      'tcp',
      [orders()],
      [http(0, GET), cmd(hop.t + 1, { type: 'kill', instance: 'orders#1' })],
    );
    expect(ofType(r.trace, 'request.error').map((e) => e.error)).toEqual([CONNECTION_CLOSED]);
    expect(ofType(r.trace, 'message.dropped')).toEqual([]);
    expect(ofType(r.trace, 'message.delivered')).toEqual([]);
  });

  it('a server that dies after answering leaves nothing behind: no late error', () => {
    const r = go(
      'tcp',
      [orders()],
      [http(0, GET), cmd(500, { type: 'kill', instance: 'orders#1' })],
    );
    expect(ofType(r.trace, 'http.response').map((e) => e.status)).toEqual([200]);
    expect(ofType(r.trace, 'message.dropped')).toEqual([]);
    expect(ofType(r.trace, 'request.error')).toEqual([]);
  });

  it('the instance that lost the port (EADDRINUSE) dying does not unbind the one that holds it', () => {
    const r = go(
      'tcp',
      [orders({ replicas: 2 })],
      [cmd(100, { type: 'kill', instance: 'orders#2' }), http(200, GET)],
    );
    expect(ofType(r.trace, 'http.response').map((e) => e.status)).toEqual([200]);
    expect(ofType(r.trace, 'handler.done').map((e) => e.instance)).toEqual(['orders#1']);
  });

  it('through a balancer the client writes to the balancer’s address', () => {
    const r = go('tcp', [orders({ options: { loadBalancer: true } })], [http(0, GET)]);
    const hop = ofType(r.trace, 'hop').find((h) => h.from === 'gateway' && h.kind === 'request')!;
    expect(hop.to).toBe('lb:orders');
    expect(hop.wire!.channel).toBe('lb:orders');
  });

  it('tcp and grpc balancers side by side: one balancer node each, no queues', () => {
    const r = go(
      'tcp',
      [
        orders({ options: { loadBalancer: true } }),
        payments('grpc', { options: { loadBalancer: true } }),
      ],
      [],
      0,
    );
    const snap = r.sim.snapshot();
    expect(snap.nodes.filter((n) => n.type === 'load-balancer').map((n) => n.id)).toEqual([
      'lb:orders',
      'lb:payments',
    ]);
    expect(snap.queues).toEqual([]);
  });
});

describe('streamed replies keep their order on one connection', () => {
  it.each([
    ['direct', {}],
    ['through a balancer', { loadBalancer: true }],
  ])('tcp %s: 40 values arrive 1..40, in order, for each of three calls', (_what, options) => {
    const r = go(
      'tcp',
      [
        orders({
          options,
          handlers: [
            { pattern: 'get_order', kind: 'request', latency: { mean: 5, jitter: 0 }, stream: 40 },
          ],
        }),
      ],
      [
        // A jittery network: without one FIFO connection the packets would overtake each other.
        cmd(0, { type: 'latency', link: ['orders', 'gateway'], addMs: 20, jitterMs: 15 }),
        cmd(0, { type: 'latency', link: ['orders', 'lb:orders'], addMs: 20, jitterMs: 15 }),
        cmd(0, { type: 'latency', link: ['lb:orders', 'gateway'], addMs: 20, jitterMs: 15 }),
        http(0, GET, 3, 1),
      ],
    );
    const completed = ofType(r.trace, 'reply.received').filter((e) => e.more === false);
    const all = Array.from({ length: 40 }, (_, i) => i + 1);
    expect(completed.map((e) => e.values)).toEqual([all, all, all]);
  });
});

/**
 * Redis, NATS and MQTT (docs/transports.md): who receives a message (every subscriber, one
 * member per group), what the channel view shows, and the Redis client's late-reply log.
 */
import { describe, expect, it } from 'vitest';
import type { TransportKind } from '../../shared';
import { buildModel, ofType, run, type ServiceInput } from '../testkit';
import type { ScriptStep, TraceEvent, TransportOptions } from '../types';

const GET = 'GET /orders/:id';
const POST = 'POST /orders';

function pubsub(opts: {
  transport: TransportKind;
  options?: TransportOptions;
  replicas?: number;
  requestPattern?: string;
  eventPattern?: string;
  latency?: number;
  extra?: ServiceInput[];
  emitTo?: string[];
  script: ScriptStep[];
  until?: number;
}) {
  const model = buildModel({
    transport: opts.transport,
    services: [
      {
        id: 'orders',
        replicas: opts.replicas ?? 2,
        options: opts.options ?? {},
        handlers: [
          {
            pattern: opts.requestPattern ?? 'get_order',
            kind: 'request',
            latency: { mean: opts.latency ?? 10, jitter: 0 },
          },
          { pattern: opts.eventPattern ?? 'order_created', kind: 'event' },
        ],
      },
      ...(opts.extra ?? []),
    ],
    routes: [
      { path: '/orders/:id', send: 'get_order', to: 'orders' },
      { path: '/orders', emit: 'order_created', to: opts.emitTo ?? ['orders'] },
    ],
    script: opts.script,
  });
  const r = run(model);
  r.sim.runUntil(opts.until ?? 60_000);
  return r;
}
const http = (at: number, route: string, count = 1, everyMs = 0): ScriptStep => ({
  at,
  command: { type: 'http', route, count, everyMs },
});
const cmd = (at: number, command: ScriptStep['command']): ScriptStep => ({ at, command });
const handled = (trace: TraceEvent[]) => ofType(trace, 'handler.done').map((e) => e.instance);

describe('groups', () => {
  it('mqtt $share: one group across two services alternates over all their instances', () => {
    const { trace } = pubsub({
      transport: 'mqtt',
      replicas: 1,
      eventPattern: '$share/g/order_created',
      extra: [{ id: 'audit', handlers: [{ pattern: '$share/g/order_created', kind: 'event' }] }],
      emitTo: ['orders', 'audit'],
      script: [http(0, POST, 4, 50)],
    });
    expect(handled(trace)).toEqual(['orders#1', 'audit#1', 'orders#1', 'audit#1']);
  });

  it('mqtt: a $share group and a plain subscriber of the same topic each get every event', () => {
    const { trace } = pubsub({
      transport: 'mqtt',
      replicas: 2,
      eventPattern: '$share/g/order_created',
      extra: [{ id: 'audit', handlers: [{ pattern: 'order_created', kind: 'event' }] }],
      script: [http(0, POST, 2, 50)],
    });
    expect(handled(trace)).toEqual(['audit#1', 'orders#1', 'audit#1', 'orders#2']);
  });

  it('nats queue group: every request handled by exactly one member, both members get some', () => {
    const { sim, trace } = pubsub({
      transport: 'nats',
      replicas: 3,
      options: { queue: 'workers' },
      script: [http(0, GET, 30, 20)],
    });
    const who = handled(trace);
    expect(who).toHaveLength(30);
    expect(new Set(who).size).toBe(3);
    expect(sim.snapshot().counters.duplicates).toBe(0);
  });

  it('nats: an empty queue option is no queue group (every instance gets everything)', () => {
    const { trace } = pubsub({
      transport: 'nats',
      options: { queue: '' },
      script: [http(0, POST)],
    });
    expect(handled(trace).sort()).toEqual(['orders#1', 'orders#2']);
  });

  it('a down group member is skipped: the live one gets every message', () => {
    const { trace } = pubsub({
      transport: 'mqtt',
      eventPattern: '$share/g/order_created',
      script: [cmd(0, { type: 'kill', instance: 'orders#2' }), http(10, POST, 3, 50)],
    });
    expect(handled(trace)).toEqual(['orders#1', 'orders#1', 'orders#1']);
  });
});

describe('channel view', () => {
  it('redis: one channel per handler pattern with its connected subscribers', () => {
    const r = pubsub({
      transport: 'redis',
      options: { retryAttempts: 5, retryDelay: 1000 },
      script: [
        cmd(0, { type: 'kill', instance: 'orders#2' }),
        cmd(100, { type: 'brokerDown' }),
        cmd(200, { type: 'brokerUp' }),
      ],
      until: 50,
    });
    expect(r.sim.snapshot().queues).toEqual([
      { name: 'get_order', kind: 'channel', ready: 0, unacked: 0, consumers: 1 },
      { name: 'order_created', kind: 'channel', ready: 0, unacked: 0, consumers: 1 },
    ]);
    r.sim.runUntil(500); // reconnecting: not subscribed
    expect(r.sim.snapshot().queues.map((q) => q.consumers)).toEqual([0, 0]);
    r.sim.runUntil(2000);
    expect(r.sim.snapshot().queues.map((q) => q.consumers)).toEqual([1, 1]);
  });

  it('nats subjects and mqtt topics are named by the handler pattern', () => {
    const nats = pubsub({ transport: 'nats', script: [], until: 0 });
    expect(nats.sim.snapshot().queues.map((q) => [q.name, q.kind, q.consumers])).toEqual([
      ['get_order', 'subject', 2],
      ['order_created', 'subject', 2],
    ]);
    const mqtt = pubsub({
      transport: 'mqtt',
      eventPattern: '$share/g/order_created',
      script: [],
      until: 0,
    });
    expect(mqtt.sim.snapshot().queues.map((q) => [q.name, q.kind])).toEqual([
      ['get_order', 'topic'],
      ['$share/g/order_created', 'topic'],
    ]);
  });
});

describe('redis replies', () => {
  it('the losing reply of the last pending request is dropped silently (no client log)', () => {
    const { trace } = pubsub({ transport: 'redis', script: [http(0, GET)] });
    expect(ofType(trace, 'client.log')).toEqual([]);
    expect(ofType(trace, 'message.dropped').map((d) => d.reason)).toEqual(['late-reply']);
  });

  it('a losing reply while another request of the pattern is pending is logged with its id', () => {
    // Two requests 100 ms apart, 200 ms handlers: r1's losing reply arrives while r2 is pending;
    // r2's losing reply arrives when nothing is pending any more.
    const { trace } = pubsub({ transport: 'redis', latency: 200, script: [http(0, GET, 2, 100)] });
    const sends = ofType(trace, 'client.send').map((s) => s.msgId);
    const lines = ofType(trace, 'client.log');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ who: 'gateway', level: 'DEBUG' });
    expect(lines[0]!.text).toBe(
      `[ClientProxy] No matching callback found for Redis response packet with id: ${sends[0]}`,
    );
  });

  it('a request reply travels on <pattern>.reply through the broker, and the event is not answered', () => {
    const { trace } = pubsub({
      transport: 'redis',
      replicas: 1,
      script: [http(0, GET), http(0, POST)],
    });
    const replies = ofType(trace, 'hop').filter((h) => h.kind === 'reply');
    expect(replies.map((h) => `${h.from}>${h.to} ${h.wire!.channel}`)).toEqual([
      'orders#1>broker get_order.reply',
      'broker>gateway get_order.reply',
    ]);
  });
});

describe('nats no responders', () => {
  it('the empty response comes back from the broker within a hop, as an error token', () => {
    const { trace } = pubsub({
      transport: 'nats',
      script: [cmd(0, { type: 'killService', service: 'orders' }), http(10, GET)],
    });
    const err = ofType(trace, 'hop').filter((h) => h.kind === 'error');
    // broker → gateway (the no-responders status), then the gateway's HTTP 500 to the client.
    expect(err.map((h) => `${h.from}>${h.to}`)).toEqual(['broker>gateway', 'gateway>client']);
    expect(ofType(trace, 'http.response').map((r) => r.status)).toEqual([500]);
  });

  it('an event nobody subscribed to gets no error: 201, one drop', () => {
    const { trace } = pubsub({
      transport: 'nats',
      script: [cmd(0, { type: 'killService', service: 'orders' }), http(10, POST)],
    });
    expect(ofType(trace, 'hop').filter((h) => h.kind === 'error')).toEqual([]);
    expect(ofType(trace, 'http.response').map((r) => r.status)).toEqual([201]);
    expect(ofType(trace, 'message.dropped').map((d) => d.reason)).toEqual(['no-subscribers']);
  });
});

/**
 * Kafka consumer groups, offsets and outages as docs/transports.md ("Kafka") states them: what a
 * learner sees in the topic view, who owns which partition, when records are handled again.
 */
import { describe, expect, it } from 'vitest';
import { KAFKA_CONNECTION_ERROR } from '../nestErrors';
import { buildModel, ofType, run, type ServiceInput } from '../testkit';
import type { ScriptStep, TraceEvent, TransportOptions } from '../types';

const GET = 'GET /orders/:id';
const POST = 'POST /orders';

function kafka(opts: {
  options?: TransportOptions;
  replicas?: number;
  latency?: number;
  extra?: ServiceInput[];
  emitTo?: string[];
  script: ScriptStep[];
  until?: number;
}) {
  const model = buildModel({
    transport: 'kafka',
    services: [
      {
        id: 'orders',
        replicas: opts.replicas ?? 1,
        options: opts.options ?? {},
        handlers: [
          {
            pattern: 'get_order',
            kind: 'request',
            latency: { mean: opts.latency ?? 10, jitter: 0 },
          },
          {
            pattern: 'order_created',
            kind: 'event',
            latency: { mean: opts.latency ?? 10, jitter: 0 },
          },
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
const topic = (r: ReturnType<typeof kafka>, name: string) =>
  r.sim.snapshot().queues.find((q) => q.name === name)!;
const statuses = (trace: TraceEvent[]) => ofType(trace, 'http.response').map((e) => e.status);

describe('kafka topic view', () => {
  it('while a record is being handled it is unacked, the rest of the backlog is ready', () => {
    // One member, 1 partition, 1 s handlers: 4 events are in the log, one in hand.
    const r = kafka({ latency: 1000, script: [http(0, POST, 4, 10)], until: 500 });
    const t = topic(r, 'order_created');
    expect(t).toMatchObject({ kind: 'topic', ready: 3, unacked: 1, consumers: 1 });
    expect(t.partitions).toEqual([
      { id: 0, end: 4, committed: { 'orders-server': 0 }, owner: { 'orders-server': 'orders#1' } },
    ]);
    r.sim.runUntil(60_000);
    expect(topic(r, 'order_created')).toMatchObject({ ready: 0, unacked: 0 });
    expect(topic(r, 'order_created').partitions![0]!.committed).toEqual({ 'orders-server': 4 });
  });

  it('ready counts what the slowest group has not committed; a crashed member owns its partition until the session timeout', () => {
    // notifications crashed: its group has committed nothing, orders has committed all 3.
    const r = kafka({
      extra: [{ id: 'notifications', handlers: [{ pattern: 'order_created', kind: 'event' }] }],
      emitTo: ['orders', 'notifications'],
      script: [cmd(0, { type: 'kill', instance: 'notifications#1' }), http(10, POST, 3, 10)],
      until: 5000,
    });
    const t = topic(r, 'order_created');
    expect(t.partitions![0]!.committed).toEqual({ 'orders-server': 3, 'notifications-server': 0 });
    expect(t).toMatchObject({ ready: 3, unacked: 0, consumers: 2 });
    expect(t.partitions![0]!.owner).toEqual({
      'orders-server': 'orders#1',
      'notifications-server': 'notifications#1',
    });
    r.sim.runUntil(31_000);
    const later = topic(r, 'order_created');
    expect(later).toMatchObject({ ready: 3, consumers: 1 });
    expect(later.partitions![0]!.owner).toEqual({ 'orders-server': 'orders#1' });
  });

  it('every commit is traced with its group, topic, partition and next offset', () => {
    const { trace } = kafka({ script: [http(0, POST, 2, 50)] });
    expect(
      ofType(trace, 'offset.commit').map((c) => [c.group, c.topic, c.partition, c.offset]),
    ).toEqual([
      ['orders-server', 'order_created', 0, 1],
      ['orders-server', 'order_created', 0, 2],
    ]);
    const where = ofType(trace, 'broker.enqueued').map((e) => [e.where, e.depth]);
    expect(where).toEqual([
      ['order_created[0]@0', 1],
      ['order_created[0]@1', 2],
    ]);
  });

  it('the partitions option is the largest over the services that handle the pattern', () => {
    const r = kafka({
      options: { partitions: 2 },
      extra: [
        {
          id: 'notifications',
          options: { partitions: 5 },
          handlers: [{ pattern: 'order_created', kind: 'event' }],
        },
      ],
      script: [],
      until: 0,
    });
    expect(topic(r, 'order_created').partitions).toHaveLength(5);
    expect(topic(r, 'get_order').partitions).toHaveLength(2);
  });

  it('a fractional or missing partitions option counts as whole partitions, at least 1', () => {
    expect(
      topic(kafka({ options: { partitions: 3.7 }, script: [], until: 0 }), 'get_order').partitions,
    ).toHaveLength(3);
    expect(
      topic(kafka({ options: { partitions: 0 }, script: [], until: 0 }), 'get_order').partitions,
    ).toHaveLength(1);
  });
});

describe('kafka group membership', () => {
  it('range assignment: 5 partitions over 2 members → orders#1 gets 0–2, orders#2 gets 3–4', () => {
    const r = kafka({ replicas: 2, options: { partitions: 5 }, script: [], until: 0 });
    const owners = topic(r, 'get_order').partitions!.map((p) => p.owner['orders-server']);
    expect(owners).toEqual(['orders#1', 'orders#1', 'orders#1', 'orders#2', 'orders#2']);
  });

  it('members sort by index: a restarted orders#1 rejoins ahead of orders#2 in the range order', () => {
    const r = kafka({
      replicas: 2,
      options: { partitions: 2 },
      script: [
        cmd(100, { type: 'scale', service: 'orders', replicas: 1 }),
        cmd(1000, { type: 'scale', service: 'orders', replicas: 2 }),
      ],
      until: 3000,
    });
    const rb = ofType(r.trace, 'group.rebalance').filter((e) => e.phase === 'done');
    expect(rb.at(-1)!.assignment).toEqual({
      'get_order[0]': 'orders#1',
      'get_order[1]': 'orders#2',
      'order_created[0]': 'orders#1',
      'order_created[1]': 'orders#2',
    });
  });

  it('while the group rebalances no partition has an owner and no instance is idle', () => {
    const r = kafka({
      replicas: 1,
      options: { partitions: 1 },
      script: [cmd(0, { type: 'scale', service: 'orders', replicas: 3 })],
      until: 600, // the joins at 500 started a 300 ms rebalance
    });
    expect(topic(r, 'get_order').partitions![0]!.owner).toEqual({});
    expect(topic(r, 'get_order').consumers).toBe(0);
    expect(r.sim.snapshot().instances.map((i) => i.idle ?? false)).toEqual([false, false, false]);
    r.sim.runUntil(2000);
    expect(r.sim.snapshot().instances.map((i) => i.idle ?? false)).toEqual([false, true, true]);
    expect(r.sim.snapshot().instances[1]!.note).toBe('no partition');
  });

  it('a crashed member’s partitions stall until the session timeout, then move to the survivor', () => {
    const r = kafka({
      replicas: 2,
      options: { partitions: 2 },
      script: [
        cmd(100, { type: 'kill', instance: 'orders#2' }),
        // Round-robin: requests 1 and 3 go to partition 0 (orders#1), 2 and 4 to partition 1.
        http(200, GET, 4, 10),
      ],
    });
    const done = ofType(r.trace, 'handler.done');
    expect(done.filter((d) => d.t < 30_000).map((d) => d.instance)).toEqual([
      'orders#1',
      'orders#1',
    ]);
    expect(done.filter((d) => d.t >= 30_100 + 300).map((d) => d.instance)).toEqual([
      'orders#1',
      'orders#1',
    ]);
    const rb = ofType(r.trace, 'group.rebalance');
    expect(rb.map((e) => [e.phase, e.t])).toEqual([
      ['start', 30_100],
      ['done', 30_400],
    ]);
  });

  it('a crashed member that restarts before the session timeout rejoins: no second rebalance at the timeout', () => {
    const r = kafka({
      replicas: 2,
      options: { partitions: 2 },
      script: [
        cmd(100, { type: 'kill', instance: 'orders#2' }),
        cmd(200, { type: 'restart', instance: 'orders#2' }),
      ],
    });
    const starts = ofType(r.trace, 'group.rebalance').filter((e) => e.phase === 'start');
    expect(starts.map((e) => e.t)).toEqual([700]);
  });
});

describe('kafka broker outage', () => {
  it('while the broker is down send and emit fail with KafkaJSConnectionError; servers log it', () => {
    const { trace } = kafka({
      script: [cmd(100, { type: 'brokerDown' }), http(200, GET), http(200, POST)],
      until: 5000,
    });
    expect(ofType(trace, 'request.error').map((e) => e.error)).toEqual([
      KAFKA_CONNECTION_ERROR,
      KAFKA_CONNECTION_ERROR,
    ]);
    expect(statuses(trace).sort()).toEqual([500, 500]);
    expect(ofType(trace, 'server.log').map((l) => `${l.instance} ${l.level} ${l.text}`)).toEqual([
      `orders#1 ERROR ${KAFKA_CONNECTION_ERROR}`,
    ]);
  });

  it('clients reconnect 600 ms after the broker is back; each group rebalances, then consumes', () => {
    const { trace } = kafka({
      script: [
        cmd(100, { type: 'brokerDown' }),
        cmd(1000, { type: 'brokerUp' }),
        http(1500, GET), // before the reconnect: still refused
        http(1700, GET),
      ],
    });
    const conn = ofType(trace, 'connection').map((c) => [c.who, c.state, c.t]);
    expect(conn).toEqual([
      ['gateway', 'lost', 100],
      ['gateway', 'restored', 1600],
    ]);
    expect(ofType(trace, 'group.rebalance').map((e) => [e.phase, e.t])).toEqual([
      ['start', 1600],
      ['done', 1900],
    ]);
    expect(statuses(trace)).toEqual([500, 200]);
  });

  it('a record in hand when the broker goes down is handled again (its commit failed)', () => {
    const { sim, trace } = kafka({
      latency: 500,
      script: [http(0, POST), cmd(200, { type: 'brokerDown' }), cmd(1000, { type: 'brokerUp' })],
    });
    const d = ofType(trace, 'message.delivered');
    expect(d.map((x) => [x.offset, x.redelivered ?? false])).toEqual([
      [0, false],
      [0, true],
    ]);
    expect(ofType(trace, 'offset.commit').map((c) => [c.offset, c.t > 1900])).toEqual([[1, true]]);
    expect(sim.snapshot().counters.duplicates).toBe(1);
  });

  it('a broker that goes down again before the clients reconnect keeps them disconnected', () => {
    const { trace } = kafka({
      script: [
        cmd(100, { type: 'brokerDown' }),
        cmd(1000, { type: 'brokerUp' }),
        cmd(1300, { type: 'brokerDown' }),
        http(2000, GET),
      ],
    });
    expect(ofType(trace, 'connection').filter((c) => c.state === 'restored')).toEqual([]);
    expect(statuses(trace)).toEqual([500]);
  });

  it('a member that crashed during the outage is dropped from the group when the broker is back', () => {
    const { trace } = kafka({
      replicas: 2,
      options: { partitions: 2 },
      script: [
        cmd(100, { type: 'brokerDown' }),
        cmd(200, { type: 'kill', instance: 'orders#2' }),
        cmd(31_000, { type: 'brokerUp' }),
        http(32_000, GET, 2, 10),
      ],
    });
    const done = ofType(trace, 'group.rebalance').filter((e) => e.phase === 'done');
    expect(done.at(-1)!.assignment).toEqual({
      'get_order[0]': 'orders#1',
      'get_order[1]': 'orders#1',
      'order_created[0]': 'orders#1',
      'order_created[1]': 'orders#1',
    });
    expect(ofType(trace, 'handler.done').map((h) => h.instance)).toEqual(['orders#1', 'orders#1']);
  });
});

describe('kafka long logs', () => {
  it('past 2048 records (the log is trimmed in memory) every record is handled once, in order, with absolute offsets — also after a restart', () => {
    const r = kafka({
      latency: 1,
      script: [
        http(10, POST, 2100, 10),
        cmd(20_500, { type: 'kill', instance: 'orders#1' }),
        cmd(20_600, { type: 'restart', instance: 'orders#1' }),
      ],
    });
    // The log order (append order at the broker); the client's order can differ by jitter.
    const log = ofType(r.trace, 'broker.enqueued').map((e) => e.msgId);
    const done = ofType(r.trace, 'handler.done').map((d) => d.msgId);
    expect(new Set(log).size).toBe(2100);
    expect(done).toEqual(log);
    const p = topic(r, 'order_created').partitions![0]!;
    expect(p).toMatchObject({ end: 2100, committed: { 'orders-server': 2100 } });
    const offsets = ofType(r.trace, 'message.delivered').map((d) => d.offset);
    expect(offsets).toEqual(Array.from({ length: 2100 }, (_, i) => i));
  });
});

describe('kafka replies and records on the wire', () => {
  it('a failing handler replies on <pattern>.reply with the error and a kafka_nest-err header', () => {
    const model = buildModel({
      transport: 'kafka',
      services: [
        {
          id: 'orders',
          handlers: [
            {
              pattern: 'get_order',
              kind: 'request',
              failureRate: 1,
              failure: { type: 'rpc', message: 'boom' },
            },
          ],
        },
      ],
      routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
      script: [http(0, GET)],
    });
    const { sim, trace } = run(model);
    sim.runUntil(5000);
    const rep = ofType(trace, 'hop').filter((h) => h.kind === 'error' && h.from !== 'gateway');
    expect(rep).toHaveLength(2);
    expect(rep[1]!.wire).toEqual({
      channel: 'get_order.reply',
      body: { key: null, value: { err: { status: 'error', message: 'boom' }, isDisposed: true } },
      headers: {
        kafka_correlationId: rep[1]!.msgId,
        kafka_replyPartition: '0',
        'kafka_nest-is-disposed': '1',
        'kafka_nest-err': 'boom',
      },
    });
    expect(ofType(trace, 'request.error').map((e) => e.error)).toEqual([
      { status: 'error', message: 'boom' },
    ]);
  });

  it('a successful reply carries the response and no kafka_nest-err header', () => {
    const { trace } = kafka({ script: [http(0, GET)] });
    const rep = ofType(trace, 'hop').find((h) => h.kind === 'reply' && h.to === 'gateway')!;
    expect(rep.wire!.body).toEqual({
      key: null,
      value: {
        response: { pattern: 'get_order', handledBy: 'orders#1', data: { id: 1 } },
        isDisposed: true,
      },
    });
    expect(rep.wire!.headers).not.toHaveProperty('kafka_nest-err');
  });

  it('a record lost on its way to the consumer by a broker outage is fetched again after it', () => {
    // +500 ms on broker↔orders: the record is on the wire when the broker goes down.
    const { trace } = kafka({
      script: [
        cmd(0, { type: 'latency', link: ['broker', 'orders'], addMs: 500, jitterMs: 0 }),
        http(10, POST),
        cmd(300, { type: 'brokerDown' }),
        cmd(1000, { type: 'brokerUp' }),
      ],
    });
    const d = ofType(trace, 'message.delivered');
    expect(d.map((x) => [x.offset, x.redelivered ?? false])).toEqual([[0, true]]);
    expect(d[0]!.t).toBeGreaterThan(1900);
    expect(ofType(trace, 'handler.done')).toHaveLength(1);
  });

  it('a reply sent to the broker while it is down arrives if the broker is back by then', () => {
    // +500 ms on broker↔orders. The record reaches orders#1 at ~530 ms; the broker stops at 600,
    // the handler replies at ~630 (its commit fails), the broker is back at 700 and the reply
    // reaches it at ~1140: the client is answered then, long before the record's redelivery.
    const { trace } = kafka({
      latency: 100,
      script: [
        cmd(0, { type: 'latency', link: ['broker', 'orders'], addMs: 500, jitterMs: 0 }),
        http(0, GET),
        cmd(600, { type: 'brokerDown' }),
        cmd(700, { type: 'brokerUp' }),
      ],
    });
    const res = ofType(trace, 'http.response');
    expect(res.map((r) => r.status)).toEqual([200]);
    expect(res[0]!.t).toBeLessThan(1300);
  });
});

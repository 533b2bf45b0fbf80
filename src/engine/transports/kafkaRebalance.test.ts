/**
 * Kafka consumer groups in motion (docs/transports.md, "Kafka"): which member owns a partition
 * after a join or a leave, what happens to a record in flight or in hand while the group
 * rebalances, what a broker outage does to the group, and a long log with a lagging group.
 */
import { describe, expect, it } from 'vitest';
import { KAFKA_CONNECTION_ERROR, kafkaNotSubscribed } from '../nestErrors';
import { buildModel, ofType, run, type ServiceInput } from '../testkit';
import type { ScriptStep, SimModel, TraceEvent, TransportOptions } from '../types';

const GET = 'GET /orders/:id';
const POST = 'POST /orders';

const http = (at: number, route: string, count = 1, everyMs = 0): ScriptStep => ({
  at,
  command: { type: 'http', route, count, everyMs },
});
const cmd = (at: number, command: ScriptStep['command']): ScriptStep => ({ at, command });

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

function model(services: ServiceInput[], script: ScriptStep[], options?: TransportOptions) {
  return buildModel({
    transport: 'kafka',
    ...(options ? { options } : {}),
    services,
    routes: [
      { path: '/orders/:id', send: 'get_order', to: 'orders' },
      { path: '/orders', emit: 'order_created', to: ['orders'] },
    ],
    script,
  });
}

function go(m: SimModel, until = 60_000) {
  const r = run(m);
  r.sim.runUntil(until);
  return r;
}

const topic = (r: ReturnType<typeof go>, name: string) =>
  r.sim.snapshot().queues.find((q) => q.name === name)!;
const handledBy = (trace: TraceEvent[], pattern: string) =>
  ofType(trace, 'handler.done')
    .filter((d) => d.pattern === pattern)
    .map((d) => d.instance);
const rebalances = (trace: TraceEvent[]) =>
  ofType(trace, 'group.rebalance').map((e) => `${e.phase}@${e.t}`);

describe('kafka: one consumer group made of two services (same groupId)', () => {
  const audit: ServiceInput = {
    id: 'audit',
    options: { groupId: 'shop' },
    handlers: [{ pattern: 'order_created', kind: 'event' }],
  };
  const shopOrders = orders({ options: { groupId: 'shop' } });

  it.each([
    ['orders first in the model', [shopOrders, audit]],
    ['audit first in the model', [audit, shopOrders]],
  ])(
    '%s: members are sorted by service id, and only members handling a topic get its partitions',
    (_what, services) => {
      const r = go(model(services, [http(1000, POST, 2, 50), http(1200, GET)]));
      // audit#1 < orders#1: the group's one order_created partition is audit's.
      expect(handledBy(r.trace, 'order_created')).toEqual(['audit#1', 'audit#1']);
      // audit does not handle get_order: that topic's partition stays with orders#1.
      expect(handledBy(r.trace, 'get_order')).toEqual(['orders#1']);
      expect(ofType(r.trace, 'http.response').map((e) => e.status)).toEqual([201, 201, 200]);
      expect(
        r.sim
          .snapshot()
          .queues.map((q) => q.name)
          .sort(),
      ).toEqual(['get_order', 'order_created']);
      expect(topic(r, 'order_created').partitions![0]!.owner).toEqual({ 'shop-server': 'audit#1' });
      expect(topic(r, 'get_order').partitions![0]!.owner).toEqual({ 'shop-server': 'orders#1' });
    },
  );

  it('a member joining takes over a record in hand: handled again, committed once, the late finish does not free the partition', () => {
    // orders#1 (1 s handler) has offset 0 in hand when audit#1 joins and, first by id, owns the
    // partition: the group resumes from the committed offset 0 on audit#1 (at-least-once).
    const r = go(
      model(
        [
          orders({ options: { groupId: 'shop' } }, 1000),
          {
            ...audit,
            replicas: 0,
            handlers: [
              { pattern: 'order_created', kind: 'event', latency: { mean: 200, jitter: 0 } },
            ],
          },
        ],
        [http(0, POST, 3, 10), cmd(100, { type: 'scale', service: 'audit', replicas: 1 })],
      ),
    );
    const delivered = ofType(r.trace, 'message.delivered').map((d) => [d.instance, d.offset]);
    expect(delivered).toEqual([
      ['orders#1', 0],
      ['audit#1', 0],
      ['audit#1', 1],
      ['audit#1', 2],
    ]);
    // audit handles one record at a time: each delivery after the previous handling ended.
    const audits = ofType(r.trace, 'message.delivered').filter((d) => d.instance === 'audit#1');
    const ends = ofType(r.trace, 'handler.done').filter((d) => d.instance === 'audit#1');
    expect(audits[1]!.t).toBeGreaterThanOrEqual(ends[0]!.t);
    expect(audits[2]!.t).toBeGreaterThanOrEqual(ends[1]!.t);
    expect(ofType(r.trace, 'offset.commit').map((c) => c.offset)).toEqual([1, 2, 3]);
    // orders#1's late finish neither commits nor starts another delivery.
    expect(handledBy(r.trace, 'order_created').slice(0, 2)).toEqual(['orders#1', 'audit#1']);
  });
});

describe('kafka: members of one service', () => {
  it('a member back after its session timed out rejoins at the end of the list but owns by index order again', () => {
    const r = go(
      model(
        [orders({ replicas: 2 })],
        [
          cmd(1000, { type: 'kill', instance: 'orders#1' }),
          cmd(32_000, { type: 'restart', instance: 'orders#1' }),
          http(35_000, POST, 2, 50),
        ],
      ),
    );
    expect(handledBy(r.trace, 'order_created')).toEqual(['orders#1', 'orders#1']);
    const nodes = r.sim.snapshot().instances;
    expect(nodes.find((n) => n.id === 'orders#2')).toMatchObject({
      idle: true,
      note: 'no partition',
    });
  });

  it('a member restarted before its session timed out is still one member (one partition each)', () => {
    const r = go(
      model(
        [orders({ replicas: 2 })],
        [
          cmd(1000, { type: 'kill', instance: 'orders#1' }),
          cmd(1100, { type: 'restart', instance: 'orders#1' }),
          http(3000, POST, 4, 50),
        ],
        { partitions: 2 },
      ),
    );
    expect(handledBy(r.trace, 'order_created').sort()).toEqual([
      'orders#1',
      'orders#1',
      'orders#2',
      'orders#2',
    ]);
    const done = ofType(r.trace, 'group.rebalance').filter((e) => e.phase === 'done');
    expect(done.at(-1)!.assignment).toEqual({
      'get_order[0]': 'orders#1',
      'get_order[1]': 'orders#2',
      'order_created[0]': 'orders#1',
      'order_created[1]': 'orders#2',
    });
  });

  it('two members joining at once: two rebalances start, only the last one completes', () => {
    const r = go(model([orders()], [cmd(1000, { type: 'scale', service: 'orders', replicas: 3 })]));
    expect(rebalances(r.trace)).toEqual(['start@1500', 'start@1500', 'done@1800']);
  });

  it('a handling that survives a rebalance on the same owner is not delivered again', () => {
    const r = go(
      model(
        [orders({}, 2000)],
        [http(100, POST), cmd(200, { type: 'scale', service: 'orders', replicas: 2 })],
      ),
    );
    expect(rebalances(r.trace)).toEqual(['start@700', 'done@1000']);
    expect(ofType(r.trace, 'message.delivered')).toHaveLength(1);
    expect(handledBy(r.trace, 'order_created')).toEqual(['orders#1']);
    expect(ofType(r.trace, 'offset.commit').map((c) => c.offset)).toEqual([1]);
  });

  it('a record on its way to its owner when a rebalance starts is dropped, then delivered again after it', () => {
    const base = [orders({ replicas: 2 })];
    // Where the broker → orders#1 hop of the record is, without the scale-in.
    const probe = go(model(base, [http(1000, POST)]), 5000);
    const hop = ofType(probe.trace, 'hop').find((h) => h.from === 'broker' && h.to === 'orders#1')!;
    expect(hop.arriveAt - hop.t).toBeGreaterThan(1);
    // orders#2 leaves (scale-in) while the record is on the wire.
    const r = go(
      model(base, [
        http(1000, POST),
        cmd(hop.t + 1, { type: 'scale', service: 'orders', replicas: 1 }),
      ]),
    );
    const delivered = ofType(r.trace, 'message.delivered');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ instance: 'orders#1', offset: 0, redelivered: true });
    expect(delivered[0]!.t).toBeGreaterThan(hop.t + 1 + 300);
    expect(ofType(r.trace, 'offset.commit').map((c) => c.offset)).toEqual([1]);
  });

  it('a crashed member already dropped by an earlier rebalance causes no second one at its session timeout', () => {
    const r = go(
      model(
        [orders({ replicas: 3 })],
        [
          cmd(1000, { type: 'kill', instance: 'orders#3' }),
          cmd(2000, { type: 'kill', instance: 'orders#2' }),
          cmd(2100, { type: 'restart', instance: 'orders#2' }),
        ],
      ),
    );
    expect(rebalances(r.trace)).toEqual(['start@2600', 'done@2900']);
  });

  it('a crashed owner’s partition stalls until its session times out, then moves', () => {
    const r = go(
      model(
        [orders({ replicas: 2 })],
        [cmd(1000, { type: 'kill', instance: 'orders#1' }), http(2000, POST)],
      ),
    );
    expect(rebalances(r.trace)).toEqual(['start@31000', 'done@31300']);
    const d = ofType(r.trace, 'message.delivered');
    expect(d.map((e) => [e.instance, e.t >= 31_300])).toEqual([['orders#2', true]]);
  });
});

describe('kafka: broker outage and the group', () => {
  it('while the broker is down nobody owns a partition, only live members log, and nothing rebalances until the reconnect', () => {
    const r = go(
      model(
        [orders({ replicas: 3 })],
        [
          cmd(500, { type: 'kill', instance: 'orders#3' }),
          cmd(1000, { type: 'brokerDown' }),
          cmd(1200, { type: 'restart', instance: 'orders#3' }),
          cmd(1500, { type: 'kill', instance: 'orders#2' }),
          cmd(2000, { type: 'scale', service: 'orders', replicas: 2 }),
          cmd(40_000, { type: 'brokerUp' }),
        ],
      ),
      1100,
    );
    const t = topic(r, 'order_created');
    expect(t.consumers).toBe(0);
    expect(t.partitions![0]!.owner).toEqual({});
    expect(r.sim.snapshot().instances.find((n) => n.id === 'orders#1')!.idle).toBeUndefined();
    const errors = ofType(r.trace, 'server.log').filter((l) => l.text === KAFKA_CONNECTION_ERROR);
    expect(errors.map((l) => l.instance)).toEqual(['orders#1', 'orders#2']);
    r.sim.runUntil(60_000);
    expect(rebalances(r.trace)).toEqual(['start@40600', 'done@40900']);
  });

  it('a broker back, down and back again before the client reconnected: only the last reconnect counts', () => {
    const r = go(
      model(
        [orders()],
        [
          cmd(1000, { type: 'brokerDown' }),
          cmd(2000, { type: 'brokerUp' }),
          cmd(2300, { type: 'brokerDown' }),
          cmd(2400, { type: 'brokerUp' }),
        ],
      ),
    );
    const restored = ofType(r.trace, 'connection').filter(
      (c) => c.who === 'gateway' && c.state === 'restored',
    );
    expect(restored.map((c) => c.t)).toEqual([3000]);
  });
});

describe('kafka: subscribeToResponseOf', () => {
  it.each([
    [true, 200],
    [['get_order'], 200],
    [false, 500],
    [['other'], 500],
  ] as const)('subscribeToResponseOf %j → HTTP %i', (subscribe, status) => {
    const r = go(
      model([orders({ options: { subscribeToResponseOf: subscribe as never } })], [http(100, GET)]),
    );
    expect(ofType(r.trace, 'http.response').map((e) => e.status)).toEqual([status]);
    expect(handledBy(r.trace, 'get_order')).toHaveLength(status === 200 ? 1 : 0);
    if (status === 500)
      expect(ofType(r.trace, 'request.error').map((e) => e.error)).toEqual([
        kafkaNotSubscribed('get_order'),
      ]);
  });
});

describe('kafka next to another transport', () => {
  it('a tcp service handling the same pattern neither adds partitions nor a group, and its restarts do not touch the group', () => {
    const r = go(
      model(
        [
          orders(),
          {
            id: 'payments',
            transport: 'tcp',
            options: { partitions: 3 },
            handlers: [{ pattern: 'order_created', kind: 'event' }],
          },
        ],
        [
          cmd(500, { type: 'kill', instance: 'payments#1' }),
          cmd(600, { type: 'restart', instance: 'payments#1' }),
          cmd(1500, { type: 'scale', service: 'payments', replicas: 0 }),
          http(2000, POST),
        ],
      ),
    );
    const t = topic(r, 'order_created');
    expect(t.partitions).toHaveLength(1);
    expect(t.partitions![0]!.committed).toEqual({ 'orders-server': 1 });
    expect(handledBy(r.trace, 'order_created')).toEqual(['orders#1']);
    expect(rebalances(r.trace)).toEqual([]);
  });
});

describe('kafka records on the wire', () => {
  it('without a key: no key header, no reply headers on an event; the delivery carries partition and offset', () => {
    const r = go(model([orders()], [http(100, POST)]));
    const toBroker = ofType(r.trace, 'hop').find((h) => h.to === 'broker' && h.kind === 'event')!;
    expect(toBroker.wire!.headers).toEqual({ partition: 0 });
    const toServer = ofType(r.trace, 'hop').find((h) => h.from === 'broker' && h.kind === 'event')!;
    expect(toServer.wire).toEqual({
      channel: 'order_created',
      body: { key: null, value: toBroker.wire!.body.value },
      headers: { partition: 0, offset: '0' },
    });
  });

  it('with a key: the key header and the key in the delivered record', () => {
    const m = model([orders()], [http(100, POST)]);
    for (const route of m.routes) route.messageKey = 'customer-7';
    const r = go(m);
    const toBroker = ofType(r.trace, 'hop').find((h) => h.to === 'broker' && h.kind === 'event')!;
    expect(toBroker.wire!.headers).toEqual({ partition: 0, key: 'customer-7' });
    const toServer = ofType(r.trace, 'hop').find((h) => h.from === 'broker' && h.kind === 'event')!;
    expect(toServer.wire!.body).toMatchObject({ key: 'customer-7' });
  });
});

describe('kafka long logs', () => {
  it('a group that joins late reads every record of a long log from offset 0, in order', () => {
    const r = go(
      model(
        [
          orders({}, 1),
          {
            id: 'notifications',
            handlers: [
              { pattern: 'order_created', kind: 'event', latency: { mean: 1, jitter: 0 } },
            ],
          },
          { id: 'payments', handlers: [{ pattern: 'pay', kind: 'event' }] },
        ],
        [
          cmd(0, { type: 'kill', instance: 'notifications#1' }),
          http(10, POST, 3000, 2),
          cmd(7000, { type: 'restart', instance: 'notifications#1' }),
        ],
      ),
      60_000,
    );
    const offsets = ofType(r.trace, 'message.delivered')
      .filter((d) => d.instance === 'notifications#1')
      .map((d) => d.offset);
    expect(offsets).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(topic(r, 'order_created').partitions![0]!.committed).toEqual({
      'orders-server': 3000,
      'notifications-server': 3000,
    });
  });

  it('a consumer lagging far behind a long log still handles every record once, in order', () => {
    const r = go(
      model(
        [orders({}, 3), { id: 'payments', handlers: [{ pattern: 'pay', kind: 'event' }] }],
        [http(10, POST, 4000, 1)],
      ),
      60_000,
    );
    const offsets = ofType(r.trace, 'message.delivered').map((d) => d.offset);
    expect(offsets).toEqual(Array.from({ length: 4000 }, (_, i) => i));
    expect(topic(r, 'order_created').partitions![0]!).toMatchObject({ end: 4000 });
  });
});

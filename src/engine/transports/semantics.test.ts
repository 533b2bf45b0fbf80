/**
 * docs/transports.md, row by row: one case per [obs] row (sections 1–8) plus the Kafka and gRPC
 * model. Each case builds a tiny world, runs a script and asserts what a learner sees: who handled,
 * counts, HTTP statuses, error texts exactly as NestJS prints them, and timing windows.
 */
import { describe, expect, it } from 'vitest';
import type { TransportKind } from '../../shared';
import {
  CONNECTION_LOST,
  GRPC_DEADLINE,
  GRPC_NO_EVENTS,
  grpcUnavailable,
  NO_MESSAGE_HANDLER,
  REDIS_CONNECTION_CLOSED,
  RMQ_CHANNEL_CLOSED,
  natsEmptyResponse,
  noEventHandler,
  rmqUnsupportedEvent,
} from '../nestErrors';
import type { Simulation } from '../simulation';
import { buildModel, ofType, run, type ServiceInput } from '../testkit';
import type { Command, HandlerSpec, ScriptStep, TraceEvent, TransportOptions } from '../types';
import { TRANSPORT_NOTES } from '../notes';
import { murmur2, partitionOf } from './kafka';

// ───────────── a tiny DSL ─────────────

const GET = 'GET /orders/:id';
const POST = 'POST /orders';
const GET_NOPE = 'GET /nope';
const POST_NOPE = 'POST /nope';

const at = (t: number, command: Command): ScriptStep => ({ at: t, command });
const http = (t: number, route: string, count = 1, everyMs = 0) =>
  at(t, { type: 'http', route, count, everyMs });
const kill = (t: number, instance: string) => at(t, { type: 'kill', instance });
const restart = (t: number, instance: string) => at(t, { type: 'restart', instance });
const brokerDown = (t: number) => at(t, { type: 'brokerDown' });
const brokerUp = (t: number) => at(t, { type: 'brokerUp' });

interface World {
  transport: TransportKind;
  replicas?: number;
  options?: TransportOptions;
  /** get_order handler latency (ms). */
  latency?: number;
  getOrder?: Partial<HandlerSpec>;
  /** The get_order / order_created handler pattern (MQTT `$share/…`). */
  requestPattern?: string;
  eventPattern?: string;
  extra?: ServiceInput[];
  emitTo?: string[];
  timeoutMs?: number;
  messageKey?: string;
  script: ScriptStep[];
  until?: number;
}

function world(w: World): { sim: Simulation; trace: TraceEvent[] } {
  const model = buildModel({
    transport: w.transport,
    services: [
      {
        id: 'orders',
        replicas: w.replicas ?? 2,
        options: w.options ?? (w.transport === 'rmq' ? { queue: 'orders_queue' } : {}),
        handlers: [
          {
            pattern: w.requestPattern ?? 'get_order',
            kind: 'request',
            latency: { mean: w.latency ?? 10, jitter: 0 },
            ...w.getOrder,
          },
          { pattern: w.eventPattern ?? 'order_created', kind: 'event' },
        ],
      },
      ...(w.extra ?? []),
    ],
    routes: [
      { path: '/orders/:id', send: 'get_order', to: 'orders', timeoutMs: w.timeoutMs },
      { path: '/orders', emit: 'order_created', to: w.emitTo ?? ['orders'] },
      { path: '/nope', send: 'no_such_pattern', to: 'orders' },
      { path: '/nope', method: 'POST', emit: 'no_such_event', to: ['orders'] },
    ],
    script: w.script,
  });
  if (w.messageKey !== undefined)
    for (const r of model.routes) if (r.pattern !== 'no_such_pattern') r.messageKey = w.messageKey;
  const r = run(model);
  r.sim.runUntil(w.until ?? 60_000);
  return r;
}

const statuses = (tr: TraceEvent[]) => ofType(tr, 'http.response').map((e) => e.status);
const errors = (tr: TraceEvent[]) => ofType(tr, 'request.error').map((e) => e.error);
const handledBy = (tr: TraceEvent[], pattern?: string) =>
  ofType(tr, 'handler.done')
    .filter((e) => pattern === undefined || e.pattern === pattern)
    .map((e) => e.instance);
const count = (xs: string[]) => {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
};
const logs = (tr: TraceEvent[]) => ofType(tr, 'server.log').map((e) => `${e.level} ${e.text}`);
/** ms between the `client.send` of the first request and its `request.error`. */
const errorDelay = (tr: TraceEvent[]) => {
  const send = ofType(tr, 'client.send')[0]!;
  const err = ofType(tr, 'request.error').find((e) => e.msgId === send.msgId)!;
  return err.t - send.t;
};

interface Row {
  name: string;
  run(): void;
}

const BROKERS = ['redis', 'nats', 'rmq', 'mqtt'] as const;

// ───────────── §1 event fan-out ─────────────

const section1: Row[] = [
  ...(
    [
      ['redis', {}, 'both', 2],
      ['nats', {}, 'both (no queue)', 2],
      ['nats', { queue: 'orders' }, 'one (queue group)', 1],
      ['rmq', { queue: 'orders_queue' }, 'one (competing consumers)', 1],
      ['mqtt', {}, 'both (plain topic)', 2],
    ] as const
  ).map(([transport, options, what, n]): Row => ({
    name: `§1 ${transport} ${JSON.stringify(options)}: one emit to 2 instances → ${what}`,
    run() {
      const { trace } = world({ transport, options, script: [http(0, POST)] });
      expect(handledBy(trace, 'order_created')).toHaveLength(n);
      if (n === 2) expect(new Set(handledBy(trace)).size).toBe(2);
      expect(statuses(trace)).toEqual([201]);
    },
  })),
  {
    name: '§1 mqtt $share/orders/order_created: one emit → one instance (prefix stripped to route)',
    run() {
      const { trace } = world({
        transport: 'mqtt',
        eventPattern: '$share/orders/order_created',
        script: [http(0, POST)],
      });
      expect(handledBy(trace, 'order_created')).toEqual(['orders#1']);
    },
  },
  {
    name: '§1 tcp: 2nd server on the same port → EADDRINUSE logged, only #1 serves',
    run() {
      const { sim, trace } = world({ transport: 'tcp', script: [http(0, POST)] });
      expect(logs(trace)).toEqual([
        'ERROR Error: listen EADDRINUSE: address already in use 127.0.0.1:3000',
      ]);
      const idle = sim.snapshot().instances.find((i) => i.id === 'orders#2')!;
      expect(idle).toMatchObject({ idle: true, note: 'EADDRINUSE' });
      expect(handledBy(trace)).toEqual(['orders#1']);
    },
  },
  {
    name: '§1 tcp: a 2nd instance started later logs `Error: listen EADDRINUSE: address already in use 127.0.0.1:3901`',
    run() {
      const { trace } = world({
        transport: 'tcp',
        options: { port: 3901 },
        replicas: 1,
        script: [at(10, { type: 'scale', service: 'orders', replicas: 2 })],
      });
      expect(ofType(trace, 'server.log').map((l) => [l.instance, l.t, l.text])).toEqual([
        ['orders#2', 510, 'Error: listen EADDRINUSE: address already in use 127.0.0.1:3901'],
      ]);
    },
  },
  ...BROKERS.map((transport): Row => ({
    name: `§1 ${transport}: emit completes (201) even when nobody receives the event`,
    run() {
      const { trace } = world({
        transport,
        script: [kill(0, 'orders#1'), kill(0, 'orders#2'), http(10, POST)],
      });
      expect(statuses(trace)).toEqual([201]);
      expect(handledBy(trace)).toEqual([]);
    },
  })),
  {
    name: '§1 tcp: emit to a server that is down errors with ECONNREFUSED (→ 500)',
    run() {
      const { trace } = world({
        transport: 'tcp',
        options: { port: 3901 },
        replicas: 1,
        script: [kill(0, 'orders#1'), http(10, POST)],
      });
      expect(errors(trace)).toEqual(['Error: connect ECONNREFUSED 127.0.0.1:3901']);
      expect(statuses(trace)).toEqual([500]);
    },
  },
];

// ───────────── §2 request/response ─────────────

const ten = [http(0, GET, 10, 100)];
const section2: Row[] = [
  {
    name: '§2 redis: 10 sends to 2 instances → 20 handlings, first reply wins, losers dropped',
    run() {
      const { sim, trace } = world({ transport: 'redis', latency: 40, script: ten });
      expect(handledBy(trace)).toHaveLength(20);
      expect(statuses(trace)).toEqual(Array(10).fill(200));
      expect(
        ofType(trace, 'message.dropped').filter((d) => d.reason === 'late-reply'),
      ).toHaveLength(10);
      expect(sim.snapshot().counters.duplicates).toBe(10);
      const winners = count(ofType(trace, 'reply.received').map((r) => r.instance));
      expect(Object.values(winners).reduce((a, b) => a + b, 0)).toBe(10);
    },
  },
  {
    name: '§2 redis: the losing reply is logged `DEBUG [ClientProxy] No matching callback found…` only while another request keeps the client subscribed',
    run() {
      const seq = world({ transport: 'redis', latency: 40, script: ten });
      expect(ofType(seq.trace, 'client.log')).toHaveLength(0);
      const burst = world({ transport: 'redis', latency: 40, script: [http(0, GET, 10, 2)] });
      const lines = ofType(burst.trace, 'client.log');
      expect(lines.length).toBeGreaterThan(0);
      expect(lines[0]!.level).toBe('DEBUG');
      expect(lines[0]!.text).toMatch(
        /^\[ClientProxy\] No matching callback found for Redis response packet with id: [0-9a-f]{21}$/,
      );
    },
  },
  {
    name: '§2 nats no queue: 10 sends → both handle every request (A 10, B 10)',
    run() {
      const { trace } = world({ transport: 'nats', script: ten });
      expect(count(handledBy(trace))).toEqual({ 'orders#1': 10, 'orders#2': 10 });
      expect(statuses(trace)).toEqual(Array(10).fill(200));
    },
  },
  {
    name: '§2 nats queue: 10 sends → one instance each, random-ish split, no duplicates',
    run() {
      const { sim, trace } = world({
        transport: 'nats',
        options: { queue: 'orders' },
        script: ten,
      });
      const c = count(handledBy(trace));
      expect(c['orders#1']! + c['orders#2']!).toBe(10);
      expect(c['orders#1']).toBeGreaterThan(0);
      expect(c['orders#2']).toBeGreaterThan(0);
      expect(sim.snapshot().counters.duplicates).toBe(0);
    },
  },
  {
    name: '§2 rmq: 10 sends to 2 instances → strict round-robin, no duplicates',
    run() {
      const { sim, trace } = world({ transport: 'rmq', script: ten });
      expect(ofType(trace, 'message.delivered').map((d) => d.instance)).toEqual(
        Array.from({ length: 10 }, (_, i) => `orders#${(i % 2) + 1}`),
      );
      expect(sim.snapshot().counters.duplicates).toBe(0);
    },
  },
  {
    name: '§2 rmq: 10 concurrent sends → still 5/5 round-robin',
    run() {
      const { trace } = world({ transport: 'rmq', latency: 200, script: [http(0, GET, 10, 1)] });
      expect(count(handledBy(trace))).toEqual({ 'orders#1': 5, 'orders#2': 5 });
    },
  },
  {
    name: '§2 mqtt plain: 10 sends → both handle every request (A 10, B 10)',
    run() {
      const { trace } = world({ transport: 'mqtt', script: ten });
      expect(count(handledBy(trace))).toEqual({ 'orders#1': 10, 'orders#2': 10 });
    },
  },
  {
    name: '§2 mqtt $share/orders/get_order: 10 sends → strict alternation A B A B, no duplicates',
    run() {
      const { sim, trace } = world({
        transport: 'mqtt',
        requestPattern: '$share/orders/get_order',
        script: ten,
      });
      expect(handledBy(trace)).toEqual(
        Array.from({ length: 10 }, (_, i) => `orders#${(i % 2) + 1}`),
      );
      expect(sim.snapshot().counters.duplicates).toBe(0);
    },
  },
  {
    name: '§2 tcp: single server only — #1 handles all 10',
    run() {
      const { trace } = world({ transport: 'tcp', script: ten });
      expect(count(handledBy(trace))).toEqual({ 'orders#1': 10 });
    },
  },
];

// ───────────── §3 no matching handler ─────────────

const section3: Row[] = [
  ...(['redis', 'mqtt'] as const).map((transport): Row => ({
    name: `§3 ${transport}: send('no_such_pattern') hangs forever (nobody subscribed)`,
    run() {
      const { sim, trace } = world({ transport, script: [http(0, GET_NOPE)] });
      expect(statuses(trace)).toEqual([]);
      expect(sim.snapshot().counters.pending).toBe(1);
      expect(ofType(trace, 'message.dropped')[0]!.reason).toBe('no-subscribers');
    },
  })),
  {
    name: '§3 nats: send(no_such_pattern) → immediate EmptyResponseException (no responders)',
    run() {
      const { trace } = world({ transport: 'nats', script: [http(0, GET_NOPE)] });
      expect(errors(trace)).toEqual([natsEmptyResponse('no_such_pattern')]);
      expect(errorDelay(trace)).toBeLessThanOrEqual(10);
      expect(statuses(trace)).toEqual([500]);
    },
  },
  {
    name: '§3 rmq: send(no_such_pattern) → plain string NO_MESSAGE_HANDLER within a few ms',
    run() {
      const { trace } = world({ transport: 'rmq', script: [http(0, GET_NOPE)] });
      expect(errors(trace)).toEqual([NO_MESSAGE_HANDLER]);
      expect(errorDelay(trace)).toBeLessThanOrEqual(20);
    },
  },
  {
    name: '§3 rmq: the no-handler reply on the wire is {id, err, status:"error"}',
    run() {
      const { trace } = world({ transport: 'rmq', script: [http(0, GET_NOPE)] });
      const hop = ofType(trace, 'hop').find((h) => h.kind === 'error' && h.to === 'gateway')!;
      expect(hop.wire!.body).toEqual({ id: hop.msgId, err: NO_MESSAGE_HANDLER, status: 'error' });
    },
  },
  {
    name: '§3 tcp: send(no_such_pattern) → plain string NO_MESSAGE_HANDLER',
    run() {
      const { trace } = world({ transport: 'tcp', script: [http(0, GET_NOPE)] });
      expect(errors(trace)).toEqual([NO_MESSAGE_HANDLER]);
      expect(errorDelay(trace)).toBeLessThanOrEqual(10);
    },
  },
  ...(['redis', 'nats', 'mqtt'] as const).map((transport): Row => ({
    name: `§3 ${transport}: emit('no_such_event') → nothing logged server-side`,
    run() {
      const { trace } = world({ transport, script: [http(0, POST_NOPE)] });
      expect(logs(trace)).toEqual([]);
      expect(statuses(trace)).toEqual([201]);
    },
  })),
  ...(['rmq', 'tcp'] as const).map((transport): Row => ({
    name: `§3 ${transport}: emit('no_such_event') → ERROR There is no matching event handler …`,
    run() {
      const { trace } = world({ transport, replicas: 1, script: [http(0, POST_NOPE)] });
      expect(logs(trace)).toEqual([`ERROR ${noEventHandler('no_such_event')}`]);
    },
  })),
  {
    name: '§3 rmq noAck:false: emit(no_such_event) → WARN unsupported event, nacked (not redelivered)',
    run() {
      const { sim, trace } = world({
        transport: 'rmq',
        replicas: 1,
        options: { queue: 'orders_queue', noAck: false },
        script: [http(0, POST_NOPE), kill(100, 'orders#1'), restart(200, 'orders#1')],
      });
      expect(logs(trace)).toEqual([`WARN ${rmqUnsupportedEvent('no_such_event')}`]);
      expect(ofType(trace, 'message.delivered')).toHaveLength(1);
      expect(sim.snapshot().queues[0]).toMatchObject({ ready: 0, unacked: 0 });
    },
  },
];

// ───────────── §4 only instance down ─────────────

const downThenRequestAndEvent = (extra: ScriptStep[] = []) => [
  kill(0, 'orders#1'),
  http(10, GET),
  http(10, POST),
  ...extra,
];
const section4: Row[] = [
  ...(['redis', 'mqtt'] as const).map((transport): Row => ({
    name: `§4 ${transport}: instance down → request pending forever, event lost (emit completes); after restart nothing delivered, new requests work`,
    run() {
      const { sim, trace } = world({
        transport,
        replicas: 1,
        script: downThenRequestAndEvent([restart(1000, 'orders#1'), http(3000, GET)]),
      });
      expect(statuses(trace)).toEqual([201, 200]);
      expect(handledBy(trace)).toEqual(['orders#1']); // only the new request
      expect(sim.snapshot().counters.pending).toBe(1);
    },
  })),
  {
    name: '§4 nats: instance down → request fails in 1–2 ms with EmptyResponseException; event lost',
    run() {
      const { trace } = world({
        transport: 'nats',
        replicas: 1,
        script: downThenRequestAndEvent([restart(1000, 'orders#1')]),
      });
      expect(errors(trace)).toEqual([natsEmptyResponse('get_order')]);
      expect(errorDelay(trace)).toBeLessThanOrEqual(10);
      expect(statuses(trace).sort()).toEqual([201, 500]);
      expect(handledBy(trace)).toEqual([]);
    },
  },
  {
    name: '§4 rmq: instance down → request and event wait in the queue, both delivered after restart',
    run() {
      const { sim, trace } = world({
        transport: 'rmq',
        replicas: 1,
        script: downThenRequestAndEvent([restart(5000, 'orders#1')]),
        until: 1000,
      });
      expect(sim.snapshot().queues[0]).toMatchObject({ name: 'orders_queue', ready: 2 });
      sim.runUntil(60_000);
      expect(handledBy(trace).sort()).toEqual(['orders#1', 'orders#1']);
      const get = ofType(trace, 'http.response').find((r) => r.status === 200)!;
      expect(get.ms).toBeGreaterThan(5000); // the client's Observable just waits
    },
  },
  {
    name: '§4 tcp: server down → `Error: connect ECONNREFUSED 127.0.0.1:3901` in ~2 ms, emit errors too; next send after restart works',
    run() {
      const { trace } = world({
        transport: 'tcp',
        replicas: 1,
        options: { port: 3901 },
        script: downThenRequestAndEvent([restart(1000, 'orders#1'), http(3000, GET)]),
      });
      expect(errors(trace)).toEqual([
        'Error: connect ECONNREFUSED 127.0.0.1:3901',
        'Error: connect ECONNREFUSED 127.0.0.1:3901',
      ]);
      expect(errorDelay(trace)).toBe(2);
      expect(statuses(trace)).toEqual([500, 500, 200]);
    },
  },
  {
    name: '§4 tcp: instance killed while handling → `Error: Connection closed` ~10 ms after the kill',
    run() {
      const { trace } = world({
        transport: 'tcp',
        replicas: 1,
        latency: 3000,
        script: [http(0, GET), kill(500, 'orders#1')],
      });
      expect(errors(trace)).toEqual(['Error: Connection closed']);
      const err = ofType(trace, 'request.error')[0]!;
      expect(err.t).toBeGreaterThanOrEqual(500);
      expect(err.t).toBeLessThanOrEqual(520);
    },
  },
  ...BROKERS.map((transport): Row => ({
    name: `§4 ${transport}${transport === 'rmq' ? ' (noAck default)' : ''}: instance killed while handling → pending forever`,
    run() {
      const { sim, trace } = world({
        transport,
        replicas: 1,
        latency: 3000,
        script: [http(0, GET), kill(500, 'orders#1'), restart(600, 'orders#1')],
      });
      expect(statuses(trace)).toEqual([]);
      expect(sim.snapshot().counters.pending).toBe(1);
    },
  })),
  {
    name: '§4 rmq noAck:false: killed mid-handling → redelivered (redelivered: true) to the restarted instance, client answered',
    run() {
      const { sim, trace } = world({
        transport: 'rmq',
        replicas: 1,
        latency: 3000,
        options: { queue: 'orders_queue', noAck: false },
        getOrder: { ack: true },
        script: [http(0, GET), kill(500, 'orders#1'), restart(2000, 'orders#1')],
      });
      const d = ofType(trace, 'message.delivered');
      expect(d.map((x) => x.redelivered ?? false)).toEqual([false, true]);
      expect(statuses(trace)).toEqual([200]);
      expect(ofType(trace, 'http.response')[0]!.ms).toBeGreaterThan(5000);
      expect(sim.snapshot().queues[0]).toMatchObject({ ready: 0, unacked: 0 });
    },
  },
  {
    name: '§4 rmq noAck:false without ack(): message stays unacked and is redelivered on every consumer restart',
    run() {
      const { sim, trace } = world({
        transport: 'rmq',
        replicas: 1,
        options: { queue: 'orders_queue', noAck: false },
        script: [
          http(0, GET),
          kill(1000, 'orders#1'),
          restart(1100, 'orders#1'),
          kill(3000, 'orders#1'),
          restart(3100, 'orders#1'),
        ],
        until: 5000,
      });
      expect(ofType(trace, 'message.delivered').map((x) => x.redelivered ?? false)).toEqual([
        false,
        true,
        true,
      ]);
      expect(sim.snapshot().queues[0]).toMatchObject({ ready: 0, unacked: 1 });
      expect(sim.snapshot().counters.duplicates).toBe(2);
    },
  },
  {
    name: '§4 no default request timeout: a request nobody answers is still pending after 60 s',
    run() {
      const { sim } = world({
        transport: 'redis',
        script: [kill(0, 'orders#1'), kill(0, 'orders#2'), http(10, GET)],
      });
      expect(sim.now).toBe(60_000);
      expect(sim.snapshot().counters.pending).toBe(1);
    },
  },
];

// ───────────── §5 handler throws (identical on all 5 transports) ─────────────

const FIVE = ['redis', 'nats', 'rmq', 'mqtt', 'tcp'] as const;
const section5: Row[] = FIVE.flatMap((transport): Row[] => [
  {
    name: `§5 ${transport}: throw new RpcException('boom') → {"status":"error","message":"boom"}`,
    run() {
      const { trace } = world({
        transport,
        replicas: 1,
        getOrder: { failureRate: 1, failure: { type: 'rpc', message: 'boom' } },
        script: [http(0, GET)],
      });
      expect(errors(trace)).toEqual([{ status: 'error', message: 'boom' }]);
      expect(statuses(trace)).toEqual([500]);
    },
  },
  {
    name: `§5 ${transport}: throw new RpcException({code,message}) → the object as is`,
    run() {
      const { trace } = world({
        transport,
        replicas: 1,
        getOrder: {
          failureRate: 1,
          failure: {
            type: 'rpc',
            message: 'boom obj',
            error: { code: 'E_ORDER', message: 'boom obj' },
          },
        },
        script: [http(0, GET)],
      });
      expect(errors(trace)).toEqual([{ code: 'E_ORDER', message: 'boom obj' }]);
    },
  },
  {
    name: `§5 ${transport}: throw new Error('plain boom') → "Internal server error" + ERROR [RpcExceptionsHandler] log`,
    run() {
      const { trace } = world({
        transport,
        replicas: 1,
        getOrder: { failureRate: 1, failure: { type: 'error', message: 'plain boom' } },
        script: [http(0, GET)],
      });
      expect(errors(trace)).toEqual([{ status: 'error', message: 'Internal server error' }]);
      expect(logs(trace)).toEqual(['ERROR [RpcExceptionsHandler] Error: plain boom']);
      const res = ofType(trace, 'http.response')[0]!;
      expect(res.status).toBe(500);
    },
  },
]);

// ───────────── §6 wire format ─────────────

const hops = (tr: TraceEvent[]) => ofType(tr, 'hop');
const section6: Row[] = [
  {
    name: '§6 redis: PUBLISH get_order {pattern,data,id}; reply on get_order.reply {response,isDisposed,id}; event without id',
    run() {
      const { trace } = world({
        transport: 'redis',
        replicas: 1,
        script: [http(0, GET), http(0, POST)],
      });
      const req = hops(trace).find((h) => h.kind === 'request' && h.to === 'broker')!;
      expect(req.wire).toEqual({
        channel: 'get_order',
        body: { pattern: 'get_order', data: { id: 1 }, id: req.msgId },
      });
      expect(req.msgId).toMatch(/^[0-9a-f]{21}$/);
      const rep = hops(trace).find((h) => h.kind === 'reply' && h.to === 'gateway')!;
      expect(rep.wire!.channel).toBe('get_order.reply');
      expect(rep.wire!.body).toMatchObject({ isDisposed: true, id: rep.msgId });
      const ev = hops(trace).find((h) => h.kind === 'event' && h.to === 'broker')!;
      expect(ev.wire).toEqual({
        channel: 'order_created',
        body: { pattern: 'order_created', data: { orderId: 2 } },
      });
    },
  },
  {
    name: '§6 nats: subject get_order with reply inbox _INBOX.<id>; reply on the inbox',
    run() {
      const { trace } = world({ transport: 'nats', replicas: 1, script: [http(0, GET)] });
      const req = hops(trace).find((h) => h.kind === 'request' && h.to === 'broker')!;
      expect(req.wire!.channel).toBe('get_order');
      const inbox = req.wire!.headers!.reply as string;
      expect(inbox).toMatch(/^_INBOX\./);
      const rep = hops(trace).find((h) => h.kind === 'reply' && h.to === 'gateway')!;
      expect(rep.wire!.channel).toBe(inbox);
    },
  },
  {
    name: '§6 rmq: sendToQueue(orders_queue) with correlationId/replyTo/deliveryMode 1; reply to amq.rabbitmq.reply-to without id',
    run() {
      const { trace } = world({
        transport: 'rmq',
        replicas: 1,
        script: [http(0, GET), http(0, POST)],
      });
      const req = hops(trace).find((h) => h.kind === 'request' && h.to === 'broker')!;
      expect(req.wire!.channel).toBe('orders_queue');
      expect(req.wire!.headers).toMatchObject({ correlationId: req.msgId, deliveryMode: 1 });
      expect(String(req.wire!.headers!.replyTo)).toMatch(/^amq\.rabbitmq\.reply-to/);
      expect(req.wire!.body).toEqual({ pattern: 'get_order', data: { id: 1 }, id: req.msgId });
      const rep = hops(trace).find((h) => h.kind === 'reply' && h.to === 'gateway')!;
      expect(rep.wire!.body).toEqual({ response: expect.anything(), isDisposed: true });
      const ev = hops(trace).find((h) => h.kind === 'event' && h.to === 'broker')!;
      expect(ev.wire!.headers).toEqual({ deliveryMode: 1, headers: {} });
      expect(ev.wire!.body).not.toHaveProperty('id');
    },
  },
  {
    name: '§6 mqtt: topic get_order, reply topic get_order/reply',
    run() {
      const { trace } = world({ transport: 'mqtt', replicas: 1, script: [http(0, GET)] });
      const rep = hops(trace).find((h) => h.kind === 'reply' && h.to === 'gateway')!;
      expect(rep.wire!.channel).toBe('get_order/reply');
      expect(rep.wire!.body).toMatchObject({ isDisposed: true, id: rep.msgId });
    },
  },
  {
    name: '§6 tcp: `<byteLength>#<json>` framing for request, reply and event',
    run() {
      const { trace } = world({
        transport: 'tcp',
        replicas: 1,
        script: [http(0, GET), http(0, POST)],
      });
      for (const h of hops(trace).filter((x) => x.from !== 'client' && x.to !== 'client')) {
        const frame = String(h.wire!.body.frame);
        const [len, ...rest] = frame.split('#');
        const json = rest.join('#');
        expect(Number(len)).toBe(json.length);
        const packet = JSON.parse(json) as Record<string, unknown>;
        if (h.kind === 'event')
          expect(packet).toEqual({ pattern: 'order_created', data: { orderId: 2 } });
        if (h.kind === 'request')
          expect(packet).toEqual({ pattern: 'get_order', data: { id: 1 }, id: h.msgId });
        if (h.kind === 'reply') expect(packet).toMatchObject({ isDisposed: true, id: h.msgId });
      }
    },
  },
  {
    name: '§6 rmq persistent:true → deliveryMode 2 on requests and events',
    run() {
      const { trace } = world({
        transport: 'rmq',
        replicas: 1,
        options: { queue: 'orders_queue', persistent: true },
        script: [http(0, GET), http(0, POST)],
      });
      for (const h of hops(trace).filter((x) => x.to === 'broker' && x.from === 'gateway'))
        expect(h.wire!.headers!.deliveryMode).toBe(2);
    },
  },
];

// ───────────── §7 broker restart ─────────────

/** Requests and events every 500 ms; the broker stops at 1000 and is back at 3000. */
const outage = (extra: ScriptStep[] = []) => [
  http(0, GET, 20, 500),
  http(250, POST, 20, 500),
  brokerDown(1000),
  brokerUp(3000),
  ...extra,
];
const whileDown = (tr: TraceEvent[]) =>
  ofType(tr, 'request.error')
    .filter((e) => e.t > 1000 && e.t < 3000)
    .map((e) => e.error);
const section7: Row[] = [
  {
    name: '§7 redis default (no retryAttempts): while down send/emit fail `Connection is closed.`; server never reconnects (requests pending, events lost, emit completes)',
    run() {
      const { sim, trace } = world({ transport: 'redis', replicas: 1, script: outage() });
      expect(new Set(whileDown(trace))).toEqual(new Set([REDIS_CONNECTION_CLOSED]));
      expect(whileDown(trace).length).toBeGreaterThanOrEqual(7);
      expect(handledBy(trace).every((_, i, a) => a.length > 0 && i >= 0)).toBe(true);
      const handledAfter = ofType(trace, 'handler.done').filter((e) => e.t > 3000);
      expect(handledAfter).toHaveLength(0);
      const after = ofType(trace, 'http.response').filter((r) => r.t > 4000);
      expect(after.every((r) => r.status === 201)).toBe(true); // only emits "succeed"
      expect(sim.snapshot().counters.pending).toBeGreaterThan(10);
      expect(logs(trace)).toEqual([
        'ERROR Redis connection closed and retry attempts not specified',
        'ERROR Disconnected from Redis. No further reconnection attempts will be made.',
      ]);
      expect(sim.snapshot().instances[0]!.note).toBe('disconnected (no reconnect)');
    },
  },
  {
    name: '§7 redis default: restarting the deaf instance makes it serve again',
    run() {
      const { trace } = world({
        transport: 'redis',
        replicas: 1,
        script: outage([kill(5000, 'orders#1'), restart(5100, 'orders#1')]),
      });
      expect(ofType(trace, 'handler.done').filter((e) => e.t > 5600).length).toBeGreaterThan(0);
    },
  },
  {
    name: '§7 redis retryAttempts:20 retryDelay:1000: while down `Error: Connection lost. Trying to reconnect...`; ~0.5 s of errors after restart, then all OK',
    run() {
      const { trace } = world({
        transport: 'redis',
        replicas: 1,
        options: { retryAttempts: 20, retryDelay: 1000 },
        script: outage(),
      });
      expect(new Set(whileDown(trace))).toEqual(new Set([CONNECTION_LOST]));
      const late = ofType(trace, 'http.response').filter((r) => r.t > 3700);
      expect(late.length).toBeGreaterThan(10);
      expect(late.every((r) => r.status < 400)).toBe(true);
      expect(logs(trace)).toEqual([
        'LOG Reconnecting to Redis...',
        'LOG Connected to Redis. Subscribing to channels...',
      ]);
    },
  },
  {
    name: '§7 redis retryAttempts: a request being handled as the broker went down is answered (reply queued until reconnect)',
    run() {
      const { trace } = world({
        transport: 'redis',
        replicas: 1,
        latency: 300,
        options: { retryAttempts: 20, retryDelay: 1000 },
        script: [http(0, GET), brokerDown(100), brokerUp(1500)],
      });
      expect(statuses(trace)).toEqual([200]);
    },
  },
  {
    name: '§7 nats: request in flight as the broker went down → pending forever; while down `Error: Connection lost. Trying to reconnect...`; OK ~0.5 s after',
    run() {
      const { sim, trace } = world({
        transport: 'nats',
        replicas: 1,
        latency: 300,
        script: [http(0, GET), brokerDown(100), http(500, GET), brokerUp(1000), http(1600, GET)],
      });
      expect(errors(trace)).toEqual([CONNECTION_LOST]);
      expect(statuses(trace)).toEqual([500, 200]);
      expect(sim.snapshot().counters.pending).toBe(1);
      expect(logs(trace)).toEqual([
        'ERROR NatsError: type: "disconnect".',
        'LOG NatsStatus: type: "reconnect".',
      ]);
    },
  },
  {
    name: '§7 mqtt: in-flight request pending forever; `Error: Connection lost…` while down; one more request lost (sent before re-subscribe), then OK',
    run() {
      const { sim, trace } = world({
        transport: 'mqtt',
        replicas: 1,
        latency: 300,
        script: [
          http(0, GET),
          brokerDown(100),
          http(500, GET),
          brokerUp(1000),
          http(1600, GET), // client back (+500), server not yet (+1000): lost
          http(2200, GET),
        ],
      });
      expect(errors(trace)).toEqual([CONNECTION_LOST]);
      expect(statuses(trace)).toEqual([500, 200]);
      expect(sim.snapshot().counters.pending).toBe(2);
      expect(logs(trace)).toEqual([
        'ERROR MQTT broker went offline.',
        'LOG MQTT connection lost. Trying to reconnect...',
        'LOG Connected to MQTT broker',
      ]);
    },
  },
  {
    name: '§7 rmq: send as the broker goes down → `channel closed`; while down same string; OK after reconnect (retry tick = heartbeat 5 s)',
    run() {
      const { trace } = world({
        transport: 'rmq',
        replicas: 1,
        script: [
          http(0, GET),
          brokerDown(16),
          http(500, GET),
          http(500, POST),
          brokerUp(4500),
          http(5200, GET),
        ],
      });
      expect(errors(trace)).toEqual([RMQ_CHANNEL_CLOSED, RMQ_CHANNEL_CLOSED, RMQ_CHANNEL_CLOSED]);
      expect(statuses(trace)).toEqual([500, 500, 500, 200]);
      expect(logs(trace)).toEqual([
        'ERROR Disconnected from RMQ. Trying to reconnect.',
        'ERROR Connection to transport failed. Trying to reconnect...',
        'LOG Successfully connected to RMQ broker',
      ]);
      const restored = ofType(trace, 'connection').filter((c) => c.state === 'restored');
      expect(restored.map((c) => c.t)).toEqual([5016 + 100, 5016 + 100]);
    },
  },
  {
    name: '§7 rmq: broker restart with messages waiting — persistent:false lost, persistent:true survives',
    run() {
      for (const persistent of [false, true]) {
        const { sim, trace } = world({
          transport: 'rmq',
          replicas: 1,
          options: { queue: 'orders_queue', persistent },
          script: [
            kill(0, 'orders#1'),
            http(10, POST),
            brokerDown(500),
            brokerUp(800),
            restart(1000, 'orders#1'),
          ],
        });
        expect(handledBy(trace)).toHaveLength(persistent ? 1 : 0);
        expect(ofType(trace, 'message.dropped').some((d) => d.reason === 'broker-restart')).toBe(
          !persistent,
        );
        expect(sim.snapshot().broker).toEqual({ status: 'up' });
      }
    },
  },
  {
    name: '§7 snapshot shows broker status down between brokerDown and brokerUp',
    run() {
      const { sim } = world({ transport: 'nats', script: [brokerDown(100)], until: 200 });
      expect(sim.snapshot().broker).toEqual({ status: 'down' });
    },
  },
];

// ───────────── §8 TCP and the load balancer ─────────────

const section8: Row[] = [
  {
    name: '§8 tcp loadBalancer:true: gateway → lb:orders → orders#n, each on its own port; the balancer picks per connection [obs: conformance]',
    run() {
      const { sim, trace } = world({
        transport: 'tcp',
        replicas: 3,
        options: { port: 3901, loadBalancer: true },
        script: [
          http(0, GET, 3, 50),
          kill(200, 'orders#1'),
          http(300, GET, 2, 50),
          kill(450, 'orders#2'),
          http(500, GET),
        ],
      });
      expect(handledBy(trace)).toEqual([
        'orders#1',
        'orders#1',
        'orders#1',
        'orders#2',
        'orders#2',
        'orders#3',
      ]);
      const toInst = hops(trace).filter((h) => h.from === 'lb:orders' && h.kind === 'request');
      expect([...new Set(toInst.map((h) => h.wire!.channel))]).toEqual([
        '127.0.0.1:3901',
        '127.0.0.1:3902',
        '127.0.0.1:3903',
      ]);
      expect(hops(trace).some((h) => h.from === 'gateway' && h.to === 'lb:orders')).toBe(true);
      expect(sim.snapshot().nodes.find((n) => n.id === 'lb:orders')!.type).toBe('load-balancer');
      expect(logs(trace)).toEqual([]);
    },
  },
  {
    name: '§8 tcp loadBalancer: a killed instance is skipped; mid-request kill → `Error: Connection closed`',
    run() {
      const { trace } = world({
        transport: 'tcp',
        latency: 500,
        options: { loadBalancer: true },
        script: [http(0, GET), kill(100, 'orders#1'), http(200, GET, 2, 10)],
      });
      expect(errors(trace)).toEqual(['Error: Connection closed']);
      expect(handledBy(trace)).toEqual(['orders#2', 'orders#2']);
    },
  },
  {
    name: '§8 tcp: after the server restarts the next send reconnects by itself',
    run() {
      const { trace } = world({
        transport: 'tcp',
        replicas: 1,
        script: [kill(0, 'orders#1'), http(10, GET), restart(100, 'orders#1'), http(1000, GET)],
      });
      expect(statuses(trace)).toEqual([500, 200]);
    },
  },
];

// ───────────── MQTT QoS 1 persistent session ─────────────

const mqttSessions: Row[] = [
  {
    name: 'mqtt qos:1 clean:false: messages for an offline subscriber are kept and delivered on reconnect',
    run() {
      const { trace } = world({
        transport: 'mqtt',
        replicas: 1,
        options: { qos: 1, clean: false },
        script: [kill(0, 'orders#1'), http(10, GET), http(10, POST), restart(1000, 'orders#1')],
      });
      expect(handledBy(trace).sort()).toEqual(['orders#1', 'orders#1']);
      expect(statuses(trace).sort()).toEqual([200, 201]);
    },
  },
  {
    name: 'mqtt qos:0 (default): messages for an offline subscriber are lost',
    run() {
      const { trace } = world({
        transport: 'mqtt',
        replicas: 1,
        script: [kill(0, 'orders#1'), http(10, GET), http(10, POST), restart(1000, 'orders#1')],
      });
      expect(handledBy(trace)).toEqual([]);
    },
  },
];

// ───────────── Kafka model ─────────────

const kafka = (w: Omit<World, 'transport'>) => world({ transport: 'kafka', ...w });
const kafkaRows: Row[] = [
  {
    name: 'kafka: murmur2 partitioner matches Kafka (murmur2("21") = -973932308)',
    run() {
      expect(murmur2('21')).toBe(-973932308);
      // toPositive(murmur2) % partitions, from the Java client's vectors (more in kafka.test.ts).
      expect(partitionOf('21', 3)).toBe((-973932308 & 0x7fffffff) % 3);
      expect(partitionOf('foobar', 4)).toBe((-790332482 & 0x7fffffff) % 4);
    },
  },
  {
    name: 'kafka: same key → same partition, order kept within it',
    run() {
      const { trace } = kafka({
        replicas: 3,
        options: { partitions: 3 },
        messageKey: 'customer-42',
        script: [http(0, GET, 6, 5)],
      });
      const parts = new Set(ofType(trace, 'message.delivered').map((d) => d.partition));
      expect(parts.size).toBe(1);
      expect(ofType(trace, 'message.delivered').map((d) => d.offset)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(new Set(handledBy(trace)).size).toBe(1);
    },
  },
  {
    name: 'kafka: no key → spread round-robin over partitions (3 partitions, 3 instances share the work)',
    run() {
      const { trace } = kafka({
        replicas: 3,
        options: { partitions: 3 },
        script: [http(0, GET, 6, 50)],
      });
      expect(count(ofType(trace, 'message.delivered').map((d) => String(d.partition)))).toEqual({
        0: 2,
        1: 2,
        2: 2,
      });
      expect(Object.keys(count(handledBy(trace)))).toHaveLength(3);
    },
  },
  {
    name: 'kafka: 3 instances, 1 partition (default) → one works, two idle (snapshot idle: true)',
    run() {
      const { sim, trace } = kafka({ replicas: 3, script: [http(0, GET, 6, 50)] });
      expect(count(handledBy(trace))).toEqual({ 'orders#1': 6 });
      expect(sim.snapshot().instances.map((i) => i.idle ?? false)).toEqual([false, true, true]);
      const topic = sim.snapshot().queues.find((q) => q.name === 'get_order')!;
      expect(topic.partitions).toEqual([
        {
          id: 0,
          end: 6,
          committed: { 'orders-server': 6 },
          owner: { 'orders-server': 'orders#1' },
        },
      ]);
    },
  },
  {
    name: 'kafka: two services (two groups) each get every event; one instance per group',
    run() {
      const { trace } = kafka({
        extra: [
          {
            id: 'notifications',
            replicas: 2,
            handlers: [{ pattern: 'order_created', kind: 'event' }],
          },
        ],
        emitTo: ['orders', 'notifications'],
        script: [http(0, POST, 4, 50)],
      });
      const c = count(handledBy(trace, 'order_created').map((i) => i.split('#')[0]!));
      expect(c).toEqual({ orders: 4, notifications: 4 });
    },
  },
  {
    name: 'kafka: a service whose instances are all down resumes from its committed offset on restart (nothing lost)',
    run() {
      const { sim, trace } = kafka({
        replicas: 1,
        script: [
          kill(0, 'orders#1'),
          http(10, POST, 5, 10),
          http(10, GET),
          restart(2000, 'orders#1'),
        ],
        until: 1500,
      });
      const topic = sim.snapshot().queues.find((q) => q.name === 'order_created')!;
      expect(topic.partitions![0]).toMatchObject({ end: 5, committed: { 'orders-server': 0 } });
      sim.runUntil(60_000);
      expect(handledBy(trace, 'order_created')).toHaveLength(5);
      expect(statuses(trace).sort()).toEqual([200, 201, 201, 201, 201, 201]);
    },
  },
  {
    name: 'kafka: killed mid-handling → uncommitted record handled again by the next owner (duplicate counted)',
    run() {
      const { sim, trace } = kafka({
        replicas: 2,
        latency: 1000,
        script: [http(0, GET), kill(500, 'orders#1')],
      });
      expect(handledBy(trace)).toEqual(['orders#2']);
      const d = ofType(trace, 'message.delivered');
      expect(d.map((x) => [x.instance, x.offset, x.redelivered ?? false])).toEqual([
        ['orders#1', 0, false],
        ['orders#2', 0, true],
      ]);
      // The crash is noticed after the session timeout (30 s), then a rebalance (300 ms).
      expect(d[1]!.t).toBeGreaterThanOrEqual(30_500);
      expect(statuses(trace)).toEqual([200]);
      // #1 had started it: the second handling is duplicate work.
      expect(sim.snapshot().counters.duplicates).toBe(1);
    },
  },
  {
    name: 'kafka: killed mid-handling and restarted → it rejoins (rebalance) and handles the record again from the committed offset',
    run() {
      const { trace } = kafka({
        replicas: 1,
        latency: 1000,
        script: [http(0, GET), kill(500, 'orders#1'), restart(600, 'orders#1')],
      });
      const d = ofType(trace, 'message.delivered');
      expect(d.map((x) => x.redelivered ?? false)).toEqual([false, true]);
      expect(statuses(trace)).toEqual([200]);
    },
  },
  {
    name: 'kafka: a member joining triggers a rebalance pause (300 ms) before partitions are reassigned',
    run() {
      const { sim, trace } = kafka({
        replicas: 1,
        options: { partitions: 2 },
        script: [at(0, { type: 'scale', service: 'orders', replicas: 2 })],
        until: 2000,
      });
      const rb = ofType(trace, 'group.rebalance');
      expect(rb.map((r) => [r.phase, r.t])).toEqual([
        ['start', 500],
        ['done', 800],
      ]);
      expect(rb[1]!.assignment).toEqual({
        'get_order[0]': 'orders#1',
        'get_order[1]': 'orders#2',
        'order_created[0]': 'orders#1',
        'order_created[1]': 'orders#2',
      });
      expect(sim.snapshot().instances.every((i) => !i.idle)).toBe(true);
    },
  },
  {
    name: 'kafka: scaling down (graceful leave) rebalances at once and the survivor takes every partition',
    run() {
      const { sim, trace } = kafka({
        replicas: 2,
        options: { partitions: 2 },
        script: [
          at(1000, { type: 'scale', service: 'orders', replicas: 1 }),
          http(1400, GET, 4, 10),
        ],
      });
      const rb = ofType(trace, 'group.rebalance').filter((r) => r.t >= 1000);
      expect(rb.map((r) => [r.phase, r.t])).toEqual([
        ['start', 1000],
        ['done', 1300],
      ]);
      expect(count(handledBy(trace))).toEqual({ 'orders#1': 4 });
      expect(sim.snapshot().queues.find((q) => q.name === 'get_order')!.consumers).toBe(1);
    },
  },
  {
    name: 'kafka: two services with the same groupId share one group → they split the events (the nestjs-group gotcha)',
    run() {
      const { trace } = kafka({
        replicas: 1,
        options: { groupId: 'nestjs-group', partitions: 2 },
        extra: [
          {
            id: 'notifications',
            options: { groupId: 'nestjs-group', partitions: 2 },
            handlers: [{ pattern: 'order_created', kind: 'event' }],
          },
        ],
        emitTo: ['orders', 'notifications'],
        script: [http(0, POST, 4, 50)],
      });
      const c = count(handledBy(trace, 'order_created').map((i) => i.split('#')[0]!));
      expect(c).toEqual({ orders: 2, notifications: 2 });
    },
  },
  {
    name: 'kafka: request/response on <pattern>.reply with kafka_correlationId / kafka_replyTopic / kafka_replyPartition',
    run() {
      const { trace } = kafka({ replicas: 1, script: [http(0, GET)] });
      const req = hops(trace).find((h) => h.kind === 'request' && h.to === 'broker')!;
      expect(req.wire!.channel).toBe('get_order');
      expect(req.wire!.headers).toMatchObject({
        kafka_correlationId: req.msgId,
        kafka_replyTopic: 'get_order.reply',
        kafka_replyPartition: '0',
      });
      const rep = hops(trace).find((h) => h.kind === 'reply' && h.to === 'gateway')!;
      expect(rep.wire!.channel).toBe('get_order.reply');
      expect(statuses(trace)).toEqual([200]);
    },
  },
  {
    name: 'kafka: subscribeToResponseOf:false → send() throws "The client consumer did not subscribe to the corresponding reply topic (get_order.reply)."',
    run() {
      for (const option of [false, ['other_pattern']]) {
        const { trace } = kafka({
          replicas: 1,
          options: { subscribeToResponseOf: option },
          script: [http(0, GET)],
        });
        expect(errors(trace)).toEqual([
          'The client consumer did not subscribe to the corresponding reply topic (get_order.reply).',
        ]);
        expect(handledBy(trace)).toEqual([]);
      }
    },
  },
  {
    name: 'kafka: broker outage keeps the log; consumers resume after reconnect + rebalance',
    run() {
      const { trace } = kafka({
        replicas: 1,
        script: [
          kill(0, 'orders#1'),
          http(10, POST, 3, 10),
          restart(100, 'orders#1'),
          brokerDown(200),
          brokerUp(1000),
        ],
      });
      // Started at 600 ms: the instance joins while the broker is down, consumes after it is back.
      expect(handledBy(trace)).toHaveLength(3);
      expect(ofType(trace, 'handler.done')[0]!.t).toBeGreaterThan(1000);
    },
  },
];

// ───────────── gRPC model ─────────────

const grpc = (w: Omit<World, 'transport'>) => world({ transport: 'grpc', ...w });
const grpcRows: Row[] = [
  {
    name: 'grpc: unary call OrdersService.GetOrder (method derived from the pattern), point-to-point',
    run() {
      const { trace } = grpc({ replicas: 1, script: [http(0, GET)] });
      const req = hops(trace).find((h) => h.kind === 'request' && h.from === 'gateway')!;
      expect(req.wire!.channel).toBe('OrdersService.GetOrder');
      expect(req.wire!.headers![':path']).toBe('/orders.OrdersService/GetOrder');
      expect(req.to).toBe('orders#1');
      expect(statuses(trace)).toEqual([200]);
    },
  },
  {
    name: 'grpc: handler `method` names the @GrpcMethod',
    run() {
      const { trace } = grpc({
        replicas: 1,
        getOrder: { method: 'FindOne' },
        script: [http(0, GET)],
      });
      const req = hops(trace).find((h) => h.kind === 'request' && h.from === 'gateway')!;
      expect(req.wire!.channel).toBe('OrdersService.FindOne');
    },
  },
  {
    name: 'grpc: no events — emit() → "Method is not supported in gRPC mode…" (→ 500)',
    run() {
      const { trace } = grpc({ replicas: 1, script: [http(0, POST)] });
      expect(errors(trace)).toEqual([GRPC_NO_EVENTS]);
      expect(statuses(trace)).toEqual([500]);
      expect(handledBy(trace)).toEqual([]);
    },
  },
  {
    name: 'grpc: server down → `14 UNAVAILABLE: No connection established. Last error: … ECONNREFUSED …` [obs: conformance]',
    run() {
      const { trace } = grpc({ replicas: 1, script: [kill(0, 'orders#1'), http(10, GET)] });
      expect(errors(trace)).toEqual([
        '14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:5000. Resolution note: ',
      ]);
      expect(errors(trace)).toEqual([grpcUnavailable('127.0.0.1', 5000)]);
      expect(errorDelay(trace)).toBeLessThanOrEqual(5);
    },
  },
  {
    name: 'grpc: route timeoutMs is the deadline → `4 DEADLINE_EXCEEDED: Deadline exceeded` (504)',
    run() {
      const { trace } = grpc({
        replicas: 1,
        latency: 1000,
        timeoutMs: 200,
        script: [http(0, GET)],
      });
      expect(errors(trace)).toEqual([GRPC_DEADLINE]);
      expect(statuses(trace)).toEqual([504]);
    },
  },
  {
    name: 'grpc: a method in the shared proto that the server does not implement → `12 UNIMPLEMENTED` naming the method [obs: conformance]',
    run() {
      const { trace } = grpc({ replicas: 1, script: [http(0, GET_NOPE)] });
      expect(errors(trace)).toEqual([
        '12 UNIMPLEMENTED: The server does not implement the method NoSuchPattern',
      ]);
    },
  },
  {
    name: 'grpc: RpcException("boom") → `2 UNKNOWN: boom`',
    run() {
      const { trace } = grpc({
        replicas: 1,
        getOrder: { failureRate: 1, failure: { type: 'rpc', message: 'boom' } },
        script: [http(0, GET)],
      });
      expect(errors(trace)).toEqual(['2 UNKNOWN: boom']);
    },
  },
  {
    name: 'grpc: 2 instances on one port → EADDRINUSE; with loadBalancer they share the calls',
    run() {
      const plain = grpc({ options: { port: 5000 }, script: [http(0, GET, 4, 50)] });
      expect(count(handledBy(plain.trace))).toEqual({ 'orders#1': 4 });
      expect(plain.sim.snapshot().instances[1]).toMatchObject({ idle: true, note: 'EADDRINUSE' });
      const lb = grpc({ options: { loadBalancer: true }, script: [http(0, GET, 4, 50)] });
      expect(count(handledBy(lb.trace))).toEqual({ 'orders#1': 2, 'orders#2': 2 });
    },
  },
];

// ───────────── NestJS defaults (spec "Defaults that matter") ─────────────

const defaults: Row[] = [
  {
    name: "defaults rmq: client without `queue` sends to '' → silently dropped (request pending, emit completes, 0 deliveries)",
    run() {
      const { sim, trace } = world({
        transport: 'rmq',
        options: {},
        script: [http(0, GET), http(0, POST)],
      });
      expect(statuses(trace)).toEqual([201]);
      expect(handledBy(trace)).toEqual([]);
      expect(sim.snapshot().counters.pending).toBe(1);
      expect(ofType(trace, 'message.dropped').map((d) => d.reason)).toEqual([
        'no-queue',
        'no-queue',
      ]);
    },
  },
  {
    name: 'defaults rmq noAck:false prefetchCount:1: one unacked per consumer, the rest stay ready',
    run() {
      const { sim } = world({
        transport: 'rmq',
        options: { queue: 'orders_queue', noAck: false, prefetchCount: 1 },
        script: [http(0, GET, 5, 1)],
        until: 2000,
      });
      expect(sim.snapshot().queues[0]).toMatchObject({ ready: 3, unacked: 2, consumers: 2 });
    },
  },
  {
    name: 'defaults rmq noAck:false prefetchCount:1 with ack(): the queue drains one by one',
    run() {
      const { sim, trace } = world({
        transport: 'rmq',
        options: { queue: 'orders_queue', noAck: false, prefetchCount: 1 },
        getOrder: { ack: true },
        script: [http(0, GET, 5, 1)],
      });
      expect(statuses(trace)).toEqual(Array(5).fill(200));
      expect(sim.snapshot().queues[0]).toMatchObject({ ready: 0, unacked: 0, consumers: 2 });
    },
  },
  {
    name: 'defaults no request timeout: with a route timeoutMs the gateway answers 504 after it',
    run() {
      const { trace } = world({
        transport: 'redis',
        timeoutMs: 300,
        script: [kill(0, 'orders#1'), kill(0, 'orders#2'), http(10, GET)],
      });
      expect(statuses(trace)).toEqual([504]);
      expect(ofType(trace, 'request.timeout')).toHaveLength(1);
    },
  },
  {
    name: 'defaults TRANSPORT_NOTES: every transport has an English and a Brazilian Portuguese note',
    run() {
      for (const k of ['redis', 'nats', 'rmq', 'mqtt', 'kafka', 'tcp', 'grpc'] as const) {
        expect(TRANSPORT_NOTES[k].en.length).toBeGreaterThan(40);
        expect(TRANSPORT_NOTES[k]['pt-BR'].length).toBeGreaterThan(40);
      }
    },
  },
];

// ───────────── determinism ─────────────

const determinism: Row[] = (['kafka', 'rmq', 'redis', 'grpc'] as const).map((transport): Row => ({
  name: `determinism ${transport}: same seed ⇒ same trace, with outages and kills`,
  run() {
    const w: World = {
      transport,
      replicas: 3,
      latency: 60,
      options:
        transport === 'rmq' ? { queue: 'q', noAck: false } : { partitions: 2, loadBalancer: true },
      script: [
        http(0, GET, 50, 37),
        http(5, POST, 50, 41),
        kill(300, 'orders#2'),
        brokerDown(700),
        brokerUp(1200),
        restart(1500, 'orders#2'),
      ],
    };
    const a = JSON.stringify(world(w).trace);
    const b = JSON.stringify(world(w).trace);
    expect(a.length).toBeGreaterThan(1000);
    expect(a).toBe(b);
  },
}));

determinism.push(
  ...(['kafka', 'rmq', 'mqtt', 'tcp'] as const).map((transport): Row => ({
    name: `determinism ${transport}: many small runUntil steps give the same trace as one big step`,
    run() {
      const model: World = {
        transport,
        latency: 40,
        options:
          transport === 'rmq'
            ? { queue: 'q', noAck: false, persistent: true }
            : { partitions: 2, loadBalancer: true, qos: 1, clean: false },
        script: [
          http(0, GET, 30, 23),
          http(3, POST, 30, 29),
          kill(200, 'orders#1'),
          brokerDown(400),
          brokerUp(900),
          restart(1000, 'orders#1'),
        ],
        until: 0,
      };
      const a = world(model);
      a.sim.runUntil(40_000);
      const b = world(model);
      for (let t = 0; t <= 40_000; t += 16.6) b.sim.runUntil(t);
      b.sim.runUntil(40_000);
      expect(JSON.stringify(b.trace)).toBe(JSON.stringify(a.trace));
    },
  })),
);

const TABLE: [string, Row[]][] = [
  ['§1 event fan-out', section1],
  ['§2 request/response', section2],
  ['§3 no matching handler', section3],
  ['§4 instance down', section4],
  ['§5 handler throws', section5],
  ['§6 wire format', section6],
  ['§7 broker restart', section7],
  ['§8 tcp', section8],
  ['mqtt persistent session', mqttSessions],
  ['kafka model', kafkaRows],
  ['grpc model', grpcRows],
  ['NestJS defaults', defaults],
  ['determinism', determinism],
];

for (const [title, rows] of TABLE)
  describe(title, () => {
    for (const row of rows) it(row.name, row.run);
  });

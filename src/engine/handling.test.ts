/**
 * How one delivery is handled (docs/resilience.md, docs/transports.md): failure rates, what the
 * server logs, what the client receives, idempotency, duplicate counting and reply bookkeeping.
 */
import { describe, expect, it } from 'vitest';
import { buildModel, ofType, run, type ServiceInput } from './testkit';
import type { TransportKind } from '../shared';
import type { Command, ScriptStep, TraceEvent } from './types';

const GET = 'GET /orders/:id';
const POST = 'POST /orders';
const at = (t: number, command: Command): ScriptStep => ({ at: t, command });
const http = (t: number, count = 1, everyMs = 0, route = GET) =>
  at(t, { type: 'http', route, count, everyMs });

function world(opts: {
  transport?: TransportKind;
  service?: Partial<ServiceInput>;
  extra?: ServiceInput[];
  emitTo?: string[];
  script: ScriptStep[];
  until?: number;
}) {
  const transport = opts.transport ?? 'rmq';
  const model = buildModel({
    transport,
    services: [
      {
        id: 'orders',
        options: transport === 'rmq' ? { queue: 'orders_queue' } : {},
        handlers: [
          { pattern: 'get_order', kind: 'request' },
          { pattern: 'order_created', kind: 'event' },
        ],
        ...opts.service,
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
const statuses = (trace: TraceEvent[]) => ofType(trace, 'http.response').map((e) => e.status);

describe('failures', () => {
  it('failureRate 0.5 fails about half of 400 handlings (seeded), not all of them', () => {
    const { trace } = world({
      service: {
        handlers: [{ pattern: 'get_order', kind: 'request', failureRate: 0.5 }],
      },
      script: [http(0, 400, 5)],
    });
    const failed = statuses(trace).filter((s) => s === 500).length;
    expect(failed).toBeGreaterThan(150);
    expect(failed).toBeLessThan(250);
  });

  it('errorRate 50 % fails about half of 400 handlings', () => {
    const { trace } = world({
      script: [at(0, { type: 'errorRate', service: 'orders', percent: 50 }), http(0, 400, 5)],
    });
    const failed = statuses(trace).filter((s) => s === 500).length;
    expect(failed).toBeGreaterThan(150);
    expect(failed).toBeLessThan(250);
  });

  it('handler.done says ok:false for a failed handling and ok:true otherwise', () => {
    const { trace } = world({
      script: [at(0, { type: 'poison', route: GET }), http(0, 2, 50)],
    });
    expect(ofType(trace, 'handler.done').map((d) => d.ok)).toEqual([false, true]);
  });

  it('an RpcException is not logged by the server; a plain Error is, and only when thrown', () => {
    const rpc = world({
      service: {
        handlers: [
          {
            pattern: 'get_order',
            kind: 'request',
            failureRate: 1,
            failure: { type: 'rpc', message: 'boom' },
          },
        ],
      },
      script: [http(0)],
    });
    expect(ofType(rpc.trace, 'server.log')).toEqual([]);
    const plain = world({
      service: {
        handlers: [
          {
            pattern: 'get_order',
            kind: 'request',
            failureRate: 0,
            failure: { type: 'error', message: 'plain boom' },
          },
        ],
      },
      script: [http(0), at(100, { type: 'poison', route: GET }), http(100)],
    });
    expect(ofType(plain.trace, 'server.log').map((l) => l.text)).toEqual([
      '[RpcExceptionsHandler] Error: plain boom',
    ]);
  });

  it('a plain Error is `Internal server error` at the client even if it carries an object', () => {
    const { trace } = world({
      service: {
        handlers: [
          {
            pattern: 'get_order',
            kind: 'request',
            failureRate: 1,
            failure: { type: 'error', message: 'x', error: { code: 'E_X' } },
          },
        ],
      },
      script: [http(0)],
    });
    expect(ofType(trace, 'request.error').map((e) => e.error)).toEqual([
      { status: 'error', message: 'Internal server error' },
    ]);
  });

  it('a fractional handler latency without jitter is kept as is (2.5 ms)', () => {
    const { trace } = world({
      service: {
        handlers: [{ pattern: 'get_order', kind: 'request', latency: { mean: 2.5, jitter: 0 } }],
      },
      script: [http(0)],
    });
    const d = ofType(trace, 'message.delivered')[0]!;
    expect(ofType(trace, 'handler.done')[0]!.t - d.t).toBe(2.5);
  });
});

describe('idempotent handlers', () => {
  it('a message whose handler died mid-handling is handled again when redelivered, not skipped', () => {
    const { trace } = world({
      service: {
        replicas: 2,
        options: { queue: 'orders_queue', noAck: false, prefetchCount: 1 },
        handlers: [
          {
            pattern: 'get_order',
            kind: 'request',
            ack: true,
            idempotent: true,
            latency: { mean: 500, jitter: 0 },
          },
        ],
      },
      script: [http(0), at(200, { type: 'kill', instance: 'orders#1' })],
    });
    expect(ofType(trace, 'handler.skipped')).toEqual([]);
    expect(ofType(trace, 'handler.done').map((d) => d.instance)).toEqual(['orders#2']);
    expect(statuses(trace)).toEqual([200]);
  });

  it('a redelivered request already handled is skipped (reason `duplicate`) and answered with the remembered reply', () => {
    // orders#1 handles r1 but its reply is lost (partition), then it dies: the unacked message
    // goes to orders#2, which skips the work and sends orders#1's remembered reply.
    const { trace } = world({
      service: {
        replicas: 2,
        options: { queue: 'orders_queue', noAck: false, prefetchCount: 1 },
        handlers: [
          {
            pattern: 'get_order',
            kind: 'request',
            idempotent: true,
            latency: { mean: 100, jitter: 0 },
          },
        ],
      },
      script: [
        http(0),
        at(50, { type: 'partition', link: ['broker', 'orders#1'] }),
        at(300, { type: 'kill', instance: 'orders#1' }),
      ],
    });
    const skipped = ofType(trace, 'handler.skipped');
    expect(skipped.map((s) => [s.instance, s.reason])).toEqual([['orders#2', 'duplicate']]);
    expect(statuses(trace)).toEqual([200]);
    const reply = ofType(trace, 'hop').find((h) => h.kind === 'reply' && h.to === 'gateway')!;
    expect(reply.from).toBe('broker');
    expect(reply.wire!.body).toMatchObject({ response: { handledBy: 'orders#1' } });
    expect(ofType(trace, 'reply.received').map((r) => r.instance)).toEqual(['orders#2']);
  });

  it('a failed handling is forgotten: a poisoned message requeued on failure is handled every time', () => {
    const { trace } = world({
      service: {
        options: { queue: 'orders_queue', noAck: false, deadLetterAfter: 3 },
        handlers: [
          {
            pattern: 'get_order',
            kind: 'request',
            ack: true,
            requeueOnFailure: true,
            idempotent: true,
          },
        ],
      },
      script: [at(0, { type: 'poison', route: GET }), http(0)],
    });
    expect(ofType(trace, 'handler.done').map((d) => d.ok)).toEqual([false, false, false]);
    expect(ofType(trace, 'handler.skipped')).toEqual([]);
  });
});

describe('duplicates and replies', () => {
  it('one event handled by two services (one rmq queue each) is no duplicate work', () => {
    const { sim, trace } = world({
      extra: [
        {
          id: 'notifications',
          options: { queue: 'notifications_queue' },
          handlers: [{ pattern: 'order_created', kind: 'event' }],
        },
      ],
      emitTo: ['orders', 'notifications'],
      script: [http(0, 3, 50, POST)],
    });
    expect(ofType(trace, 'handler.done')).toHaveLength(6);
    expect(sim.snapshot().counters.duplicates).toBe(0);
  });

  it('a losing redis reply is dropped as `late-reply` with the instance that sent it', () => {
    const { trace } = world({
      transport: 'redis',
      service: { replicas: 2 },
      script: [http(0)],
    });
    const winner = ofType(trace, 'reply.received')[0]!.instance;
    const loser = winner === 'orders#1' ? 'orders#2' : 'orders#1';
    expect(ofType(trace, 'message.dropped').map((d) => [d.reason, d.instance])).toEqual([
      ['late-reply', loser],
    ]);
  });

  it('a plain reply is received without stream fields; an error reply too', () => {
    const { trace } = world({
      script: [at(0, { type: 'poison', route: GET }), http(0, 2, 50)],
    });
    for (const r of ofType(trace, 'reply.received'))
      expect(Object.keys(r).sort()).toEqual(['instance', 'msgId', 'reqId', 't', 'type']);
    expect(ofType(trace, 'reply.received')).toHaveLength(2);
  });

  it('deliveries outside kafka carry no partition or offset, redelivered or not', () => {
    const { trace } = world({
      service: {
        options: { queue: 'orders_queue', noAck: false },
        handlers: [{ pattern: 'get_order', kind: 'request', latency: { mean: 300, jitter: 0 } }],
      },
      script: [
        http(0),
        at(100, { type: 'kill', instance: 'orders#1' }),
        at(200, { type: 'restart', instance: 'orders#1' }),
      ],
    });
    const d = ofType(trace, 'message.delivered');
    expect(d.map((x) => x.redelivered ?? false)).toEqual([false, true]);
    for (const x of d) {
      expect(x).not.toHaveProperty('partition');
      expect(x).not.toHaveProperty('offset');
    }
  });
});

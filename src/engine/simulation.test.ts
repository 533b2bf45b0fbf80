import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildModel, ofType, run } from './testkit';
import type { ScriptStep } from './types';

const GET = 'GET /orders/:id';
const POST = 'POST /orders';

function orders(
  transport: 'rmq' | 'redis' | 'nats' | 'mqtt' | 'tcp',
  extra: { script?: ScriptStep[]; timeoutMs?: number; replicas?: number } = {},
) {
  return buildModel({
    transport,
    ...(extra.timeoutMs ? { timeoutMs: extra.timeoutMs } : {}),
    services: [
      {
        id: 'orders',
        replicas: extra.replicas ?? 2,
        options: transport === 'rmq' ? { queue: 'orders_queue' } : {},
        handlers: [
          { pattern: 'get_order', kind: 'request', latency: { mean: 40, jitter: 10 } },
          { pattern: 'order_created', kind: 'event' },
        ],
      },
      {
        id: 'notifications',
        options: transport === 'rmq' ? { queue: 'notifications_queue' } : {},
        handlers: [{ pattern: 'order_created', kind: 'event', latency: { mean: 25, jitter: 0 } }],
      },
    ],
    routes: [
      { path: '/orders/:id', send: 'get_order', to: 'orders' },
      { path: '/orders', emit: 'order_created', to: ['orders', 'notifications'] },
    ],
    script: extra.script ?? [
      { at: 0, command: { type: 'http', route: GET, count: 10, everyMs: 100 } },
    ],
  });
}

const hash = (x: unknown) => createHash('sha256').update(JSON.stringify(x)).digest('hex');

describe('determinism', () => {
  it('the same scenario and seed give a byte-identical trace', () => {
    const a = run(orders('rmq'));
    a.sim.runUntil(60_000);
    const b = run(orders('rmq'));
    b.sim.runUntil(60_000);
    expect(a.trace.length).toBeGreaterThan(50);
    expect(hash(a.trace)).toBe(hash(b.trace));
  });

  it('another seed gives other latencies', () => {
    const a = run(orders('rmq'), { seed: 1 });
    a.sim.runUntil(60_000);
    const b = run(orders('rmq'), { seed: 2 });
    b.sim.runUntil(60_000);
    const ms = (t: typeof a.trace) => ofType(t, 'http.response').map((e) => e.ms);
    expect(ms(a.trace)).not.toEqual(ms(b.trace));
  });

  it('running in many small steps gives the same trace as one big step', () => {
    const a = run(orders('redis'));
    a.sim.runUntil(5000);
    const b = run(orders('redis'));
    for (let t = 0; t <= 5000; t += 16.6) b.sim.runUntil(t);
    b.sim.runUntil(5000);
    expect(hash(b.trace)).toBe(hash(a.trace));
  });
});

describe('the clock', () => {
  it('emits trace events in non-decreasing time order', () => {
    const { sim, trace } = run(orders('rmq'));
    sim.runUntil(60_000);
    for (let i = 1; i < trace.length; i++)
      expect(trace[i]!.t).toBeGreaterThanOrEqual(trace[i - 1]!.t);
    expect(sim.isQuiet()).toBe(true);
  });
});

describe('request/response with correlation', () => {
  it('every GET is answered 200 and each reply matches its own request id', () => {
    const { sim, trace } = run(orders('rmq'));
    sim.runUntil(60_000);
    const responses = ofType(trace, 'http.response');
    expect(responses).toHaveLength(10);
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const sends = ofType(trace, 'client.send');
    const replies = ofType(trace, 'reply.received');
    expect(new Set(replies.map((r) => r.msgId))).toEqual(new Set(sends.map((s) => s.msgId)));
    // The reply travels back on the RMQ direct reply-to queue with the correlation id.
    const replyHop = ofType(trace, 'hop').find((h) => h.kind === 'reply' && h.to === 'gateway')!;
    expect(replyHop.wire?.channel).toMatch(/^amq\.rabbitmq\.reply-to/);
    expect(replyHop.wire?.headers?.correlationId).toBe(replyHop.msgId);
    expect(replyHop.wire?.body).not.toHaveProperty('id');
  });
});

describe('competing consumers vs fan-out', () => {
  it('on rmq 10 requests to 2 instances are handled 10 times, strictly alternating', () => {
    const { sim, trace } = run(orders('rmq'));
    sim.runUntil(60_000);
    const order = ofType(trace, 'message.delivered').map((d) => d.instance);
    expect(order).toEqual([
      'orders#1',
      'orders#2',
      'orders#1',
      'orders#2',
      'orders#1',
      'orders#2',
      'orders#1',
      'orders#2',
      'orders#1',
      'orders#2',
    ]);
    expect(sim.snapshot().counters.duplicates).toBe(0);
  });

  it('on redis 10 requests to 2 instances are handled 20 times and the loser replies are dropped', () => {
    const { sim, trace } = run(orders('redis'));
    sim.runUntil(60_000);
    expect(ofType(trace, 'handler.done')).toHaveLength(20);
    expect(ofType(trace, 'http.response')).toHaveLength(10);
    expect(ofType(trace, 'message.dropped').filter((d) => d.reason === 'late-reply')).toHaveLength(
      10,
    );
    expect(sim.snapshot().counters.duplicates).toBe(10);
  });

  it('an rmq emit reaches one orders instance and the notifications instance (one copy per queue)', () => {
    const { sim, trace } = run(
      orders('rmq', {
        script: [{ at: 0, command: { type: 'http', route: POST, count: 1, everyMs: 0 } }],
      }),
    );
    sim.runUntil(10_000);
    expect(
      ofType(trace, 'message.delivered')
        .map((d) => d.instance)
        .sort(),
    ).toEqual(['notifications#1', 'orders#1']);
    expect(ofType(trace, 'http.response')[0]!.status).toBe(201);
  });

  it('a redis emit reaches every subscribed instance', () => {
    const { sim, trace } = run(
      orders('redis', {
        script: [{ at: 0, command: { type: 'http', route: POST, count: 1, everyMs: 0 } }],
      }),
    );
    sim.runUntil(10_000);
    expect(
      ofType(trace, 'message.delivered')
        .map((d) => d.instance)
        .sort(),
    ).toEqual(['notifications#1', 'orders#1', 'orders#2']);
  });
});

describe('kill and restart', () => {
  const killBoth: ScriptStep[] = [
    { at: 0, command: { type: 'kill', instance: 'orders#1' } },
    { at: 0, command: { type: 'kill', instance: 'orders#2' } },
    { at: 10, command: { type: 'http', route: GET, count: 1, everyMs: 0 } },
  ];

  it('with both instances down and a gateway timeout, the client gets a 504 after the timeout', () => {
    const { sim, trace } = run(orders('rmq', { timeoutMs: 200, script: killBoth }));
    sim.runUntil(10_000);
    expect(ofType(trace, 'request.timeout')).toHaveLength(1);
    const res = ofType(trace, 'http.response')[0]!;
    expect(res.status).toBe(504);
    expect(res.ms).toBeGreaterThanOrEqual(200);
    expect(res.ms).toBeLessThan(260);
  });

  it('on rmq the request waits in the queue while nobody consumes and is answered after a restart', () => {
    const { sim, trace } = run(
      orders('rmq', {
        script: [...killBoth, { at: 1000, command: { type: 'restart', instance: 'orders#2' } }],
      }),
    );
    sim.runUntil(500);
    const q = sim.snapshot().queues.find((x) => x.name === 'orders_queue')!;
    expect(q.ready).toBe(1);
    expect(q.consumers).toBe(0);
    sim.runUntil(10_000);
    const res = ofType(trace, 'http.response')[0]!;
    expect(res.status).toBe(200);
    expect(res.ms).toBeGreaterThan(1000);
    expect(ofType(trace, 'message.delivered')[0]!.instance).toBe('orders#2');
  });

  it('on redis a request with nobody subscribed hangs forever (no timeout by default)', () => {
    const { sim, trace } = run(orders('redis', { script: killBoth }));
    sim.runUntil(60_000);
    expect(ofType(trace, 'http.response')).toHaveLength(0);
    expect(ofType(trace, 'message.dropped')[0]!.reason).toBe('no-subscribers');
    expect(sim.snapshot().counters.pending).toBe(1);
  });

  it('an instance killed while handling never answers (rmq, noAck)', () => {
    const { sim, trace } = run(
      orders('rmq', {
        replicas: 1,
        script: [
          { at: 0, command: { type: 'http', route: GET, count: 1, everyMs: 0 } },
          { at: 30, command: { type: 'kill', instance: 'orders#1' } },
          { at: 100, command: { type: 'restart', instance: 'orders#1' } },
        ],
      }),
    );
    sim.runUntil(60_000);
    expect(ofType(trace, 'message.delivered')).toHaveLength(1);
    expect(ofType(trace, 'handler.done')).toHaveLength(0);
    expect(ofType(trace, 'http.response')).toHaveLength(0);
    expect(sim.snapshot().instances.find((i) => i.id === 'orders#1')!.status).toBe('up');
  });

  it('a restarted instance is starting for its start-up time, then up', () => {
    const { sim, trace } = run(
      orders('rmq', {
        script: [
          { at: 0, command: { type: 'kill', instance: 'orders#1' } },
          { at: 100, command: { type: 'restart', instance: 'orders#1' } },
        ],
      }),
    );
    sim.runUntil(200);
    expect(sim.snapshot().instances[0]!.status).toBe('starting');
    sim.runUntil(700);
    expect(sim.snapshot().instances[0]!.status).toBe('up');
    expect(ofType(trace, 'instance.up').map((e) => e.t)).toEqual([600]);
  });

  it('scaling out adds orders#3 which then takes its share of the queue', () => {
    const { sim, trace } = run(
      orders('rmq', {
        script: [
          { at: 0, command: { type: 'scale', service: 'orders', replicas: 3 } },
          { at: 1000, command: { type: 'http', route: GET, count: 6, everyMs: 10 } },
        ],
      }),
    );
    sim.runUntil(10_000);
    const counts: Record<string, number> = {};
    for (const d of ofType(trace, 'message.delivered'))
      counts[d.instance] = (counts[d.instance] ?? 0) + 1;
    expect(counts).toEqual({ 'orders#1': 2, 'orders#2': 2, 'orders#3': 2 });
  });
});

describe('snapshot', () => {
  it('shows messages in flight with progress between 0 and 1', () => {
    const { sim } = run(orders('rmq'));
    sim.runUntil(5);
    const snap = sim.snapshot();
    expect(snap.inFlight.length).toBeGreaterThan(0);
    for (const m of snap.inFlight) {
      expect(m.progress).toBeGreaterThanOrEqual(0);
      expect(m.progress).toBeLessThanOrEqual(1);
    }
    expect(snap.instances.map((i) => i.id)).toEqual(['orders#1', 'orders#2', 'notifications#1']);
    expect(snap.nodes.map((n) => n.type)).toEqual([
      'client',
      'gateway',
      'broker',
      'service',
      'service',
    ]);
  });
});

describe('errors from handlers', () => {
  it('an RpcException reaches the client as {status, message} and the gateway answers 500', () => {
    const model = buildModel({
      transport: 'rmq',
      services: [
        {
          id: 'orders',
          options: { queue: 'q' },
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
      script: [{ at: 0, command: { type: 'http', route: GET, count: 1, everyMs: 0 } }],
    });
    const { sim, trace } = run(model);
    sim.runUntil(1000);
    expect(ofType(trace, 'request.error')[0]!.error).toEqual({ status: 'error', message: 'boom' });
    expect(ofType(trace, 'http.response')[0]!.status).toBe(500);
  });

  it('a plain Error becomes "Internal server error"', () => {
    const model = buildModel({
      transport: 'redis',
      services: [
        {
          id: 'orders',
          handlers: [
            {
              pattern: 'get_order',
              kind: 'request',
              failureRate: 1,
              failure: { type: 'error', message: 'plain boom' },
            },
          ],
        },
      ],
      routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
      script: [{ at: 0, command: { type: 'http', route: GET, count: 1, everyMs: 0 } }],
    });
    const { sim, trace } = run(model);
    sim.runUntil(1000);
    expect(ofType(trace, 'request.error')[0]!.error).toEqual({
      status: 'error',
      message: 'Internal server error',
    });
    expect(ofType(trace, 'server.log')[0]!.text).toBe('[RpcExceptionsHandler] Error: plain boom');
  });
});

/**
 * Spec §2, "Streaming replies mix instances": a handler that returns `of(1, 2, 3)` sends one
 * packet per value, the last with `isDisposed`; the client's Observable completes on the first
 * `isDisposed`. With two instances on a fan-out transport the values interleave.
 */
import { describe, expect, it } from 'vitest';
import { buildModel, ofType, run } from '../testkit';
import type { TransportKind } from '../../shared';

const GET = 'GET /orders/:id';

function streaming(transport: TransportKind, replicas: number, sends = 20) {
  const model = buildModel({
    transport,
    services: [
      {
        id: 'orders',
        replicas,
        options: transport === 'rmq' ? { queue: 'orders_queue' } : {},
        handlers: [
          { pattern: 'get_order', kind: 'request', latency: { mean: 5, jitter: 3 }, stream: 3 },
        ],
      },
    ],
    routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
    script: [{ at: 0, command: { type: 'http', route: GET, count: sends, everyMs: 50 } }],
  });
  const { sim, trace } = run(model);
  sim.runUntil(60_000);
  const completed = ofType(trace, 'reply.received').filter((r) => r.more === false);
  return { sim, trace, sequences: completed.map((r) => r.values as number[]) };
}

/** A merge of some prefixes of [1,2,3] from each instance: every value 1..3, never decreasing per source. */
const isInterleavingOfPrefixes = (seq: number[]) =>
  seq.at(-1) === 3 && seq.every((v) => v >= 1 && v <= 3) && seq.filter((v) => v === 3).length === 1;

describe('§2 streaming replies', () => {
  it('§2 a stream from one instance arrives whole and in order: [1,2,3] every time (rmq)', () => {
    const { sequences, trace } = streaming('rmq', 2);
    expect(sequences).toHaveLength(20);
    for (const s of sequences) expect(s).toEqual([1, 2, 3]);
    // Wire: one packet per value, only the last one disposes.
    const replyHops = ofType(trace, 'hop').filter((h) => h.kind === 'reply' && h.to === 'gateway');
    expect(
      replyHops.filter((h) => (h.wire?.body as { isDisposed?: boolean }).isDisposed === false),
    ).toHaveLength(40);
    expect(ofType(trace, 'http.response').every((r) => r.status === 200)).toBe(true);
  });

  it('§2 redis with 2 instances: values of both interleave ([1,1,2,3]…) and the first isDisposed completes', () => {
    const { sequences } = streaming('redis', 2);
    expect(sequences).toHaveLength(20);
    for (const s of sequences) expect(isInterleavingOfPrefixes(s)).toBe(true);
    expect(sequences.some((s) => s.length > 3)).toBe(true); // mixed, as observed on real Redis
  });

  it('§2 nats without queue group and mqtt plain topics mix the same way', () => {
    for (const t of ['nats', 'mqtt'] as const) {
      const { sequences } = streaming(t, 2);
      expect(sequences).toHaveLength(20);
      for (const s of sequences) expect(isInterleavingOfPrefixes(s)).toBe(true);
      expect(sequences.some((s) => s.length > 3)).toBe(true);
    }
  });

  it('§2 packets of one stream never overtake each other on a link, whatever the jitter', () => {
    const { trace } = streaming('redis', 1, 40);
    const arrivals = new Map<string, number[]>();
    for (const r of ofType(trace, 'reply.received')) {
      const list = arrivals.get(r.msgId) ?? [];
      list.push(r.value as number);
      arrivals.set(r.msgId, list);
    }
    for (const values of arrivals.values()) expect(values).toEqual([1, 2, 3]);
  });
});

describe('§2 streaming over point-to-point links', () => {
  function tcpStream(options: Record<string, unknown>) {
    const model = buildModel({
      transport: 'tcp',
      services: [
        {
          id: 'orders',
          replicas: 2,
          options,
          handlers: [
            { pattern: 'get_order', kind: 'request', latency: { mean: 5, jitter: 3 }, stream: 4 },
          ],
        },
      ],
      routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
      script: [{ at: 0, command: { type: 'http', route: GET, count: 20, everyMs: 30 } }],
    });
    const { sim, trace } = run(model);
    sim.runUntil(60_000);
    return ofType(trace, 'reply.received').filter((r) => r.more === false);
  }

  it('tcp: each stream arrives whole and in order on the one connection: [1,2,3,4]', () => {
    const done = tcpStream({});
    expect(done).toHaveLength(20);
    for (const r of done) expect(r.values).toEqual([1, 2, 3, 4]);
  });

  it('tcp through the load balancer: still [1,2,3,4] on both links (server → lb → gateway)', () => {
    const done = tcpStream({ loadBalancer: true });
    expect(done).toHaveLength(20);
    for (const r of done) expect(r.values).toEqual([1, 2, 3, 4]);
    // One connection through the balancer: every stream comes from the instance behind it.
    expect(new Set(done.map((r) => r.instance))).toEqual(new Set(['orders#1']));
  });
});

import { describe, expect, it } from 'vitest';
import type { AnyEvent } from './labTypes';
import { chainOf, requestOf, sequenceOf, waterfallOf } from './trace';

const ev = (o: Record<string, unknown> & { type: string; t: number }) => o as AnyEvent;

/** One GET through rmq: queued 5 ms at the broker, 20 ms of work on orders#1. */
const request: AnyEvent[] = [
  ev({ type: 'http.request', t: 0, reqId: 'r1', method: 'GET', path: '/orders/1' }),
  ev({ type: 'hop', t: 0, msgId: 'r1', kind: 'http', from: 'client', to: 'gateway', arriveAt: 2 }),
  ev({ type: 'client.send', t: 2, msgId: 'm1', reqId: 'r1', pattern: 'get_order', to: 'orders' }),
  ev({
    type: 'hop',
    t: 2,
    msgId: 'm1',
    kind: 'request',
    from: 'gateway',
    to: 'broker',
    arriveAt: 4,
  }),
  ev({
    type: 'hop',
    t: 9,
    msgId: 'm1',
    kind: 'request',
    from: 'broker',
    to: 'orders#1',
    arriveAt: 11,
  }),
  ev({ type: 'message.delivered', t: 11, msgId: 'm1', instance: 'orders#1', pattern: 'get_order' }),
  ev({
    type: 'handler.done',
    t: 31,
    msgId: 'm1',
    instance: 'orders#1',
    ok: true,
    pattern: 'get_order',
  }),
  ev({
    type: 'hop',
    t: 31,
    msgId: 'm1',
    kind: 'reply',
    from: 'orders#1',
    to: 'broker',
    arriveAt: 33,
  }),
  ev({
    type: 'hop',
    t: 33,
    msgId: 'm1',
    kind: 'reply',
    from: 'broker',
    to: 'gateway',
    arriveAt: 35,
  }),
  ev({ type: 'reply.received', t: 35, msgId: 'm1', instance: 'orders#1' }),
  ev({
    type: 'hop',
    t: 35,
    msgId: 'r1',
    kind: 'http-response',
    from: 'gateway',
    to: 'client',
    arriveAt: 37,
  }),
  ev({ type: 'http.response', t: 37, reqId: 'r1', status: 200, ms: 37 }),
  // another request, unrelated
  ev({ type: 'client.send', t: 40, msgId: 'm2', reqId: 'r2', pattern: 'x', to: 'orders' }),
];

describe('chainOf', () => {
  it('from a request id or any of its message ids, finds the whole chain', () => {
    expect([...chainOf(request, 'r1')].sort()).toEqual(['m1', 'r1']);
    expect([...chainOf(request, 'm1')].sort()).toEqual(['m1', 'r1']);
    expect([...chainOf(request, 'zz')]).toEqual(['zz']);
    expect(requestOf(request, 'm1')).toBe('r1');
    expect(requestOf(request, 'r1')).toBe('r1');
    expect(requestOf(request, 'zz')).toBe('zz');
  });
});

describe('waterfallOf', () => {
  it('splits a request into transit, broker queueing and handler work', () => {
    const w = waterfallOf(request, 'm1', 100)!;
    expect(w.start).toBe(0);
    expect(w.end).toBe(37);
    expect(w.status).toBe(200);
    expect(w.spans[0]).toMatchObject({
      kind: 'total',
      start: 0,
      end: 37,
      ok: true,
      label: 'GET /orders/1',
    });
    const wait = w.spans.filter((s) => s.kind === 'wait');
    expect(wait).toEqual([{ kind: 'wait', node: 'broker', label: 'broker', start: 4, end: 9 }]);
    const work = w.spans.filter((s) => s.kind === 'work');
    expect(work).toMatchObject([{ node: 'orders#1', start: 11, end: 31, ok: true }]);
    expect(w.spans.filter((s) => s.kind === 'transit')).toHaveLength(6);
    expect(w.target).toBe('orders'); // where client.send sent it (gRPC marks name the deadline)
  });

  it('a request that timed out is open until now and carries a timeout mark', () => {
    const events = [...request.slice(0, 4), ev({ type: 'request.timeout', t: 202, msgId: 'm1' })];
    const w = waterfallOf(events, 'r1', 250)!;
    expect(w.status).toBeUndefined();
    expect(w.spans[0]).toMatchObject({ kind: 'total', end: 250 });
    expect(w.marks).toEqual([{ t: 202, kind: 'timeout', label: 'TimeoutError' }]);
  });

  it('returns null when nothing of the chain is left', () => {
    expect(waterfallOf(request, 'nope', 0)).toBeNull();
  });
});

describe('sequenceOf', () => {
  it('keeps the last n messages and orders lanes as the model, then first seen', () => {
    const s = sequenceOf(request, ['client', 'gateway', 'broker'], 1);
    expect(new Set(s.arrows.map((a) => a.msgId))).toEqual(new Set(['r1']));
    expect(s.lanes).toEqual(['client', 'gateway', 'broker']);
    const all = sequenceOf(request, ['client', 'gateway', 'broker'], 10);
    expect(all.lanes).toEqual(['client', 'gateway', 'broker', 'orders#1']);
    expect(all.t0).toBe(0);
    expect(all.t1).toBe(37);
  });
});

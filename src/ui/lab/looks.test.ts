import { describe, expect, it } from 'vitest';
import type { AnyEvent } from '../../trace/labTypes';
import { sequenceOf, waterfallOf } from '../../trace/trace';
import { HANDLING_COLOR, spanLook } from './looks';
import { arrowText } from './seqLayout';
import { KIND_STYLE } from '../canvas/tokenPaint';
import { labTranslate } from './labI18n';

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

describe('waterfall looks: each leg wears its token look, handling has its own', () => {
  it("a reply's legs are reply-coloured ◆, never the handling colour", () => {
    const w = waterfallOf(request, 'r1', 100)!;
    const replyLegs = w.spans.filter((x) => x.kind === 'transit' && x.msgKind === 'reply');
    expect(replyLegs).toHaveLength(2);
    for (const leg of replyLegs) {
      expect(spanLook(leg)).toEqual({ color: KIND_STYLE.reply.color, glyph: '◆' });
      expect(spanLook(leg).color).not.toBe(HANDLING_COLOR);
    }
    const work = w.spans.find((x) => x.kind === 'work')!;
    expect(spanLook(work).color).toBe(HANDLING_COLOR);
    // No token wears the handling colour.
    expect(Object.values(KIND_STYLE).map((k) => k.color)).not.toContain(HANDLING_COLOR);
  });

  it('requests ●, errors ✕ and HTTP ■ in their token colours; a failed handling is an error', () => {
    expect(spanLook({ kind: 'transit', msgKind: 'request' })).toEqual({
      color: KIND_STYLE.request.color,
      glyph: '●',
    });
    expect(spanLook({ kind: 'transit', msgKind: 'error' })).toEqual({
      color: KIND_STYLE.error.color,
      glyph: '✕',
    });
    expect(spanLook({ kind: 'transit', msgKind: 'http-response' }).glyph).toBe('■');
    expect(spanLook({ kind: 'work', ok: false })).toEqual({
      color: KIND_STYLE.error.color,
      glyph: '✕',
    });
  });
});

describe('sequence arrow labels', () => {
  const t = (k: Parameters<typeof labTranslate>[1]) => labTranslate('en', k);
  const tPt = (k: Parameters<typeof labTranslate>[1]) => labTranslate('pt-BR', k);

  it('name the pattern or the kind with the token glyph', () => {
    const s = sequenceOf(request, ['client', 'gateway', 'broker'], 10);
    const text = s.arrows.map((a) => arrowText(t, a));
    expect(text).toEqual([
      'GET /orders/1 ■',
      'get_order ●',
      'get_order ●',
      'reply ◆',
      'reply ◆',
      '200 ■',
    ]);
    expect(arrowText(tPt, s.arrows[3]!)).toBe('resposta ◆');
    expect(arrowText(t, { msgId: 'x', kind: 'error', from: 'a', to: 'b', t: 0, arriveAt: 1 })).toBe(
      'error ✕',
    );
    expect(
      arrowText(t, {
        msgId: 'x',
        kind: 'event',
        from: 'a',
        to: 'b',
        t: 0,
        arriveAt: 1,
        pattern: 'order_created',
      }),
    ).toBe('order_created ▲');
  });
});

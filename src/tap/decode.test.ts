import { describe, expect, it } from 'vitest';
import { decode, describeFrame, type RawMessage } from './decode';
import { MAX_DEPTH, MAX_ENVELOPE_BYTES, parseTapFrame } from '../live/protocol';

const redis = (channel: string, body: unknown): RawMessage => ({
  transport: 'redis',
  channel,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('decode: NestJS envelopes as the wire has them (docs/transports.md §6)', () => {
  it('a redis send() is a request whose reply comes on <pattern>.reply', () => {
    const f = decode(
      redis('get_order', { pattern: 'get_order', data: { n: 7 }, id: 'abc' }),
      1,
      10,
    );
    expect(f).toMatchObject({
      type: 'envelope',
      kind: 'request',
      pattern: 'get_order',
      id: 'abc',
      data: { n: 7 },
      replyTo: 'get_order.reply',
      seq: 1,
      at: 10,
    });
  });

  it('an emit() has no id: an event, with no reply channel', () => {
    const f = decode(
      redis('order_created', { pattern: 'order_created', data: { orderId: 7 } }),
      2,
      0,
    );
    expect(f).toMatchObject({ kind: 'event', pattern: 'order_created' });
    expect(f).not.toHaveProperty('replyTo');
  });

  it('a reply packet carries response, isDisposed and the id of its request', () => {
    const f = decode(
      redis('get_order.reply', { response: { ok: 1 }, isDisposed: true, id: 'abc' }),
      3,
      0,
    );
    expect(f).toMatchObject({ kind: 'reply', response: { ok: 1 }, isDisposed: true, id: 'abc' });
  });

  it('an error reply keeps err and status', () => {
    const body = {
      err: 'There is no matching message handler defined in the remote service.',
      status: 'error',
      id: 'x',
    };
    expect(decode(redis('p.reply', body), 1, 0)).toMatchObject({
      kind: 'reply',
      err: body.err,
      status: 'error',
    });
  });

  it('nats: the reply subject is the request inbox; mqtt: <pattern>/reply', () => {
    const body = JSON.stringify({ pattern: 'get_order', data: 1, id: 'i' });
    expect(
      decode({ transport: 'nats', channel: 'get_order', body, reply: '_INBOX.AB' }, 1, 0),
    ).toMatchObject({
      replyTo: '_INBOX.AB',
    });
    expect(decode({ transport: 'mqtt', channel: 'get_order', body }, 1, 0)).toMatchObject({
      replyTo: 'get_order/reply',
    });
  });

  it('rmq: replyTo and correlationId come from the AMQP properties; a reply has no id', () => {
    const req = decode(
      {
        transport: 'rmq',
        channel: 'orders_queue',
        body: JSON.stringify({ pattern: 'get_order', data: 1, id: 'c1' }),
        replyTo: 'amq.rabbitmq.reply-to.g1',
        correlationId: 'c1',
        stage: 'deliver',
        queue: 'orders_queue',
        consumer: '127.0.0.1:5001 -> 127.0.0.1:5672',
      },
      1,
      0,
    );
    expect(req).toMatchObject({
      kind: 'request',
      replyTo: 'amq.rabbitmq.reply-to.g1',
      correlationId: 'c1',
      stage: 'deliver',
    });
    const rep = decode(
      {
        transport: 'rmq',
        channel: 'amq.rabbitmq.reply-to.g1',
        body: '{"response":2,"isDisposed":true}',
        correlationId: 'c1',
      },
      2,
      0,
    );
    expect(rep).toMatchObject({ kind: 'reply', correlationId: 'c1', response: 2 });
    expect(rep).not.toHaveProperty('id');
  });

  it('an object pattern ({cmd:"sum"}) is shown as its JSON', () => {
    expect(
      decode(redis('{"cmd":"sum"}', { pattern: { cmd: 'sum' }, data: [1], id: 'q' }), 1, 0),
    ).toMatchObject({
      pattern: '{"cmd":"sum"}',
    });
  });
});

describe('decode: hostile or foreign messages become a notice, never a throw', () => {
  it('a body over the limit is not parsed', () => {
    const huge = JSON.stringify({ pattern: 'p', data: 'x'.repeat(MAX_ENVELOPE_BYTES) });
    expect(decode(redis('p', huge), 1, 0)).toMatchObject({ type: 'notice', code: 'too-large' });
  });

  it('not JSON, not UTF-8', () => {
    expect(decode(redis('p', 'hello world'), 1, 0)).toMatchObject({
      type: 'notice',
      code: 'not-json',
    });
    const bad = {
      transport: 'redis' as const,
      channel: 'p',
      body: new Uint8Array([0xff, 0xfe, 0x7b]),
    };
    expect(decode(bad, 1, 0)).toMatchObject({ type: 'notice', code: 'not-json' });
  });

  it('nesting deeper than MAX_DEPTH is refused before JSON.parse sees it', () => {
    const deep = '['.repeat(5_000) + ']'.repeat(5_000);
    expect(decode(redis('p', deep), 1, 0)).toMatchObject({ type: 'notice', code: 'too-deep' });
    // Brackets inside strings do not count.
    const quoted = JSON.stringify({ pattern: 'p', data: '['.repeat(MAX_DEPTH * 2) });
    expect(decode(redis('p', quoted), 1, 0)).toMatchObject({ type: 'envelope' });
  });

  it('JSON that is no envelope, or fields of the wrong type', () => {
    expect(decode(redis('p', [1, 2]), 1, 0)).toMatchObject({ code: 'not-envelope' });
    expect(decode(redis('p', 'null'), 1, 0)).toMatchObject({ code: 'not-envelope' });
    expect(decode(redis('p', { hello: 1 }), 1, 0)).toMatchObject({ code: 'not-envelope' });
    expect(decode(redis('p', { pattern: 5, data: 1 }), 1, 0)).toMatchObject({ code: 'wrong-type' });
    expect(decode(redis('p', { pattern: 'p', id: { x: 1 } }), 1, 0)).toMatchObject({
      code: 'wrong-type',
    });
    expect(decode(redis('p.reply', { response: 1, isDisposed: 'yes' }), 1, 0)).toMatchObject({
      code: 'wrong-type',
    });
  });

  it('every decoded frame passes the app check, and describes itself in one line', () => {
    for (const f of [
      decode(redis('get_order', { pattern: 'get_order', data: 1, id: 'a' }), 1, 0),
      decode(redis('x', 'nope'), 2, 0),
    ]) {
      expect(parseTapFrame(JSON.stringify(f)).ok).toBe(true);
      expect(describeFrame(f)).not.toContain('\n');
    }
  });
});

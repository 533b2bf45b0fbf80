import { describe, expect, it } from 'vitest';
import { HOP_MS, LiveSession } from './session';
import type { TapEnvelope, TapHello, TapTransport } from './protocol';
import { MESSAGE_KINDS } from '../run/frame';

const hello = (transport: TapTransport): TapHello => ({
  type: 'hello',
  version: 1,
  transport,
  broker: `${transport}://127.0.0.1:1234`,
  listening: 'x',
});
const texts = { title: { en: 'Live' }, gateway: { en: 'clients' }, client: { en: 'HTTP' } };
let seq = 0;
const env = (e: Partial<TapEnvelope>): TapEnvelope => ({
  type: 'envelope',
  seq: ++seq,
  at: 0,
  kind: 'request',
  channel: '',
  bytes: 10,
  ...e,
});

/** The tokens of a frame as `from>to kind` strings. */
function tokens(s: LiveSession, t: number): string[] {
  const f = s.frameAt(t);
  const ends = f.endpoints ?? lastEnds;
  lastEnds = ends;
  const out: string[] = [];
  for (let i = 0; i < f.tokens.count; i++)
    out.push(
      `${ends[f.tokens.from[i]!]}>${ends[f.tokens.to[i]!]} ${MESSAGE_KINDS[f.tokens.kind[i]!]}`,
    );
  return out;
}
let lastEnds: readonly string[] = [];

describe('LiveSession: real envelopes drawn as the simulation draws messages', () => {
  it('a redis send() travels gateway → broker → instance, its reply comes back after it arrived', () => {
    const s = new LiveSession(hello('redis'), texts);
    s.envelope(
      env({
        kind: 'request',
        channel: 'get_order',
        pattern: 'get_order',
        id: 'a1',
        replyTo: 'get_order.reply',
      }),
      100,
    );
    s.envelope(
      env({ kind: 'reply', channel: 'get_order.reply', id: 'a1', response: 1, isDisposed: true }),
      101,
    );
    expect(tokens(s, 100)).toEqual(['gateway>broker request']);
    expect(tokens(s, 100 + HOP_MS)).toEqual(['broker>get_order#1 request']);
    // The reply waited for its request's tokens (2 hops) before it set off.
    expect(tokens(s, 100 + 2 * HOP_MS)).toEqual(['get_order#1>broker reply']);
    expect(tokens(s, 100 + 3 * HOP_MS)).toEqual(['broker>gateway reply']);
    expect(tokens(s, 100 + 4 * HOP_MS)).toEqual([]);
    expect(s.current.model.services.map((x) => [x.id, x.handlers.map((h) => h.pattern)])).toEqual([
      ['get_order', ['get_order']],
    ]);
  });

  it('two final replies to one redis request reveal a second instance and count a duplicate', () => {
    const s = new LiveSession(hello('redis'), texts);
    s.envelope(env({ kind: 'request', channel: 'get_order', pattern: 'get_order', id: 'a1' }), 0);
    s.envelope(
      env({ kind: 'reply', channel: 'get_order.reply', id: 'a1', response: 1, isDisposed: true }),
      1,
    );
    s.envelope(
      env({ kind: 'reply', channel: 'get_order.reply', id: 'a1', response: 1, isDisposed: true }),
      1,
    );
    const f = s.frameAt(1);
    expect(f.state?.instances.map((i) => i.id)).toEqual(['get_order#1', 'get_order#2']);
    expect(f.state?.counters.duplicates).toBe(1);
    expect(f.state?.counters.pending).toBe(0);
    expect(s.current.model.services[0]!.replicas).toBe(2);
  });

  it('rmq: one service per queue, one instance per consuming connection (round-robin is visible)', () => {
    const s = new LiveSession(hello('rmq'), texts);
    for (const [id, conn] of [
      ['c1', 'A'],
      ['c2', 'B'],
      ['c3', 'A'],
    ] as const) {
      const body = {
        pattern: 'get_order',
        id,
        correlationId: id,
        replyTo: 'amq.rabbitmq.reply-to.x',
      };
      s.envelope(env({ ...body, channel: 'orders_queue', stage: 'publish' }), 0);
      s.envelope(
        env({
          ...body,
          channel: 'orders_queue',
          stage: 'deliver',
          queue: 'orders_queue',
          consumer: conn,
        }),
        0,
      );
      s.envelope(
        env({
          kind: 'reply',
          channel: 'amq.rabbitmq.reply-to.x',
          correlationId: id,
          response: 1,
          isDisposed: true,
        }),
        0,
      );
    }
    const f = s.frameAt(0);
    expect(s.current.model.services.map((x) => x.id)).toEqual(['orders_queue']);
    expect(f.state?.instances.map((i) => [i.id, i.handled])).toEqual([
      ['orders_queue#1', { get_order: 2 }],
      ['orders_queue#2', { get_order: 1 }],
    ]);
    // The delivery waits for the publish hop; the reply leaves from the instance it was delivered to.
    const hops = s.wireOf('c2').map((h) => `${h.from}>${h.to}@${h.t}`);
    expect(hops).toEqual([
      'gateway>broker@0',
      `broker>orders_queue#2@${HOP_MS}`,
      `orders_queue#2>broker@${2 * HOP_MS}`,
      `broker>gateway@${3 * HOP_MS}`,
    ]);
    expect(f.state?.counters.duplicates).toBe(0);
  });

  it('the inspector gets the envelope as NestJS put it on the wire, with the reply channel', () => {
    const s = new LiveSession(hello('nats'), texts);
    s.envelope(
      env({
        channel: 'get_order',
        pattern: 'get_order',
        id: 'n1',
        data: { id: 7 },
        replyTo: '_INBOX.Q',
      }),
      0,
    );
    const [first] = s.wireOf('n1');
    expect(first?.wire).toEqual({
      channel: 'get_order',
      body: { pattern: 'get_order', data: { id: 7 }, id: 'n1' },
      headers: { replyTo: '_INBOX.Q' },
    });
    const f = s.frameAt(0);
    expect(s.describe(f.tokens.id[0]!)).toEqual({ msgId: 'n1', group: 'n1' });
  });

  it('log lines: send, emit, reply, an error reply, a notice, the broker going down', () => {
    const s = new LiveSession(hello('redis'), texts);
    s.envelope(env({ channel: 'get_order', pattern: 'get_order', id: 'r1' }), 0);
    s.envelope(env({ kind: 'event', channel: 'order_created', pattern: 'order_created' }), 0);
    s.envelope(
      env({ kind: 'reply', channel: 'get_order.reply', id: 'r1', err: 'boom', status: 'error' }),
      0,
    );
    s.notice({ channel: 'x', detail: 'not JSON' }, 0);
    s.brokerStatus(false, 0);
    const kinds = s
      .frameAt(0)
      .log!.lines.map((l) => l.kind)
      .reverse();
    expect(kinds).toEqual([
      'send',
      'delivered',
      'emit',
      'delivered',
      'requestError',
      'clientLog',
      'brokerDown',
    ]);
    const f = s.frameAt(0);
    expect(f.log).toBeUndefined(); // lines are sent once
  });

  it('a redis reply whose request was not seen still names its pattern from the reply channel', () => {
    const s = new LiveSession(hello('redis'), texts);
    s.envelope(
      env({ kind: 'reply', channel: 'get_order.reply', id: 'zz', response: 1, isDisposed: true }),
      0,
    );
    expect(tokens(s, 0)).toEqual(['get_order#1>broker reply']);
  });

  it('only the selected message is flagged', () => {
    const s = new LiveSession(hello('mqtt'), texts);
    s.envelope(env({ channel: 'a', pattern: 'a', id: 'm1' }), 0);
    s.envelope(env({ channel: 'a', pattern: 'a', id: 'm2' }), 0);
    const f = s.frameAt(0, 'm2');
    expect([...f.tokens.flags]).toEqual([0, 1]);
  });
});

describe('LiveSession: rmq queue depth from the firehose', () => {
  it('a message published but not yet delivered is `ready` in its queue (an instance down)', () => {
    const s = new LiveSession(hello('rmq'), texts);
    const pub = { pattern: 'order_created', channel: 'orders_queue', kind: 'event' as const };
    s.envelope(env({ ...pub, stage: 'publish' }), 0);
    s.envelope(env({ ...pub, stage: 'publish' }), 0);
    expect(s.frameAt(0).state?.queues).toMatchObject([
      { name: 'orders_queue', kind: 'queue', ready: 2 },
    ]);
    s.envelope(env({ ...pub, stage: 'deliver', queue: 'orders_queue', consumer: 'A' }), 1);
    expect(s.frameAt(1).state?.queues).toMatchObject([{ name: 'orders_queue', ready: 1 }]);
  });
});

describe('LiveSession: fan-out once more instances are known', () => {
  it('after duplicate replies showed two redis instances, a request is drawn to both', () => {
    const s = new LiveSession(hello('redis'), texts);
    s.envelope(env({ channel: 'get_order', pattern: 'get_order', id: 'a' }), 0);
    s.envelope(
      env({ kind: 'reply', channel: 'get_order.reply', id: 'a', response: 1, isDisposed: true }),
      0,
    );
    s.envelope(
      env({ kind: 'reply', channel: 'get_order.reply', id: 'a', response: 1, isDisposed: true }),
      0,
    );
    s.envelope(env({ channel: 'get_order', pattern: 'get_order', id: 'b' }), 1000);
    expect(tokens(s, 1000 + HOP_MS).sort()).toEqual([
      'broker>get_order#1 request',
      'broker>get_order#2 request',
    ]);
  });
});

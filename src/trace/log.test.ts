import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../engine/types';
import { countLogged, createLogTranslator, isLogged } from './log';

describe('log translator', () => {
  it('labels a response with its route and lets a message select its whole request chain', () => {
    const tr = createLogTranslator();
    tr.translate({ t: 0, type: 'http.request', reqId: 'r1', method: 'GET', path: '/orders/:id' });
    tr.translate({
      t: 1,
      type: 'client.send',
      msgId: 'm1',
      pattern: 'get_order',
      reqId: 'r1',
      to: 'orders',
    });
    const done = tr.translate({
      t: 40,
      type: 'handler.done',
      msgId: 'm1',
      instance: 'orders#2',
      ok: true,
      pattern: 'get_order',
    });
    expect(done).toMatchObject({ kind: 'handledRequest', actor: 'orders#2', select: 'r1' });
    const res = tr.translate({ t: 52, type: 'http.response', reqId: 'r1', status: 200, ms: 52 });
    expect(res).toMatchObject({
      kind: 'httpResponse',
      tone: 'ok',
      params: { route: 'GET /orders/:id', status: 200 },
    });
    expect(tr.groupOf('m1')).toBe('r1');
  });

  it("a service's own send() is logged by the calling instance, in the request's chain", () => {
    const tr = createLogTranslator();
    const send = tr.translate({
      t: 30,
      type: 'client.send',
      msgId: 'm2',
      pattern: 'reserve_stock',
      reqId: 'r1',
      to: 'inventory',
      from: 'orders#1',
    });
    expect(send).toMatchObject({
      kind: 'send',
      actor: 'orders#1',
      params: { pattern: 'reserve_stock', to: 'inventory' },
      select: 'r1',
    });
    const reply = tr.translate({
      t: 90,
      type: 'reply.received',
      msgId: 'm2',
      reqId: 'r1',
      instance: 'inventory#1',
      caller: 'orders#1',
    });
    expect(reply).toMatchObject({ kind: 'replyReceived', actor: 'orders#1', select: 'r1' });
    const timeout = tr.translate({
      t: 99,
      type: 'request.timeout',
      msgId: 'm2',
      reqId: 'r1',
      caller: 'orders#1',
    });
    expect(timeout).toMatchObject({ actor: 'orders#1' });
  });

  it('a streamed reply logs each packet, then the values the client saw when it completes', () => {
    const tr = createLogTranslator();
    const packet = tr.translate({
      t: 5,
      type: 'reply.received',
      msgId: 'm1',
      instance: 'orders#1',
      value: 1,
      more: true,
    });
    expect(packet).toMatchObject({ kind: 'replyPacket', params: { from: 'orders#1', value: '1' } });
    const last = tr.translate({
      t: 6,
      type: 'reply.received',
      msgId: 'm1',
      instance: 'orders#2',
      value: 3,
      more: false,
      values: [1, 1, 2, 3],
    });
    expect(last).toMatchObject({
      kind: 'replyStream',
      tone: 'ok',
      params: { from: 'orders#2', values: '[1, 1, 2, 3]' },
    });
    const plain = tr.translate({ t: 7, type: 'reply.received', msgId: 'm2', instance: 'orders#1' });
    expect(plain).toMatchObject({ kind: 'replyReceived', params: { from: 'orders#1' } });
  });

  it('hops are not log lines and 5xx responses are errors', () => {
    const tr = createLogTranslator();
    expect(
      tr.translate({
        t: 0,
        type: 'hop',
        msgId: 'r1',
        kind: 'http',
        from: 'client',
        to: 'gateway',
        arriveAt: 4,
      }),
    ).toBeNull();
    expect(
      tr.translate({ t: 9, type: 'http.response', reqId: 'r9', status: 504, ms: 200 })?.tone,
    ).toBe('error');
  });

  it('skipping older logged events keeps labels, groups and ids as if they were translated', () => {
    const batch: TraceEvent[] = [
      { t: 0, type: 'http.request', reqId: 'r1', method: 'GET', path: '/orders/:id' },
      { t: 1, type: 'client.send', msgId: 'm1', reqId: 'r1', pattern: 'get_order', to: 'orders' },
      {
        t: 2,
        type: 'hop',
        msgId: 'm1',
        kind: 'request',
        from: 'gateway',
        to: 'orders#1',
        arriveAt: 5,
      },
      {
        t: 6,
        type: 'handler.done',
        msgId: 'm1',
        instance: 'orders#1',
        pattern: 'get_order',
        ok: true,
      },
      { t: 9, type: 'http.response', reqId: 'r1', status: 200, ms: 9 },
    ] as TraceEvent[];
    expect(countLogged(batch)).toBe(4);
    const full = createLogTranslator();
    const all = batch.map((e) => full.translate(e)).filter((l) => l !== null);
    const tail = createLogTranslator();
    let skip = countLogged(batch) - 2;
    const kept = [];
    for (const e of batch) {
      if (skip > 0 && isLogged(e)) {
        tail.skip(e);
        skip--;
      } else {
        const line = tail.translate(e);
        if (line) kept.push(line);
      }
    }
    expect(kept).toEqual(all.slice(-2));
    expect(tail.groupOf('m1')).toBe('r1');
  });
});

describe('deploys in the log', () => {
  it('a rolling deploy says when it starts, which instance runs the new version, and when it is done', () => {
    const tr = createLogTranslator();
    const events: TraceEvent[] = [
      {
        t: 200,
        type: 'deploy.started',
        service: 'payments',
        strategy: 'rolling',
        instances: ['payments#1', 'payments#2'],
      },
      { t: 1000, type: 'deploy.replaced', service: 'payments', instance: 'payments#1' },
      { t: 1800, type: 'deploy.replaced', service: 'payments', instance: 'payments#2' },
      { t: 1800, type: 'deploy.done', service: 'payments' },
    ];
    expect(events.every(isLogged)).toBe(true);
    expect(events.map((e) => tr.translate(e))).toMatchObject([
      { kind: 'deployStarted', actor: 'payments', params: { strategy: 'rolling', n: 2 } },
      { kind: 'deployReplaced', actor: 'payments#1' },
      { kind: 'deployReplaced', actor: 'payments#2' },
      { kind: 'deployDone', tone: 'ok', actor: 'payments' },
    ]);
  });

  it('says when a service’s data left step (the record that differs, the request at fault) and came back', () => {
    const tr = createLogTranslator();
    const diverged = tr.translate({
      t: 1516,
      type: 'data.diverged',
      service: 'inventory',
      state: 'behind',
      reqId: 'r2',
      expected: { stock: 95, reserved: 0 },
      actual: { stock: 99, reserved: 0 },
    });
    expect(diverged).toMatchObject({
      kind: 'dataBehind',
      tone: 'error',
      actor: 'inventory',
      select: 'r2',
      params: { record: 'stock', actual: 99, expected: 95, req: 'r2' },
    });
    expect(
      tr.translate({
        t: 2600,
        type: 'data.converged',
        service: 'inventory',
        expected: { stock: 94 },
        actual: { stock: 94 },
      }),
    ).toMatchObject({ kind: 'dataConverged', tone: 'ok', params: { record: 'stock', actual: 94 } });
    expect(
      tr.translate({
        t: 0,
        type: 'data.fix',
        fix: 'outbox',
        target: 'POST /orders',
        enabled: true,
      }),
    ).toMatchObject({ kind: 'dataFixOutboxOn', actor: 'gateway' });
  });
});

/**
 * A service that calls another (handler `calls`): the calling instance is the client of the
 * second hop, its handler waits for a `send()` and not for an `emit()`, a failed or timed-out
 * `send()` fails the handler as NestJS does, and the run stays deterministic.
 */
import { describe, expect, it } from 'vitest';
import type { TransportKind } from '../shared';
import { buildModel, ofType, run } from './testkit';
import type { CallSpec, HandlerSpec, ScriptStep } from './types';

function model(
  transport: TransportKind,
  opts: {
    calls?: CallSpec[];
    inventory?: Partial<HandlerSpec>;
    script?: ScriptStep[];
    inventoryTransport?: TransportKind;
  } = {},
) {
  return buildModel({
    transport,
    services: [
      {
        id: 'orders',
        options: transport === 'rmq' ? { queue: 'orders_queue' } : {},
        handlers: [
          {
            pattern: 'create_order',
            kind: 'request',
            latency: { mean: 20, jitter: 0 },
            calls: opts.calls ?? [
              { action: 'send', pattern: 'reserve_stock', to: 'inventory' },
              { action: 'emit', pattern: 'order_placed', to: 'notifications' },
            ],
          },
        ],
      },
      {
        id: 'inventory',
        transport: opts.inventoryTransport ?? transport,
        options:
          (opts.inventoryTransport ?? transport) === 'rmq' ? { queue: 'inventory_queue' } : {},
        handlers: [
          {
            pattern: 'reserve_stock',
            kind: 'request',
            latency: { mean: 50, jitter: 0 },
            ...opts.inventory,
          },
        ],
      },
      {
        id: 'notifications',
        options: transport === 'rmq' ? { queue: 'notifications_queue' } : {},
        handlers: [{ pattern: 'order_placed', kind: 'event', latency: { mean: 300, jitter: 0 } }],
      },
    ],
    routes: [{ method: 'POST', path: '/orders', send: 'create_order', to: 'orders' }],
    script: opts.script ?? [
      { at: 0, command: { type: 'http', route: 'POST /orders', count: 1, everyMs: 0 } },
    ],
  });
}

describe('a handler that calls other services', () => {
  it.each(['rmq', 'redis', 'nats', 'mqtt', 'kafka', 'tcp'] as const)(
    'on %s the calling instance sends, the target replies to it, and the gateway gets 201',
    (transport) => {
      const { sim, trace } = run(model(transport));
      sim.runUntil(10_000);
      const sends = ofType(trace, 'client.send');
      expect(sends.map((e) => [e.pattern, e.from])).toEqual([
        ['create_order', undefined],
        ['reserve_stock', 'orders#1'],
      ]);
      const second = sends[1]!;
      const hops = ofType(trace, 'hop').filter((h) => h.msgId === second.msgId);
      // Out of orders#1 and back to it: the instance is the ClientProxy of this hop.
      expect(hops[0]!.from).toBe('orders#1');
      expect(hops.at(-1)!.to).toBe('orders#1');
      expect(hops.every((h) => h.reqId === 'r1')).toBe(true);
      expect(ofType(trace, 'reply.received').find((e) => e.msgId === second.msgId)?.caller).toBe(
        'orders#1',
      );
      expect(ofType(trace, 'client.emit').map((e) => [e.pattern, e.from, e.to])).toEqual([
        ['order_placed', 'orders#1', ['notifications']],
      ]);
      expect(ofType(trace, 'http.response').map((e) => e.status)).toEqual([201]);
    },
  );

  it('the handler replies after the awaited send() but does not wait for the emitted event', () => {
    const { sim, trace } = run(model('rmq'));
    sim.runUntil(10_000);
    const done = ofType(trace, 'handler.done');
    const at = (pattern: string) => done.find((e) => e.pattern === pattern)!.t;
    expect(at('create_order')).toBeGreaterThan(at('reserve_stock'));
    // notifications takes 300 ms: orders answered long before it finished.
    expect(at('create_order')).toBeLessThan(at('order_placed'));
  });

  it('a remote error fails the calling handler with "Internal server error" and an ERROR log', () => {
    const { sim, trace } = run(model('redis', { inventory: { failureRate: 1 } }));
    sim.runUntil(10_000);
    const errors = ofType(trace, 'request.error');
    expect(errors[0]).toMatchObject({
      caller: 'orders#1',
      error: { status: 'error', message: 'boom' },
    });
    expect(errors[1]).toMatchObject({
      error: { status: 'error', message: 'Internal server error' },
    });
    expect(errors[1]!.caller).toBeUndefined();
    expect(ofType(trace, 'server.log').map((e) => [e.instance, e.text])).toEqual([
      ['orders#1', '[RpcExceptionsHandler] {"status":"error","message":"boom"}'],
    ]);
    // The emit after the failed send() never runs.
    expect(ofType(trace, 'client.emit')).toEqual([]);
    expect(ofType(trace, 'http.response').map((e) => e.status)).toEqual([500]);
  });

  it("the call's timeout() fails the handler while the target is down; its late reply is dropped", () => {
    const { sim, trace } = run(
      model('rmq', {
        calls: [{ action: 'send', pattern: 'reserve_stock', to: 'inventory', timeoutMs: 200 }],
        script: [
          { at: 0, command: { type: 'kill', instance: 'inventory#1' } },
          { at: 10, command: { type: 'http', route: 'POST /orders', count: 1, everyMs: 0 } },
          { at: 1000, command: { type: 'restart', instance: 'inventory#1' } },
        ],
      }),
    );
    sim.runUntil(10_000);
    expect(ofType(trace, 'request.timeout').map((e) => e.caller)).toEqual(['orders#1']);
    expect(ofType(trace, 'server.log').map((e) => e.text)).toEqual([
      '[RpcExceptionsHandler] TimeoutError: Timeout has occurred',
    ]);
    expect(ofType(trace, 'http.response').map((e) => e.status)).toEqual([500]);
    // RabbitMQ kept the request: inventory handles it after its restart, nobody waits any more.
    expect(ofType(trace, 'message.dropped').map((e) => [e.reason, e.answered])).toEqual([
      ['late-reply', false],
    ]);
  });

  it('a caller killed while it waits never replies; the late reply finds no client', () => {
    const { sim, trace } = run(
      model('nats', {
        script: [
          { at: 0, command: { type: 'http', route: 'POST /orders', count: 1, everyMs: 0 } },
          { at: 60, command: { type: 'kill', instance: 'orders#1' } },
        ],
      }),
    );
    sim.runUntil(10_000);
    expect(ofType(trace, 'handler.done').map((e) => e.pattern)).toEqual(['reserve_stock']);
    expect(ofType(trace, 'message.dropped').map((e) => e.reason)).toContain('client-gone');
    expect(ofType(trace, 'http.response')).toEqual([]);
  });

  it('calls go over the target service transport (orders on rmq, inventory on tcp)', () => {
    const { sim, trace } = run(model('rmq', { inventoryTransport: 'tcp' }));
    sim.runUntil(10_000);
    const send = ofType(trace, 'client.send')[1]!;
    const hops = ofType(trace, 'hop').filter((h) => h.msgId === send.msgId);
    expect(hops.map((h) => `${h.from}>${h.to}`)).toEqual([
      'orders#1>inventory#1',
      'inventory#1>orders#1',
    ]);
    expect(ofType(trace, 'http.response').map((e) => e.status)).toEqual([201]);
  });

  it('the same seed gives the same trace', () => {
    const a = run(
      model('redis', {
        script: [
          { at: 0, command: { type: 'http', route: 'POST /orders', count: 20, everyMs: 7 } },
        ],
      }),
    );
    const b = run(
      model('redis', {
        script: [
          { at: 0, command: { type: 'http', route: 'POST /orders', count: 20, everyMs: 7 } },
        ],
      }),
    );
    a.sim.runUntil(10_000);
    b.sim.runUntil(10_000);
    expect(JSON.stringify(a.trace)).toBe(JSON.stringify(b.trace));
  });
});

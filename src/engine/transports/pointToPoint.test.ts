/**
 * TCP and gRPC (docs/transports.md, "TCP" and "gRPC"): one server per port, the optional load
 * balancer, what the client sees when a server is missing or dies, and the bytes on the wire.
 */
import { describe, expect, it } from 'vitest';
import type { TransportKind } from '../../shared';
import { buildModel, ofType, run, type ServiceInput } from '../testkit';
import type { ScriptStep, TraceEvent, TransportOptions } from '../types';

const GET = 'GET /orders/:id';
const POST = 'POST /orders';

function p2p(opts: {
  transport: TransportKind;
  options?: TransportOptions;
  replicas?: number;
  latency?: number;
  getOrder?: Partial<ServiceInput['handlers'][number]>;
  extra?: ServiceInput[];
  emitTo?: string[];
  script: ScriptStep[];
  until?: number;
}) {
  const model = buildModel({
    transport: opts.transport,
    services: [
      {
        id: 'orders',
        replicas: opts.replicas ?? 1,
        options: opts.options ?? {},
        handlers: [
          {
            pattern: 'get_order',
            kind: 'request',
            latency: { mean: opts.latency ?? 10, jitter: 0 },
            ...opts.getOrder,
          },
          { pattern: 'order_created', kind: 'event' },
        ],
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

const http = (at: number, route: string, count = 1, everyMs = 0): ScriptStep => ({
  at,
  command: { type: 'http', route, count, everyMs },
});
const cmd = (at: number, command: ScriptStep['command']): ScriptStep => ({ at, command });
const errors = (trace: TraceEvent[]) => ofType(trace, 'request.error').map((e) => e.error);
const statuses = (trace: TraceEvent[]) => ofType(trace, 'http.response').map((e) => e.status);
const handled = (trace: TraceEvent[]) => ofType(trace, 'handler.done').map((e) => e.instance);
const NOTIFICATIONS: ServiceInput = {
  id: 'notifications',
  options: { port: 3002 },
  handlers: [{ pattern: 'order_created', kind: 'event' }],
};

describe('tcp: one server per port', () => {
  it('when the port holder dies, the instance that failed with EADDRINUSE does not take over', () => {
    const { trace } = p2p({
      transport: 'tcp',
      replicas: 2,
      script: [cmd(0, { type: 'kill', instance: 'orders#1' }), http(10, GET)],
    });
    expect(errors(trace)).toEqual(['Error: connect ECONNREFUSED 127.0.0.1:3000']);
    expect(handled(trace)).toEqual([]);
  });

  it('the first instance to start after the holder died binds the port and serves', () => {
    const { sim, trace } = p2p({
      transport: 'tcp',
      replicas: 1,
      script: [
        cmd(0, { type: 'kill', instance: 'orders#1' }),
        cmd(0, { type: 'scale', service: 'orders', replicas: 2 }),
        http(1000, GET),
      ],
    });
    expect(handled(trace)).toEqual(['orders#2']);
    expect(ofType(trace, 'server.log')).toEqual([]);
    expect(sim.snapshot().instances.find((i) => i.id === 'orders#2')!.idle).toBeUndefined();
  });

  it('emit to two tcp services, one down: the up one handles the event, the emit fails with ECONNREFUSED', () => {
    const { trace } = p2p({
      transport: 'tcp',
      extra: [NOTIFICATIONS],
      emitTo: ['orders', 'notifications'],
      script: [cmd(0, { type: 'kill', instance: 'notifications#1' }), http(10, POST)],
    });
    expect(handled(trace)).toEqual(['orders#1']);
    expect(errors(trace)).toEqual(['Error: connect ECONNREFUSED 127.0.0.1:3002']);
    expect(statuses(trace)).toEqual([500]);
  });

  it('emit to two tcp services, both up: 201 as soon as both are written, before they are handled', () => {
    const { trace } = p2p({
      transport: 'tcp',
      extra: [
        {
          ...NOTIFICATIONS,
          handlers: [
            { pattern: 'order_created', kind: 'event', latency: { mean: 500, jitter: 0 } },
          ],
        },
      ],
      emitTo: ['orders', 'notifications'],
      script: [http(0, POST)],
    });
    expect(statuses(trace)).toEqual([201]);
    expect(handled(trace).sort()).toEqual(['notifications#1', 'orders#1']);
    const res = ofType(trace, 'http.response')[0]!;
    expect(res.t).toBeLessThan(ofType(trace, 'handler.done').at(-1)!.t);
  });

  it('the frame length counts UTF-8 bytes, not characters', () => {
    const model = buildModel({
      transport: 'tcp',
      services: [{ id: 'orders', handlers: [{ pattern: 'pedido_ação_€_🚀', kind: 'request' }] }],
      routes: [{ path: '/p', send: 'pedido_ação_€_🚀', to: 'orders' }],
      script: [http(0, 'GET /p')],
    });
    const { sim, trace } = run(model);
    sim.runUntil(5000);
    const frames = ofType(trace, 'hop')
      .filter((h) => h.from !== 'client' && h.to !== 'client')
      .map((h) => String(h.wire!.body.frame));
    expect(frames).toHaveLength(2);
    for (const f of frames) {
      const json = f.slice(f.indexOf('#') + 1);
      expect(Number(f.slice(0, f.indexOf('#')))).toBe(new TextEncoder().encode(json).length);
      expect(json.length).toBeLessThan(new TextEncoder().encode(json).length);
    }
  });
});

describe('the load balancer', () => {
  it('tcp: no up backend → `Error: Connection closed` 10 ms after the balancer got the call', () => {
    const { trace } = p2p({
      transport: 'tcp',
      options: { loadBalancer: true },
      script: [cmd(0, { type: 'kill', instance: 'orders#1' }), http(10, GET)],
    });
    expect(errors(trace)).toEqual(['Error: Connection closed']);
    const atLb = ofType(trace, 'hop').find((h) => h.to === 'lb:orders')!;
    const err = ofType(trace, 'request.error')[0]!;
    expect(err.t - atLb.arriveAt).toBe(10);
  });

  it('grpc: no up backend → `14 UNAVAILABLE: no healthy upstream`; a crash mid-call → `Connection dropped`', () => {
    const none = p2p({
      transport: 'grpc',
      options: { loadBalancer: true },
      script: [cmd(0, { type: 'kill', instance: 'orders#1' }), http(10, GET)],
    });
    expect(errors(none.trace)).toEqual(['14 UNAVAILABLE: no healthy upstream']);
    const crash = p2p({
      transport: 'grpc',
      options: { loadBalancer: true },
      latency: 1000,
      script: [http(0, GET), cmd(200, { type: 'kill', instance: 'orders#1' })],
    });
    expect(errors(crash.trace)).toEqual(['14 UNAVAILABLE: Connection dropped']);
  });

  it('replies come back through the balancer, and each instance listens on port + index − 1', () => {
    const { sim, trace } = p2p({
      transport: 'tcp',
      replicas: 2,
      options: { loadBalancer: true, port: 4000 },
      // orders#1 holds the gateway's connection until it dies; the next call reconnects.
      script: [http(0, GET), cmd(100, { type: 'kill', instance: 'orders#1' }), http(200, GET)],
    });
    const path = ofType(trace, 'hop')
      .filter((h) => h.kind === 'reply')
      .map((h) => `${h.from}>${h.to}`);
    expect(path).toEqual([
      'orders#1>lb:orders',
      'lb:orders>gateway',
      'orders#2>lb:orders',
      'lb:orders>gateway',
    ]);
    const toInst = ofType(trace, 'hop').filter(
      (h) => h.from === 'lb:orders' && h.kind === 'request',
    );
    expect(toInst.map((h) => h.wire!.channel)).toEqual(['127.0.0.1:4000', '127.0.0.1:4001']);
    expect(sim.snapshot().nodes.find((n) => n.id === 'lb:orders')).toEqual({
      id: 'lb:orders',
      type: 'load-balancer',
      label: { en: 'Load balancer (orders)', 'pt-BR': 'Balanceador de carga (orders)' },
      transport: 'tcp',
    });
    expect(sim.snapshot().instances.every((i) => i.idle === undefined)).toBe(true);
  });

  it('tcp: the balancer balances connections — one gateway connection, one instance for every call and event (observed on real NestJS)', () => {
    const { trace } = p2p({
      transport: 'tcp',
      replicas: 3,
      options: { loadBalancer: true },
      script: [
        http(0, GET, 4, 100),
        http(50, POST),
        cmd(150, { type: 'scale', service: 'orders', replicas: 4 }),
      ],
    });
    expect(handled(trace)).toEqual(Array(5).fill('orders#1'));
    expect(statuses(trace)).toEqual([200, 201, 200, 200, 200]);
  });

  it('tcp: when the instance behind the connection dies, the next call connects to the next one', () => {
    const { trace } = p2p({
      transport: 'tcp',
      replicas: 3,
      options: { loadBalancer: true },
      script: [
        http(0, GET, 2, 50),
        cmd(150, { type: 'kill', instance: 'orders#1' }),
        http(200, GET, 2, 50),
        cmd(350, { type: 'kill', instance: 'orders#2' }),
        http(400, GET),
      ],
    });
    expect(handled(trace)).toEqual(['orders#1', 'orders#1', 'orders#2', 'orders#2', 'orders#3']);
  });

  it('grpc: a layer-7 balancer (Envoy) round-robins calls, not connections', () => {
    const { trace } = p2p({
      transport: 'grpc',
      replicas: 2,
      options: { loadBalancer: true },
      script: [http(0, GET, 3, 100)],
    });
    expect(handled(trace)).toEqual(['orders#1', 'orders#2', 'orders#1']);
  });

  it('without the option there is no balancer node', () => {
    const { sim } = p2p({ transport: 'tcp', script: [], until: 0 });
    expect(sim.snapshot().nodes.map((n) => n.type)).toEqual(['client', 'gateway', 'service']);
  });
});

describe('grpc errors on the wire and at the client', () => {
  it('a plain Error → grpc-status 2 `Internal server error`; the client sees `2 UNKNOWN: Internal server error`', () => {
    const { trace } = p2p({
      transport: 'grpc',
      getOrder: { failureRate: 1, failure: { type: 'error', message: 'plain boom' } },
      script: [http(0, GET)],
    });
    const rep = ofType(trace, 'hop').find((h) => h.kind === 'error')!;
    expect(rep.wire).toEqual({
      channel: 'HTTP/2 response',
      body: {},
      headers: { 'grpc-status': 2, 'grpc-message': 'Internal server error' },
    });
    expect(errors(trace)).toEqual(['2 UNKNOWN: Internal server error']);
  });

  it('an RpcException with an object → `2 UNKNOWN: <its message>`', () => {
    const { trace } = p2p({
      transport: 'grpc',
      getOrder: {
        failureRate: 1,
        failure: { type: 'rpc', message: 'x', error: { code: 'E_ORDER', message: 'boom obj' } },
      },
      script: [http(0, GET)],
    });
    expect(errors(trace)).toEqual(['2 UNKNOWN: boom obj']);
  });

  it('an unknown method → grpc-status 12 on the wire and `12 UNIMPLEMENTED` at the client, without handling', () => {
    const model = buildModel({
      transport: 'grpc',
      services: [{ id: 'orders', handlers: [{ pattern: 'get_order', kind: 'request' }] }],
      routes: [{ path: '/x', send: 'list_orders', to: 'orders' }],
      script: [http(0, 'GET /x')],
    });
    const { sim, trace } = run(model);
    sim.runUntil(5000);
    const path = '/orders.OrdersService/ListOrders';
    const headers = ofType(trace, 'hop').find((h) => h.kind === 'error')!.wire!.headers!;
    expect(headers['grpc-status']).toBe(12);
    expect(String(headers['grpc-message'])).toBe(
      '12 UNIMPLEMENTED: The server does not implement the method ListOrders',
    );
    expect(
      ofType(trace, 'hop').find((h) => h.kind === 'request' && h.to === 'orders#1')!.wire!.headers![
        ':path'
      ],
    ).toBe(path);
    expect(errors(trace)).toEqual([
      '12 UNIMPLEMENTED: The server does not implement the method ListOrders',
    ]);
    expect(ofType(trace, 'message.delivered')).toEqual([]);
  });

  it('an event handler is no gRPC method: calling its pattern is UNIMPLEMENTED', () => {
    const model = buildModel({
      transport: 'grpc',
      services: [{ id: 'orders', handlers: [{ pattern: 'order_created', kind: 'event' }] }],
      routes: [{ path: '/x', send: 'order_created', to: 'orders' }],
      script: [http(0, 'GET /x')],
    });
    const { sim, trace } = run(model);
    sim.runUntil(5000);
    expect(errors(trace)).toEqual([
      '12 UNIMPLEMENTED: The server does not implement the method OrderCreated',
    ]);
  });

  it('method names: `get-order.v2` → GetOrderV2, the service from the id in PascalCase', () => {
    const model = buildModel({
      transport: 'grpc',
      services: [{ id: 'order-items', handlers: [{ pattern: 'get-order.v2', kind: 'request' }] }],
      routes: [{ path: '/x', send: 'get-order.v2', to: 'order-items' }],
      script: [http(0, 'GET /x')],
    });
    const { sim, trace } = run(model);
    sim.runUntil(5000);
    const req = ofType(trace, 'hop').find((h) => h.kind === 'request')!;
    expect(req.wire!.channel).toBe('OrderItemsService.GetOrderV2');
    expect(req.wire!.headers![':path']).toBe('/order-items.OrderItemsService/GetOrderV2');
    expect(req.wire!.body).toEqual({ message: { id: 1 } });
  });
});

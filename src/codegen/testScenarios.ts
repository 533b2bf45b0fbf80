/**
 * Scenarios the codegen tests export besides simulations/*.json: the Orders scenario on every
 * transport, each with the options that change the generated code (acks, requeue, dead letters,
 * QoS, partitions and message keys, reconnects, load balancer) and every gateway policy. Test-only.
 */
import type { SimModel } from '../engine/types';
import { parseScenario } from '../scenario';
import type { TransportKind } from '../shared';

const OPTIONS: Record<TransportKind, Record<string, unknown>> = {
  redis: { retryAttempts: 5, retryDelay: 1000 },
  nats: { queue: 'orders-workers' },
  rmq: {
    queue: 'orders_queue',
    noAck: false,
    prefetchCount: 1,
    persistent: true,
    deadLetterAfter: 3,
    reconnectTimeInSeconds: 2,
  },
  mqtt: { qos: 1, clean: false },
  kafka: { partitions: 3, groupId: 'orders-group' },
  tcp: { port: 4001, loadBalancer: true },
  grpc: { grpcService: 'OrderBook', package: 'shop' },
};

/** Orders on `kind`: a send route with retry + breaker + fallback, a POST send, an emit, a stream. */
export function ordersOn(kind: TransportKind, extra: Record<string, unknown> = {}): SimModel {
  const file = {
    version: 1,
    title: { en: `Orders on ${kind}`, 'pt-BR': `Pedidos em ${kind}` },
    transport: { kind, options: { ...OPTIONS[kind], ...extra } },
    nodes: [
      { id: 'client', type: 'client' },
      {
        id: 'gateway',
        type: 'gateway',
        timeoutMs: 1000,
        retry: { count: 3, delayMs: 200, factor: 2, jitter: 0.2 },
      },
      ...(kind === 'tcp' || kind === 'grpc' ? [] : [{ id: 'broker', type: 'broker' }]),
      {
        id: 'orders',
        type: 'service',
        replicas: 3,
        capacity: { concurrency: 4, queue: 100 },
        handlers: [
          {
            pattern: 'get_order',
            kind: 'request',
            latencyMs: { mean: 40, jitter: 10 },
            failureRate: 0.1,
            ack: true,
            requeueOnFailure: true,
            idempotent: true,
          },
          {
            pattern: 'create_order',
            kind: 'request',
            latencyMs: 20,
            failure: { type: 'error', message: 'db down' },
            failureRate: 0.05,
            ack: true,
          },
          { pattern: 'list_orders', kind: 'request', latencyMs: 5, stream: 3 },
          { pattern: 'order_created', kind: 'event', latencyMs: 15 },
        ],
      },
      {
        id: 'stock-keeper',
        type: 'service',
        replicas: 2,
        handlers: [{ pattern: 'order_created', kind: 'event', latencyMs: 25 }],
      },
    ],
    routes: [
      {
        method: 'GET',
        path: '/orders/:id',
        send: 'get_order',
        to: 'orders',
        circuitBreaker: { failureThreshold: 3, openMs: 2000 },
        fallback: { status: 200, body: { order: null, source: 'cache' } },
        ...(kind === 'kafka' ? { messageKey: 'customer-{n%4}' } : {}),
      },
      {
        method: 'POST',
        path: '/orders',
        send: 'create_order',
        to: 'orders',
        fallback: { status: 202, body: { queued: true } },
      },
      {
        method: 'GET',
        path: '/orders',
        send: 'list_orders',
        to: 'orders',
        retry: { count: 1, delayMs: 50 },
        errorStatus: 502,
      },
      {
        method: 'POST',
        path: '/events/order-created',
        emit: 'order_created',
        to: ['orders', 'stock-keeper'],
      },
    ],
  };
  const parsed = parseScenario(file);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

/**
 * A service calling two others across transports: orders on `caller` awaits `send('reserve_stock')`
 * to inventory on `target` (with a timeout) and emits `order_placed` to notifications on `caller`.
 */
export function callsAcross(caller: TransportKind, target: TransportKind): SimModel {
  const p2p = (k: TransportKind) => k === 'tcp' || k === 'grpc';
  const file = {
    version: 1,
    title: { en: `Calls ${caller} → ${target}` },
    transport: { kind: caller, options: OPTIONS[caller] },
    nodes: [
      { id: 'client', type: 'client' },
      { id: 'gateway', type: 'gateway' },
      ...(p2p(caller) && p2p(target) ? [] : [{ id: 'broker', type: 'broker' }]),
      {
        id: 'orders',
        type: 'service',
        handlers: [
          {
            pattern: 'create_order',
            kind: 'request',
            ack: true,
            calls: [
              { send: 'reserve_stock', to: 'inventory', timeoutMs: 500 },
              { send: 'count_stock', to: 'inventory' },
              { emit: 'order_placed', to: 'notifications' },
            ],
          },
        ],
      },
      {
        id: 'inventory',
        type: 'service',
        replicas: 2,
        transport: { kind: target, options: OPTIONS[target] },
        handlers: [
          { pattern: 'reserve_stock', kind: 'request' },
          { pattern: 'count_stock', kind: 'request' },
        ],
      },
      {
        id: 'notifications',
        type: 'service',
        handlers: [{ pattern: 'order_placed', kind: 'event' }],
      },
    ],
    routes: [{ method: 'POST', path: '/orders', send: 'create_order', to: 'orders' }],
  };
  const parsed = parseScenario(file);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

import { describe, expect, it } from 'vitest';
import { translate } from '../i18n';
import type { LogEntry } from '../state';
import { grpcCall, handlerCode, shownPattern } from './grpcNames';
import { lineText, sendTargets } from './panels/logText';

const handler = (pattern: string, kind: 'request' | 'event' = 'request', method?: string) => ({
  pattern,
  kind,
  ...(method ? { method } : {}),
});
const orders = {
  id: 'orders',
  transport: { kind: 'grpc' as const, options: {} },
  handlers: [handler('get_order'), handler('order_created', 'event')],
};
const stock = {
  id: 'stock',
  transport: { kind: 'grpc' as const, options: { grpcService: 'Inventory', package: 'shop' } },
  handlers: [handler('get_stock', 'request', 'Lookup')],
};
const notifications = {
  id: 'notifications',
  transport: { kind: 'rmq' as const, options: { queue: 'notifications_queue' } },
  handlers: [handler('order_created', 'event')],
};
const services = [orders, stock, notifications];

describe('gRPC shown as gRPC', () => {
  it('names the call on both ends as NestJS code does', () => {
    expect(grpcCall(orders, 'get_order')).toEqual({
      service: 'OrdersService',
      method: 'GetOrder',
      pkg: 'orders',
      client: 'ordersService',
      clientMethod: 'getOrder',
      qualified: 'OrdersService.GetOrder',
      path: '/orders.OrdersService/GetOrder',
    });
    expect(grpcCall(stock, 'get_stock')).toMatchObject({
      qualified: 'Inventory.Lookup',
      client: 'inventory',
      clientMethod: 'lookup',
      path: '/shop.Inventory/Lookup',
    });
    expect(grpcCall(notifications, 'order_created')).toBeNull();
  });

  it('handler rows: @GrpcMethod on gRPC, @MessagePattern / @EventPattern elsewhere', () => {
    expect(handlerCode(orders, orders.handlers[0]!)).toBe(
      "@GrpcMethod('OrdersService', 'GetOrder')",
    );
    expect(handlerCode(stock, stock.handlers[0]!)).toBe("@GrpcMethod('Inventory', 'Lookup')");
    expect(handlerCode(notifications, notifications.handlers[0]!)).toBe(
      "@EventPattern('order_created')",
    );
    const rmq = { ...orders, transport: { kind: 'rmq' as const, options: {} } };
    expect(handlerCode(rmq, rmq.handlers[0]!)).toBe("@MessagePattern('get_order')");
  });

  it('patterns at a gRPC service, an instance of it or its balancer read as the proto method', () => {
    expect(shownPattern(services, 'orders#2', 'get_order')).toBe('OrdersService.GetOrder');
    expect(shownPattern(services, 'lb:stock', 'get_stock')).toBe('Inventory.Lookup');
    expect(shownPattern(services, 'notifications#1', 'order_created')).toBe('order_created');
    expect(shownPattern(undefined, 'orders#1', 'get_order')).toBe('get_order');
  });
});

describe('event log lines about gRPC', () => {
  const entry = (over: Partial<LogEntry>): LogEntry => ({
    id: 1,
    t: 0,
    kind: 'send',
    tone: 'info',
    actor: 'gateway',
    params: {},
    ...over,
  });
  const en = (key: Parameters<typeof translate>[1], p?: Parameters<typeof translate>[2]) =>
    translate('en', key, p);
  const pt = (key: Parameters<typeof translate>[1], p?: Parameters<typeof translate>[2]) =>
    translate('pt-BR', key, p);

  it("the gateway calls the service client's method, not send()", () => {
    const send = entry({ params: { pattern: 'get_order', to: 'orders', id: 'abc' } });
    expect(lineText(en, send, services)).toBe('ordersService.getOrder({ id }) → orders');
    const rmq = entry({ params: { pattern: 'x', to: 'notifications', id: 'abc' } });
    expect(lineText(en, rmq, services)).toBe("send('x') → notifications");
  });

  it('handlings name the proto method; an emit() to gRPC says it throws', () => {
    const got = entry({ kind: 'delivered', actor: 'orders#1', params: { pattern: 'get_order' } });
    expect(lineText(en, got, services)).toBe('received OrdersService.GetOrder');
    expect(lineText(pt, got, services)).toBe('recebeu OrdersService.GetOrder');
    const done = entry({
      kind: 'handledRequest',
      actor: 'orders#1',
      params: { pattern: 'get_order' },
    });
    expect(lineText(en, done, services)).toBe('handled OrdersService.GetOrder → reply');
    const emit = entry({ kind: 'emit', params: { pattern: 'order_created', to: 'orders' } });
    expect(lineText(en, emit, services)).toContain('ClientGrpc: throws, gRPC has no events');
    expect(lineText(pt, emit, services)).toContain('o gRPC não tem eventos');
    // Mixed targets (one of them on a broker): the plain emit line.
    const mixed = entry({
      kind: 'emit',
      params: { pattern: 'order_created', to: 'orders, notifications' },
    });
    expect(lineText(en, mixed, services)).toBe("emit('order_created') → orders, notifications");
  });

  it('a timed-out gRPC call reads as its deadline, not as RxJS TimeoutError', () => {
    const timeout = entry({ kind: 'timeout', params: { id: 'abc123' }, msg: 'm1' });
    expect(lineText(en, timeout, services, 'orders')).toBe(
      'deadline reached: grpc-js cancels the call (abc123)',
    );
    expect(lineText(pt, timeout, services, 'orders')).toBe(
      'deadline atingido: o grpc-js cancela a chamada (abc123)',
    );
    expect(lineText(en, timeout, services, 'notifications')).toBe(
      'TimeoutError: no reply in time (abc123)',
    );
    // Target unknown (its send line left the log): only an all-gRPC run says deadline.
    expect(lineText(en, timeout, services)).toBe('TimeoutError: no reply in time (abc123)');
    expect(lineText(en, timeout, [orders, stock])).toContain('deadline reached');
    expect(sendTargets([entry({ msg: 'm1', params: { to: 'orders' } })]).get('m1')).toBe('orders');
  });
});

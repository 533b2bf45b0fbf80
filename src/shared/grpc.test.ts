import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GRPC_NO_EVENTS } from '../engine/nestErrors';
import * as engine from '../engine/transports/grpc';
import type { ServiceRt } from '../engine/transports/transport';
import {
  GRPC_SEND_UNSUPPORTED,
  grpcMethodName,
  grpcPackageName,
  grpcServiceName,
  lowerFirst,
} from '.';

const rt = (id: string, options: Record<string, unknown>) =>
  ({ id, spec: { transport: { kind: 'grpc', options } } }) as unknown as ServiceRt;

describe('gRPC names: the same as the engine puts on the wire', () => {
  it('derives the method and the service as NestJS examples name them', () => {
    expect(grpcMethodName({ pattern: 'get_order' })).toBe('GetOrder');
    expect(grpcMethodName({ pattern: 'get_order', method: 'FindOne' })).toBe('FindOne');
    expect(grpcServiceName('orders', {})).toBe('OrdersService');
    expect(grpcServiceName('orders', { grpcService: 'HeroesService' })).toBe('HeroesService');
    expect(grpcPackageName('orders', {})).toBe('orders');
    expect(grpcPackageName('orders', { package: 'hero' })).toBe('hero');
  });

  it('names the client side as ClientGrpc.getService() does (`m[0].toLowerCase() + m.slice(1)`)', () => {
    expect(lowerFirst('GetOrder')).toBe('getOrder');
    expect(lowerFirst('OrdersService')).toBe('ordersService');
    expect(lowerFirst('')).toBe('');
  });

  it('agrees with the engine for any pattern, method and service id', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9_.\-$/]{1,20}$/);
    fc.assert(
      fc.property(word, fc.option(word, { nil: undefined }), word, (pattern, method, id) => {
        const h = method === undefined ? { pattern } : { pattern, method };
        expect(grpcMethodName(h)).toBe(engine.grpcMethodName(h));
        expect(grpcServiceName(id, {})).toBe(engine.grpcServiceName(rt(id, {})));
        expect(grpcServiceName(id, { grpcService: method })).toBe(
          engine.grpcServiceName(rt(id, { grpcService: method })),
        );
      }),
    );
  });

  it("carries NestJS's own send()/emit() error text", () => {
    expect(GRPC_NO_EVENTS).toContain(GRPC_SEND_UNSUPPORTED);
  });
});

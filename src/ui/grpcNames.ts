/**
 * A gRPC service shown as gRPC: the names a learner would write in NestJS, derived as the engine
 * derives what it puts on the wire (`shared/grpc.ts`). The gateway holds a `ClientGrpc`, gets
 * `ordersService = client.getService<OrdersService>('OrdersService')` and calls
 * `ordersService.getOrder({ id })` (an Observable); the service's handler is
 * `@GrpcMethod('OrdersService', 'GetOrder')`. `send()` and `emit()` do not exist there. Pure.
 */
import type { ServiceSpec } from '../engine/types';
import {
  grpcMethodName,
  grpcPackageName,
  grpcServiceName,
  lbService,
  lowerFirst,
  parseInstanceId,
  stripShare,
} from '../shared';

export interface GrpcCall {
  /** `OrdersService` */
  service: string;
  /** `GetOrder` */
  method: string;
  /** `orders` */
  pkg: string;
  /** `ordersService` — the gateway's service client (`getService<OrdersService>('OrdersService')`). */
  client: string;
  /** `getOrder` — the client method (`ClientGrpc.getService()` lower-cases the first letter). */
  clientMethod: string;
  /** `OrdersService.GetOrder`, as on the wire. */
  qualified: string;
  /** `/orders.OrdersService/GetOrder`, the HTTP/2 `:path`. */
  path: string;
}

/** What the naming reads of a service (a compiled spec fits). */
export type ServiceNames = Pick<ServiceSpec, 'id' | 'transport'> & {
  handlers: readonly Pick<ServiceSpec['handlers'][number], 'pattern' | 'kind' | 'method'>[];
};

/** The gRPC names of a call to `pattern` on `spec`; null when the service is not on gRPC. */
export function grpcCall(spec: ServiceNames | undefined, pattern: string): GrpcCall | null {
  if (!spec || spec.transport.kind !== 'grpc') return null;
  const bare = stripShare(pattern);
  const h = spec.handlers.find((x) => x.pattern === pattern || x.pattern === bare);
  const service = grpcServiceName(spec.id, spec.transport.options);
  const method = grpcMethodName(h ?? { pattern: bare });
  const pkg = grpcPackageName(spec.id, spec.transport.options);
  return {
    service,
    method,
    pkg,
    client: lowerFirst(service),
    clientMethod: lowerFirst(method),
    qualified: `${service}.${method}`,
    path: `/${pkg}.${service}/${method}`,
  };
}

/** The service a node or instance id belongs to (`orders#2` → `orders`, `orders` → `orders`). */
export const serviceOf = (id: string): string => parseInstanceId(id)?.service ?? id;

/**
 * How to show `pattern` for a message to or at `where` (a service, an instance, `lb:<service>`):
 * `OrdersService.GetOrder` when that service is on gRPC, else the pattern as it is.
 */
export function shownPattern(
  services: readonly ServiceNames[] | undefined,
  where: string,
  pattern: string,
): string {
  const id = lbService(where) ?? serviceOf(where);
  const call = grpcCall(
    services?.find((s) => s.id === id),
    pattern,
  );
  return call ? call.qualified : pattern;
}

/** The code of a handler as the service declares it. */
export function handlerCode(
  spec: ServiceNames,
  h: Pick<ServiceSpec['handlers'][number], 'pattern' | 'kind' | 'method'>,
): string {
  if (spec.transport.kind === 'grpc' && h.kind === 'request') {
    const c = grpcCall(spec, h.pattern)!;
    return `@GrpcMethod('${c.service}', '${c.method}')`;
  }
  return `@${h.kind === 'request' ? 'MessagePattern' : 'EventPattern'}('${h.pattern}')`;
}

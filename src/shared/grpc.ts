/**
 * gRPC names as NestJS and the engine derive them (`engine/transports/grpc.ts`; a unit test keeps
 * the two in step), for the UI to show a gRPC service as gRPC: the gateway's `ClientGrpc` gets
 * `getService<OrdersService>('OrdersService')` and calls `ordersService.getOrder({ id })`; the
 * service handles it with `@GrpcMethod('OrdersService', 'GetOrder')`. Imports nothing.
 */

const pascal = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/** The proto method of a handler: its `method`, else the pattern in PascalCase (`get_order` → `GetOrder`). */
export const grpcMethodName = (h: { pattern: string; method?: string | undefined }): string =>
  h.method ?? pascal(h.pattern);

/** The proto service of a NestJS service: option `grpcService`, else `<Service>Service` (`OrdersService`). */
export const grpcServiceName = (serviceId: string, options: { grpcService?: unknown }): string =>
  String(options.grpcService ?? `${pascal(serviceId)}Service`);

/** The proto package: option `package`, else the service id. */
export const grpcPackageName = (serviceId: string, options: { package?: unknown }): string =>
  String(options.package ?? serviceId);

/**
 * A name with a lower-case first letter, as `ClientGrpc.getService()` keys the methods it returns
 * (`GetOrder` → `getOrder`) and as a gateway names the service client (`ordersService`).
 */
export const lowerFirst = (name: string): string =>
  name.length === 0 ? name : name[0]!.toLowerCase() + name.slice(1);

/** NestJS's `ClientGrpcProxy.send()` / `emit()` error. */
export const GRPC_SEND_UNSUPPORTED =
  'Method is not supported in gRPC mode. Use ClientGrpc instead (learn more in the documentation).';

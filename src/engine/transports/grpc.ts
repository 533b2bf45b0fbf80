/**
 * gRPC (NestJS `Transport.GRPC`): point-to-point like TCP, over HTTP/2 with Protocol Buffers. The
 * gateway's ClientGrpc calls a method of a proto service (`@GrpcMethod('OrdersService','GetOrder')`):
 * the method name is the handler's `method`, or its pattern in PascalCase. No events: `emit()`
 * throws NestJS's "not supported in gRPC mode". Server down → `14 UNAVAILABLE`; a route's
 * `timeoutMs` is the call deadline → `4 DEADLINE_EXCEEDED`. Errors thrown by a handler carry no gRPC
 * code, so grpc-js reports them as `2 UNKNOWN: <message>` (assumption, see docs/transports.md).
 */
import { GRPC_DEADLINE, GRPC_NO_EVENTS, grpcUnavailable, grpcUnimplemented } from '../nestErrors';
import type { HandlerSpec } from '../types';
import { createPointToPoint } from './pointToPoint';
import type { ServiceRt, TransportContext, TransportModel } from './transport';

const pascal = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/** `get_order` → `GetOrder` (or the handler's own `method`). */
export const grpcMethodName = (h: Pick<HandlerSpec, 'pattern' | 'method'>) =>
  h.method ?? pascal(h.pattern);

/** The proto service of a NestJS service: option `grpcService`, else `OrdersService`. */
export const grpcServiceName = (s: ServiceRt) =>
  String(s.spec.transport.options.grpcService ?? `${pascal(s.id)}Service`);

/** `/orders.OrdersService/GetOrder` — the HTTP/2 `:path`. */
function path(s: ServiceRt, pattern: string): string {
  const h = s.spec.handlers.find((x) => x.pattern === pattern);
  const pkg = String(s.spec.transport.options.package ?? s.id);
  return `/${pkg}.${grpcServiceName(s)}/${grpcMethodName(h ?? { pattern })}`;
}

const message = (err: unknown) =>
  typeof err === 'object' && err !== null && 'message' in err
    ? String((err as { message: unknown }).message)
    : String(err);

/** Method and `:path` per (service, pattern), computed once: this is on every call's hot path. */
function namesOf(
  cache: Map<string, { method: string; path: string }>,
  s: ServiceRt,
  pattern: string,
) {
  const key = `${s.id}\u0000${pattern}`;
  let names = cache.get(key);
  if (names === undefined) {
    const h = s.spec.handlers.find((x) => x.pattern === pattern);
    names = {
      method: `${grpcServiceName(s)}.${grpcMethodName(h ?? { pattern })}`,
      path: path(s, pattern),
    };
    cache.set(key, names);
  }
  return names;
}

export const createGrpc = (ctx: TransportContext): TransportModel => {
  const names = new Map<string, { method: string; path: string }>();
  return createPointToPoint(ctx, {
    kind: 'grpc',
    defaultPort: 5000,
    refused: grpcUnavailable,
    closed: '14 UNAVAILABLE: Connection dropped',
    noBackend: '14 UNAVAILABLE: no healthy upstream',
    emitError: GRPC_NO_EVENTS,
    requestWire: (msg, target, address) => {
      const n = namesOf(names, target, msg.pattern);
      return {
        channel: n.method,
        body: { message: msg.data },
        headers: { authority: address, ':path': n.path, 'content-type': 'application/grpc' },
      };
    },
    replyWire: (_msg, reply) =>
      reply.ok
        ? {
            channel: 'HTTP/2 response',
            body: { message: reply.response },
            headers: { 'grpc-status': 0 },
          }
        : {
            channel: 'HTTP/2 response',
            body: {},
            headers: reply.noHandler
              ? { 'grpc-status': 12, 'grpc-message': String(reply.err) }
              : { 'grpc-status': 2, 'grpc-message': message(reply.err) },
          },
    clientError: (reply) => {
      if (reply.ok) return reply;
      const text = String(reply.err).startsWith('12 UNIMPLEMENTED')
        ? String(reply.err)
        : `2 UNKNOWN: ${message(reply.err)}`;
      return { ok: false, err: text };
    },
    unimplemented: (msg, target) =>
      target.spec.handlers.some((h) => h.pattern === msg.pattern && h.kind === 'request')
        ? undefined
        : grpcUnimplemented(
            grpcMethodName(target.spec.handlers.find((x) => x.pattern === msg.pattern) ?? msg),
          ),
    timeoutError: () => GRPC_DEADLINE,
  });
};

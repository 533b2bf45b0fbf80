/** The texts NestJS itself produces (`@nestjs/microservices` 12.1.1, constants.js and clients). */
export const NO_MESSAGE_HANDLER =
  'There is no matching message handler defined in the remote service.';
export const noEventHandler = (pattern: string) =>
  `There is no matching event handler defined in the remote service. Event pattern: ${pattern}`;
export const CONNECTION_LOST = 'Error: Connection lost. Trying to reconnect...';
export const natsEmptyResponse = (pattern: string) =>
  `Empty response. There are no subscribers listening to that message ("${pattern}")`;
export const INTERNAL_SERVER_ERROR = 'Internal server error';
export const econnrefused = (host: string, port: number) =>
  `Error: connect ECONNREFUSED ${host}:${port}`;
/** ioredis when a command is sent on a closed connection (Redis client without `retryAttempts`). */
export const REDIS_CONNECTION_CLOSED = 'Connection is closed.';
/** amqp-connection-manager / amqplib when publishing on a closed channel (spec §7). */
export const RMQ_CHANNEL_CLOSED = 'channel closed';
export const CONNECTION_CLOSED = 'Error: Connection closed';
export const eaddrinuse = (host: string, port: number) =>
  `Error: listen EADDRINUSE: address already in use ${host}:${port}`;
export const kafkaNotSubscribed = (pattern: string) =>
  `The client consumer did not subscribe to the corresponding reply topic (${pattern}.reply).`;
/** kafkajs when the broker is unreachable (assumption: not observed, see docs/transports.md). */
export const KAFKA_CONNECTION_ERROR =
  'KafkaJSConnectionError: Connection error: connect ECONNREFUSED 127.0.0.1:9092';
/** grpc-js 1.14 when nobody listens at the address (observed: docs/conformance.md). */
export const grpcUnavailable = (host: string, port: number) =>
  `14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED ${host}:${port}. Resolution note: `;
export const GRPC_DEADLINE = '4 DEADLINE_EXCEEDED: Deadline exceeded';
/**
 * grpc-js when the proto the server loaded declares the method but nothing implements it (no
 * `@GrpcMethod`): the gateway and the service share one .proto, as the export writes it
 * (observed). A method missing from the server's proto would name the whole path instead.
 */
export const grpcUnimplemented = (method: string) =>
  `12 UNIMPLEMENTED: The server does not implement the method ${method}`;
/** `ClientGrpcProxy.dispatchEvent` (client/client-grpc.js). */
export const GRPC_NO_EVENTS =
  'Error: Method is not supported in gRPC mode. Use ClientGrpc instead (learn more in the documentation).';
export const rmqUnsupportedEvent = (pattern: string) =>
  `An unsupported event was received. It has been negative acknowledged, so it will not be re-delivered. Pattern: ${pattern}`;
/** rxjs `timeout()` fired: `TimeoutError` (an Error), what a handler awaiting `send()` throws. */
export const RXJS_TIMEOUT = 'TimeoutError: Timeout has occurred';

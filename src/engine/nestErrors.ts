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

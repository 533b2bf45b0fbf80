/**
 * TCP (NestJS `Transport.TCP`): point-to-point, no broker (see pointToPoint.ts for the shared
 * rules: one server per port, EADDRINUSE, optional load balancer). Server down →
 * `connect ECONNREFUSED` in ~2 ms, for `send()` and `emit()` alike; a server dying mid-request →
 * `Connection closed`. Messages use `<byteLength>#<json>` framing (helpers/json-socket.js).
 */
import { CONNECTION_CLOSED, econnrefused } from '../nestErrors';
import {
  replyPacket,
  requestPacket,
  type TransportContext,
  type TransportModel,
} from './transport';
import { createPointToPoint } from './pointToPoint';

/** UTF-8 byte length (the engine has no TextEncoder: it runs without DOM or Node libs). */
const NON_ASCII = /[\u0080-\uffff]/;
const byteLength = (s: string) => {
  if (!NON_ASCII.test(s)) return s.length; // the common case, checked natively
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
};

/** `67#{"pattern":…}` — one JSON.stringify per packet (cheaper than a lazy accessor per hop). */
const framed = (packet: Record<string, unknown>): Record<string, unknown> => {
  const json = JSON.stringify(packet);
  return { frame: `${byteLength(json)}#${json}` };
};

export const createTcp = (ctx: TransportContext): TransportModel =>
  createPointToPoint(ctx, {
    kind: 'tcp',
    defaultPort: 3000,
    refused: econnrefused,
    closed: CONNECTION_CLOSED,
    noBackend: CONNECTION_CLOSED,
    balancesConnections: true,
    requestWire: (msg, _t, address) => ({
      channel: address,
      body: (msg.encoded ??= framed(requestPacket(msg))),
    }),
    replyWire: (msg, reply) => ({ channel: 'socket', body: framed(replyPacket(reply, msg.id)) }),
  });

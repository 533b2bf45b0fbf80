/**
 * What the tap bridge (`npm run tap`, src/tap) sends the app over its loopback WebSocket: one JSON
 * object per text frame. Pure (no DOM, no Node): the bridge builds these, the app checks every
 * frame with `parseTapFrame` before it draws anything (a hostile or broken bridge gets a notice,
 * never a crash). Field names are public API (docs/live.md).
 */

/** Transports the tap can listen to (a broker it can subscribe to without disturbing it). */
export const TAP_TRANSPORTS = ['redis', 'nats', 'mqtt', 'rmq'] as const;
export type TapTransport = (typeof TAP_TRANSPORTS)[number];

/** A frame bigger than this is refused by the app (the bridge never sends one). */
export const MAX_FRAME_BYTES = 256 * 1024;
/** A broker message bigger than this is not decoded (the bridge sends a notice instead). */
export const MAX_ENVELOPE_BYTES = 64 * 1024;
/** JSON nested deeper than this is not decoded (a parser's stack is not a toy). */
export const MAX_DEPTH = 32;

/** The first frame: what the bridge listens to and what that costs the broker. */
export interface TapHello {
  type: 'hello';
  version: 1;
  transport: TapTransport;
  /** The broker URL without its password. */
  broker: string;
  /** How the bridge listens (`PSUBSCRIBE *`, `>`, `#`, `amq.rabbitmq.trace`). */
  listening: string;
}

/** request = `send()` (pattern + id), event = `emit()` (pattern, no id), reply = a response packet. */
export type EnvelopeKind = 'request' | 'event' | 'reply';

/** One decoded NestJS envelope seen on the broker. */
export interface TapEnvelope {
  type: 'envelope';
  /** The bridge's message counter (1, 2, …). */
  seq: number;
  /** Wall ms (bridge clock) it was seen. */
  at: number;
  kind: EnvelopeKind;
  /** Channel, subject, topic or rmq routing key / queue the message travelled on. */
  channel: string;
  pattern?: string;
  id?: string;
  data?: unknown;
  response?: unknown;
  err?: unknown;
  status?: string;
  isDisposed?: boolean;
  /** Where the reply goes: redis `<pattern>.reply`, nats inbox, mqtt `<pattern>/reply`, rmq replyTo. */
  replyTo?: string;
  /** rmq: the AMQP correlationId (NestJS puts the message id there; replies carry no `id`). */
  correlationId?: string;
  /** rmq firehose: `publish` (entered the broker) or `deliver` (handed to a consumer). */
  stage?: 'publish' | 'deliver';
  /** rmq `deliver`: the consuming connection (one per instance) and queue. */
  consumer?: string;
  queue?: string;
  /** Size of the message body on the wire. */
  bytes: number;
}

/** A message the bridge saw but could not decode as a NestJS envelope. */
export interface TapNotice {
  type: 'notice';
  seq: number;
  at: number;
  channel: string;
  bytes: number;
  /** Why: a stable code (the app localises it) and an English detail (the terminal prints it). */
  code: NoticeCode;
  detail: string;
}

export type NoticeCode = 'too-large' | 'not-json' | 'too-deep' | 'not-envelope' | 'wrong-type';

/** The bridge's broker connection changed. */
export interface TapStatus {
  type: 'status';
  broker: 'up' | 'down';
  detail: string;
}

export type TapFrame = TapHello | TapEnvelope | TapNotice | TapStatus;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const optStr = (o: Obj, k: string) => o[k] === undefined || typeof o[k] === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const NOTICE_CODES: readonly string[] = [
  'too-large',
  'not-json',
  'too-deep',
  'not-envelope',
  'wrong-type',
];

/** Depth of nesting of a JSON text, counted without parsing it (strings skipped). */
export function jsonDepth(text: string, stopAt = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped char
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max && (max = depth) > stopAt) return max;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** Checks one frame from the bridge: the frame, or why it is refused (English, for the log). */
export function parseTapFrame(
  text: string,
): { ok: true; frame: TapFrame } | { ok: false; why: string } {
  if (text.length > MAX_FRAME_BYTES) return { ok: false, why: `frame of ${text.length} bytes` };
  if (jsonDepth(text, MAX_DEPTH + 4) > MAX_DEPTH + 4)
    return { ok: false, why: 'frame nested too deep' };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, why: 'frame is not JSON' };
  }
  if (!isObj(v)) return { ok: false, why: 'frame is not an object' };
  const bad = (what: string) => ({ ok: false as const, why: `${String(v.type)} frame: ${what}` });
  switch (v.type) {
    case 'hello':
      if (!(TAP_TRANSPORTS as readonly unknown[]).includes(v.transport)) return bad('transport');
      if (typeof v.broker !== 'string' || typeof v.listening !== 'string') return bad('fields');
      return { ok: true, frame: v as unknown as TapHello };
    case 'envelope':
      if (!isNum(v.seq) || !isNum(v.at) || !isNum(v.bytes)) return bad('seq/at/bytes');
      if (v.kind !== 'request' && v.kind !== 'event' && v.kind !== 'reply') return bad('kind');
      if (typeof v.channel !== 'string') return bad('channel');
      for (const k of ['pattern', 'id', 'status', 'replyTo', 'correlationId', 'consumer', 'queue'])
        if (!optStr(v, k)) return bad(k);
      if (v.isDisposed !== undefined && typeof v.isDisposed !== 'boolean') return bad('isDisposed');
      if (v.stage !== undefined && v.stage !== 'publish' && v.stage !== 'deliver')
        return bad('stage');
      if (v.kind !== 'reply' && v.pattern === undefined) return bad('pattern');
      return { ok: true, frame: v as unknown as TapEnvelope };
    case 'notice':
      if (!isNum(v.seq) || !isNum(v.at) || !isNum(v.bytes)) return bad('seq/at/bytes');
      if (typeof v.channel !== 'string' || typeof v.detail !== 'string') return bad('fields');
      if (!NOTICE_CODES.includes(v.code as string)) return bad('code');
      return { ok: true, frame: v as unknown as TapNotice };
    case 'status':
      if (v.broker !== 'up' && v.broker !== 'down') return bad('broker');
      if (typeof v.detail !== 'string') return bad('detail');
      return { ok: true, frame: v as unknown as TapStatus };
    default:
      return { ok: false, why: `unknown frame type ${JSON.stringify(v.type)?.slice(0, 40)}` };
  }
}

/** Hosts the app connects to: loopback only (the static site never reaches the network). */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `?live=` value → a ws URL on a loopback host, or null (the app refuses it, naming it). */
export function loopbackWsUrl(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== 'ws:') return null;
  if (!LOOPBACK.has(u.hostname)) return null;
  if (u.username || u.password) return null;
  return u.href;
}

/**
 * A broker message → a NestJS envelope the app can draw, or a notice saying why not. Pure (no
 * Node, no clock: `at` and `seq` come in), so hostile input is unit-tested: too large, not JSON,
 * nested too deep, not an object, fields of the wrong type — each a notice, never a throw.
 * The wire forms are those of docs/transports.md (NestJS 12): `{pattern, data, id}` for `send()`,
 * `{pattern, data}` for `emit()`, `{response|err, isDisposed, id}` for a reply (rmq replies carry no
 * `id`: the AMQP correlationId names the request).
 */
import {
  jsonDepth,
  MAX_DEPTH,
  MAX_ENVELOPE_BYTES,
  type EnvelopeKind,
  type NoticeCode,
  type TapEnvelope,
  type TapNotice,
  type TapTransport,
} from '../live/protocol';

/** What a listener hands over: the body and what the transport tells besides it. */
export interface RawMessage {
  transport: TapTransport;
  /** Channel, subject, topic, or rmq routing key. */
  channel: string;
  body: Uint8Array | string;
  /** nats: the request's reply subject (its inbox). */
  reply?: string;
  /** rmq: AMQP properties and the firehose's stage, queue and connection. */
  replyTo?: string;
  correlationId?: string;
  stage?: 'publish' | 'deliver';
  queue?: string;
  consumer?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A pattern as NestJS routes it: a string, or an object (`{cmd:'sum'}`) shown as its JSON. */
function patternText(p: unknown): string | null {
  if (typeof p === 'string') return p;
  if (isObj(p)) return JSON.stringify(p);
  return null;
}

/** The reply channel NestJS uses for a request on `channel` (docs/transports.md §6). */
export function replyChannelOf(m: RawMessage): string | undefined {
  switch (m.transport) {
    case 'redis':
      return `${m.channel}.reply`;
    case 'mqtt':
      return `${m.channel}/reply`;
    case 'nats':
      return m.reply;
    case 'rmq':
      return m.replyTo;
  }
}

export function decode(m: RawMessage, seq: number, at: number): TapEnvelope | TapNotice {
  const bytes =
    typeof m.body === 'string' ? new TextEncoder().encode(m.body).length : m.body.length;
  const notice = (code: NoticeCode, detail: string): TapNotice => ({
    type: 'notice',
    seq,
    at,
    channel: m.channel.slice(0, 200),
    bytes,
    code,
    detail,
  });
  if (bytes > MAX_ENVELOPE_BYTES)
    return notice('too-large', `${bytes} bytes (over ${MAX_ENVELOPE_BYTES}): not decoded`);
  let text: string;
  try {
    text = typeof m.body === 'string' ? m.body : utf8.decode(m.body);
  } catch {
    return notice('not-json', 'not UTF-8 text');
  }
  if (jsonDepth(text, MAX_DEPTH) > MAX_DEPTH)
    return notice('too-deep', `JSON nested deeper than ${MAX_DEPTH} levels: not decoded`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return notice('not-json', `not JSON: ${JSON.stringify(text.slice(0, 40))}`);
  }
  if (!isObj(v))
    return notice('not-envelope', `JSON ${Array.isArray(v) ? 'array' : typeof v}, not an object`);

  if (v.id !== undefined && typeof v.id !== 'string' && typeof v.id !== 'number')
    return notice('wrong-type', `"id" is ${typeof v.id}`);
  if (v.isDisposed !== undefined && typeof v.isDisposed !== 'boolean')
    return notice('wrong-type', `"isDisposed" is ${typeof v.isDisposed}`);
  if (v.status !== undefined && typeof v.status !== 'string')
    return notice('wrong-type', `"status" is ${typeof v.status}`);
  const id = v.id === undefined ? undefined : String(v.id);

  let kind: EnvelopeKind;
  let pattern: string | undefined;
  if ('pattern' in v) {
    const p = patternText(v.pattern);
    if (p === null)
      return notice('wrong-type', `"pattern" is ${v.pattern === null ? 'null' : typeof v.pattern}`);
    pattern = p;
    kind = id === undefined ? 'event' : 'request';
  } else if ('response' in v || 'err' in v || 'isDisposed' in v) kind = 'reply';
  else return notice('not-envelope', 'no "pattern", "response" or "err": not a NestJS envelope');

  const env: TapEnvelope = { type: 'envelope', seq, at, kind, channel: m.channel, bytes };
  if (pattern !== undefined) env.pattern = pattern;
  if (id !== undefined) env.id = id;
  if ('data' in v) env.data = v.data;
  if ('response' in v) env.response = v.response;
  if ('err' in v) env.err = v.err;
  if (typeof v.status === 'string') env.status = v.status;
  if (typeof v.isDisposed === 'boolean') env.isDisposed = v.isDisposed;
  if (kind === 'request') {
    const reply = replyChannelOf(m);
    if (reply !== undefined) env.replyTo = reply;
  }
  if (m.correlationId !== undefined) env.correlationId = m.correlationId;
  if (m.stage !== undefined) env.stage = m.stage;
  if (m.queue !== undefined) env.queue = m.queue;
  if (m.consumer !== undefined) env.consumer = m.consumer;
  return env;
}

/** One line for the terminal (the bridge's `--verbose` and its notices). */
export function describeFrame(f: TapEnvelope | TapNotice): string {
  if (f.type === 'notice') return `! ${f.channel}: ${f.detail} (${f.bytes} bytes)`;
  const what = f.kind === 'reply' ? (f.err !== undefined ? 'error reply' : 'reply') : f.kind;
  const id = f.id ?? f.correlationId;
  return `${what}${f.pattern ? ` ${f.pattern}` : ''} on ${f.channel}${id ? ` id ${id}` : ''}${f.stage ? ` (${f.stage})` : ''}`;
}

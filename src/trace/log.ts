/**
 * Trace events → log entries. Entries stay structured (a message key + params) so the panel
 * localises them at render time and a language switch re-labels the whole log.
 */
import type { DropReason, TraceEvent } from '../engine/types';

export type LogKind =
  | 'httpRequest'
  | 'httpResponse'
  | 'send'
  | 'emit'
  | 'enqueued'
  | 'delivered'
  | 'handledRequest'
  | 'handledEvent'
  | 'handlerFailed'
  | 'replyReceived'
  | 'replyPacket'
  | 'replyStream'
  | 'dropped'
  | 'timeout'
  | 'requestError'
  | 'instanceDown'
  | 'instanceStarting'
  | 'instanceUp'
  | 'scaled'
  | 'serverLog'
  | 'clientLog'
  | 'brokerDown'
  | 'brokerUp'
  | 'requeued'
  | 'connectionLost'
  | 'connectionRestored'
  | 'connectionGaveUp'
  | 'rebalanceStart'
  | 'rebalanceDone'
  | 'deployStarted'
  | 'deployReplaced'
  | 'deployDone'
  | 'dataBehind'
  | 'dataAhead'
  | 'dataConverged'
  | 'dataFixIdempotentOn'
  | 'dataFixIdempotentOff'
  | 'dataFixOutboxOn'
  | 'dataFixOutboxOff'
  | 'outboxPublished';

export type LogTone = 'info' | 'ok' | 'warn' | 'error';

export interface LogEntry {
  /** Monotonic, unique within a run: the React key. */
  id: number;
  t: number;
  kind: LogKind;
  tone: LogTone;
  /** Who acted (`orders#2`, `gateway`, `client`). */
  actor: string;
  /** What selecting this line highlights: a request id (whole chain) or a message id. */
  select?: string;
  params: Record<string, string | number>;
  /** Only for `dropped`: localised separately. */
  reason?: DropReason;
  /** The message the line is about (its wire envelopes can be inspected). */
  msg?: string;
}

/** Keep the panel (and memory) bounded; older lines are of no use in a live view. */
export const LOG_LIMIT = 500;

const short = (id: string) => id.slice(0, 6);

/**
 * Event types that make a log line (`translate` returns an entry for exactly these). Under load a
 * batch brings thousands of them and only the newest `LOG_LIMIT` can be kept: the older ones are
 * `skip`ped instead of built.
 */
const LOGGED: ReadonlySet<string> = new Set<TraceEvent['type']>([
  'http.request',
  'http.response',
  'client.send',
  'client.emit',
  'broker.enqueued',
  'message.delivered',
  'handler.done',
  'reply.received',
  'message.dropped',
  'request.timeout',
  'request.error',
  'instance.down',
  'instance.starting',
  'instance.up',
  'service.scaled',
  'server.log',
  'client.log',
  'broker.down',
  'broker.up',
  'broker.requeued',
  'connection',
  'group.rebalance',
  'deploy.started',
  'deploy.replaced',
  'deploy.done',
  'data.diverged',
  'data.converged',
  'data.fix',
  'outbox.published',
]);

/** True when `translate(e)` makes a line. */
export const isLogged = (e: TraceEvent): boolean => LOGGED.has(e.type);

/** How many events of a batch make a log line. */
export function countLogged(events: readonly TraceEvent[]): number {
  let n = 0;
  for (let i = 0; i < events.length; i++) if (LOGGED.has(events[i]!.type)) n++;
  return n;
}

/** The first record whose actual differs from expected (else the first record): name, actual, expected. */
function firstGap(
  actual: Record<string, number>,
  expected: Record<string, number>,
): [string, number, number] {
  const keys = Object.keys(actual);
  const key = keys.find((k) => actual[k] !== expected[k]) ?? keys[0] ?? '';
  return [key, actual[key] ?? 0, expected[key] ?? 0];
}

export interface LogTranslator {
  translate(e: TraceEvent): LogEntry | null;
  /**
   * Account for a logged event whose line would be discarded anyway (older than the newest
   * `LOG_LIMIT` of a batch): labels and grouping are remembered and the id sequence advances
   * exactly as `translate` would, but no entry is built.
   */
  skip(e: TraceEvent): void;
  /** The request id a message belongs to, so one click highlights the whole chain. */
  groupOf(msgId: string): string;
  reset(): void;
}

/**
 * Lines of a ClientProxy name who holds it: the gateway, or the instance whose handler calls another
 * service (`from` / `caller` on the trace event).
 */
export function createLogTranslator(gatewayId = 'gateway', clientId = 'client'): LogTranslator {
  let seq = 0;
  // Bounded by clearing: these only serve labels and grouping for recent messages.
  let reqRoute = new Map<string, string>();
  let msgReq = new Map<string, string>();
  let msgKind = new Map<string, 'send' | 'emit'>();

  const remember = <K, V>(m: Map<K, V>, k: K, v: V) => {
    if (m.size > 20_000) m.clear();
    m.set(k, v);
  };
  const groupOf = (msgId: string) => msgReq.get(msgId) ?? msgId;
  const entry = (
    e: TraceEvent,
    kind: LogKind,
    tone: LogTone,
    actor: string,
    params: Record<string, string | number>,
    select?: string,
  ): LogEntry => ({ id: ++seq, t: e.t, kind, tone, actor, params, ...(select ? { select } : {}) });

  function translate(e: TraceEvent): LogEntry | null {
    const line = lineOf(e);
    if (line && 'msgId' in e && e.type !== 'hop') line.msg = e.msgId;
    return line;
  }

  function skip(e: TraceEvent) {
    if (!LOGGED.has(e.type)) return;
    seq++;
    switch (e.type) {
      case 'http.request':
        remember(reqRoute, e.reqId, `${e.method} ${e.path}`);
        break;
      case 'client.send':
        remember(msgReq, e.msgId, e.reqId);
        remember(msgKind, e.msgId, 'send');
        break;
      case 'client.emit':
        if (e.reqId) remember(msgReq, e.msgId, e.reqId);
        remember(msgKind, e.msgId, 'emit');
        break;
      default:
    }
  }

  function lineOf(e: TraceEvent): LogEntry | null {
    switch (e.type) {
      case 'hop':
        return null;
      case 'http.request': {
        const route = `${e.method} ${e.path}`;
        remember(reqRoute, e.reqId, route);
        return entry(e, 'httpRequest', 'info', clientId, { route, req: e.reqId }, e.reqId);
      }
      case 'http.response': {
        const tone: LogTone = e.status >= 500 ? 'error' : e.status >= 400 ? 'warn' : 'ok';
        const route = reqRoute.get(e.reqId) ?? e.reqId;
        return entry(
          e,
          'httpResponse',
          tone,
          clientId,
          { route, req: e.reqId, status: e.status, ms: Math.round(e.ms) },
          e.reqId,
        );
      }
      case 'client.send':
        remember(msgReq, e.msgId, e.reqId);
        remember(msgKind, e.msgId, 'send');
        return entry(
          e,
          'send',
          'info',
          e.from ?? gatewayId,
          { pattern: e.pattern, to: e.to, id: short(e.msgId) },
          e.reqId,
        );
      case 'client.emit':
        if (e.reqId) remember(msgReq, e.msgId, e.reqId);
        remember(msgKind, e.msgId, 'emit');
        return entry(
          e,
          'emit',
          'info',
          e.from ?? gatewayId,
          { pattern: e.pattern, to: e.to.join(', '), id: short(e.msgId) },
          groupOf(e.msgId),
        );
      case 'broker.enqueued':
        return entry(
          e,
          'enqueued',
          'info',
          'broker',
          { where: e.where, depth: e.depth },
          groupOf(e.msgId),
        );
      case 'message.delivered': {
        const redelivered = e.redelivered ? ' (redelivered)' : '';
        return entry(
          e,
          'delivered',
          e.redelivered ? 'warn' : 'info',
          e.instance,
          { pattern: e.pattern + redelivered },
          groupOf(e.msgId),
        );
      }
      case 'handler.done': {
        const isEvent = msgKind.get(e.msgId) === 'emit';
        const kind: LogKind = !e.ok ? 'handlerFailed' : isEvent ? 'handledEvent' : 'handledRequest';
        return entry(
          e,
          kind,
          e.ok ? 'ok' : 'error',
          e.instance,
          { pattern: e.pattern },
          groupOf(e.msgId),
        );
      }
      case 'reply.received':
        // Streamed replies (`return of(1, 2, 3)`): each packet, then the values the client saw.
        if (e.more === true)
          return entry(
            e,
            'replyPacket',
            'info',
            e.caller ?? gatewayId,
            { from: e.instance, value: String(e.value) },
            groupOf(e.msgId),
          );
        if (e.values !== undefined)
          return entry(
            e,
            'replyStream',
            'ok',
            e.caller ?? gatewayId,
            { from: e.instance, values: `[${e.values.join(', ')}]` },
            groupOf(e.msgId),
          );
        return entry(
          e,
          'replyReceived',
          'ok',
          e.caller ?? gatewayId,
          { from: e.instance },
          groupOf(e.msgId),
        );
      case 'message.dropped':
        return {
          ...entry(
            e,
            'dropped',
            'warn',
            e.instance ?? 'broker',
            // A late reply: after an earlier reply answered the call, or after its timeout.
            e.answered === undefined
              ? { id: short(e.msgId) }
              : { id: short(e.msgId), after: e.answered ? 'answered' : 'timeout' },
            groupOf(e.msgId),
          ),
          reason: e.reason,
        };
      case 'request.timeout':
        return entry(
          e,
          'timeout',
          'error',
          e.caller ?? gatewayId,
          { id: short(e.msgId) },
          groupOf(e.msgId),
        );
      case 'request.error':
        return entry(
          e,
          'requestError',
          'error',
          e.caller ?? gatewayId,
          { error: typeof e.error === 'string' ? e.error : JSON.stringify(e.error) },
          groupOf(e.msgId),
        );
      case 'instance.down':
        return entry(e, 'instanceDown', 'error', e.instance, {});
      case 'instance.starting':
        return entry(e, 'instanceStarting', 'warn', e.instance, {});
      case 'instance.up':
        return entry(e, 'instanceUp', 'ok', e.instance, {});
      case 'service.scaled':
        return entry(e, 'scaled', 'info', e.service, { from: e.from, to: e.to });
      case 'server.log':
        return entry(
          e,
          'serverLog',
          e.level === 'ERROR' ? 'error' : e.level === 'WARN' ? 'warn' : 'info',
          e.instance,
          { level: e.level, text: e.text },
        );
      case 'client.log':
        return entry(
          e,
          'clientLog',
          e.level === 'ERROR' ? 'error' : e.level === 'WARN' ? 'warn' : 'info',
          e.who,
          { level: e.level, text: e.text },
        );
      case 'broker.down':
        return entry(e, 'brokerDown', 'error', 'broker', {});
      case 'broker.up':
        return entry(e, 'brokerUp', 'ok', 'broker', {});
      case 'broker.requeued':
        return entry(
          e,
          'requeued',
          'warn',
          'broker',
          { where: e.where, id: short(e.msgId) },
          groupOf(e.msgId),
        );
      case 'connection': {
        const kind: LogKind =
          e.state === 'lost'
            ? 'connectionLost'
            : e.state === 'restored'
              ? 'connectionRestored'
              : 'connectionGaveUp';
        return entry(e, kind, e.state === 'restored' ? 'ok' : 'error', e.who, {});
      }
      case 'group.rebalance':
        return entry(e, e.phase === 'start' ? 'rebalanceStart' : 'rebalanceDone', 'warn', e.group, {
          group: e.group,
        });
      case 'deploy.started':
        return entry(e, 'deployStarted', 'warn', e.service, {
          strategy: e.strategy,
          n: e.instances.length,
        });
      case 'deploy.replaced':
        return entry(e, 'deployReplaced', 'info', e.instance, { service: e.service });
      case 'deploy.done':
        return entry(e, 'deployDone', 'ok', e.service, {});
      case 'data.diverged': {
        const [record, actual, expected] = firstGap(e.actual, e.expected);
        return entry(
          e,
          e.state === 'behind' ? 'dataBehind' : 'dataAhead',
          'error',
          e.service,
          { record, actual, expected, req: e.reqId },
          e.reqId,
        );
      }
      case 'data.converged': {
        const [record, actual] = firstGap(e.actual, e.expected);
        return entry(e, 'dataConverged', 'ok', e.service, { record, actual });
      }
      case 'data.fix': {
        const kind: LogKind =
          e.fix === 'idempotent'
            ? e.enabled
              ? 'dataFixIdempotentOn'
              : 'dataFixIdempotentOff'
            : e.enabled
              ? 'dataFixOutboxOn'
              : 'dataFixOutboxOff';
        return entry(e, kind, 'info', e.fix === 'idempotent' ? e.target : gatewayId, {
          target: e.target,
        });
      }
      case 'outbox.published':
        return entry(
          e,
          'outboxPublished',
          e.attempt > 1 ? 'warn' : 'info',
          gatewayId,
          { id: short(e.msgId), attempt: e.attempt, route: e.route },
          e.reqId,
        );
      default:
        // offset.commit and future events: too fine-grained for the log (they stay in the trace).
        return null;
    }
  }

  return {
    translate,
    skip,
    groupOf,
    reset() {
      seq = 0;
      reqRoute = new Map();
      msgReq = new Map();
      msgKind = new Map();
    },
  };
}

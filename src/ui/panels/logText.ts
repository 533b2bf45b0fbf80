/**
 * The text of an event-log line (pure: unit-tested). Lines stay structured in the store (a key +
 * params, `state/log.ts`) and are worded here, in the UI language, at render time.
 */
import type { Translate } from '../useT';
import type { LogEntry } from '../../state';
import { grpcCall, serviceOf, type ServiceNames } from '../grpcNames';

export type Services = readonly ServiceNames[] | undefined;
const specOf = (services: Services, id: string) => services?.find((s) => s.id === id);

/** Message id → the service it was sent to, from the log's `send` lines. */
export function sendTargets(log: readonly LogEntry[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of log) if (e.kind === 'send' && e.msg) m.set(e.msg, String(e.params.to));
  return m;
}

/**
 * A line about a gRPC service reads as gRPC code: `ordersService.getOrder({ id }) → orders`
 * instead of `send('get_order')`, `OrdersService.GetOrder` instead of the pattern, and an
 * `emit()` that a `ClientGrpc` cannot do. Null: the line as the trace names it.
 */
function grpcText(
  t: Translate,
  e: LogEntry,
  services: Services,
  target: string | undefined,
): string | null {
  const pattern = String(e.params.pattern ?? '');
  switch (e.kind) {
    case 'send': {
      const c = grpcCall(specOf(services, String(e.params.to)), pattern);
      return c
        ? t('log.sendGrpc', { call: `${c.client}.${c.clientMethod}({ id })`, to: e.params.to! })
        : null;
    }
    case 'emit': {
      const to = String(e.params.to ?? '')
        .split(', ')
        .filter(Boolean);
      const allGrpc =
        to.length > 0 && to.every((id) => specOf(services, id)?.transport.kind === 'grpc');
      return allGrpc ? t('log.emitGrpc', { pattern, to: e.params.to! }) : null;
    }
    case 'delivered':
    case 'handledRequest':
    case 'handledEvent':
    case 'handlerFailed': {
      const c = grpcCall(specOf(services, serviceOf(e.actor)), pattern);
      return c ? t(`log.${e.kind}`, { ...e.params, pattern: c.qualified }) : null;
    }
    case 'timeout':
      // On gRPC the route timeout is the call's deadline: grpc-js cancels the call and the
      // client gets `4 DEADLINE_EXCEEDED` (next line), not RxJS's TimeoutError.
      // (Its send line may have left the bounded log: then an all-gRPC run still says so.)
      return (
        target !== undefined
          ? specOf(services, target)?.transport.kind === 'grpc'
          : services !== undefined &&
            services.length > 0 &&
            services.every((s) => s.transport.kind === 'grpc')
      )
        ? t('log.deadlineGrpc', e.params)
        : null;
    default:
      return null;
  }
}

/**
 * `target`: the service the line's message was sent to, when known (the log's `send` line for
 * it) — a timeout line needs it to know whether the call was gRPC.
 */
export function lineText(t: Translate, e: LogEntry, services: Services, target?: string): string {
  const grpc = grpcText(t, e, services, target);
  if (grpc !== null) return grpc;
  // `as const` keeps the template types: a LogKind or an engine DropReason without a catalogue
  // key fails to compile.
  // A reply that lost the race to an earlier one is a duplicate, not a client that gave up.
  const reason =
    e.reason === 'late-reply' && e.params.after === 'answered'
      ? t('drop.duplicate-reply')
      : e.reason
        ? t(`drop.${e.reason}` as const)
        : undefined;
  const params = reason !== undefined ? { ...e.params, reason } : e.params;
  return t(`log.${e.kind}` as const, params);
}

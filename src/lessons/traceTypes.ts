/**
 * Every trace event name at runtime (types.ts only has them as a type). Goals name events by
 * these strings, so a lesson file with a misspelt event is refused with a suggestion. The two
 * type-level checks below fail to compile when the engine adds or renames an event and this list
 * is not updated.
 */
import type { TraceType } from '../engine/types';

export const TRACE_TYPES = [
  'http.request',
  'http.response',
  'client.send',
  'client.emit',
  'broker.enqueued',
  'message.delivered',
  'message.dropped',
  'handler.done',
  'reply.received',
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
  'group.rebalance',
  'offset.commit',
  'connection',
  'hop',
  'request.retry',
  'breaker.state',
  'breaker.rejected',
  'fallback.used',
  'capacity.rejected',
  'handler.skipped',
  'broker.deadLettered',
  'autoscale',
  'autoscale.toggled',
  'fault',
  'fault.cleared',
  'load.started',
  'load.stopped',
  'metrics.sample',
  'deploy.started',
  'deploy.replaced',
  'deploy.done',
  'data.diverged',
  'data.converged',
  'data.fix',
  'outbox.published',
] as const satisfies readonly TraceType[];

type Listed = (typeof TRACE_TYPES)[number];
// Compile-time: every TraceType is listed (a missing one makes this `never` ≠ true).
const everyTypeListed: [TraceType] extends [Listed] ? true : never = true;
void everyTypeListed;

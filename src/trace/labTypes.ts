/**
 * The resilience lab's view of the trace: the shapes of the resilience/scaling events as the
 * engine contract names them. Declared structurally here (not `Extract<TraceEvent, …>`) so the
 * lab reads any batch — `{ type: string; t: number }` — and ignores what it does not know.
 * `labTypes.check.ts` keeps these in step with `engine/types.ts` at compile time.
 */

export type BreakerState = 'closed' | 'open' | 'half-open';

/** Anything with a type and a virtual time: every engine trace event qualifies. */
export interface AnyEvent {
  type: string;
  t: number;
}

export interface MetricsSample {
  type: 'metrics.sample';
  t: number;
  windowMs: number;
  ok: number;
  failed: number;
  rps: number;
  latency: { p50: number; p95: number; p99: number };
  errorRate: number;
  queues: Record<string, number>;
  replicas: Record<string, number>;
  utilization: Record<string, number>;
  duplicates: number;
  retries: number;
  /** Deliveries waiting in instance work queues (bulkhead or paused), by instance. */
  waiting?: Record<string, number>;
  fallbacks?: number;
  breakers: Record<string, BreakerState>;
}

/** The fields the lab reads from the events it links, waterfalls and draws (all optional). */
export interface LooseEvent extends AnyEvent {
  msgId?: string;
  reqId?: string;
  prevMsgId?: string;
  attempt?: number;
  faultId?: string;
  kind?: string;
  target?: unknown;
  from?: unknown;
  to?: unknown;
  arriveAt?: number;
  instance?: string;
  status?: number;
  reason?: string;
  service?: string;
  pattern?: string;
  ok?: boolean;
  method?: string;
  path?: string;
}

/** Read an engine event through the lab's loose lens (no run-time cost). */
export const loose = (e: AnyEvent): LooseEvent => e as LooseEvent;

export const isSample = (e: AnyEvent): e is MetricsSample => e.type === 'metrics.sample';

/** `'orders'`, `['gateway','broker']` → `gateway↔broker`, `{service:'orders'}` → `orders`. */
export function targetText(target: unknown): string {
  if (typeof target === 'string') return target;
  if (typeof target === 'number') return String(target);
  if (Array.isArray(target)) return target.map(targetText).join('↔');
  if (target && typeof target === 'object') {
    const o = target as Record<string, unknown>;
    for (const k of ['instance', 'service', 'route', 'link', 'target', 'between'])
      if (k in o) return targetText(o[k]);
  }
  return '';
}

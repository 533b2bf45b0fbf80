/**
 * The resilience lab's view of the trace. Events are read loosely — any `{ type: string; t:
 * number }`, fields looked up through `loose()` — so the lab ignores what it does not know; the
 * shapes it relies on (a metrics sample, breaker states) are the engine contract's own types.
 * `labTypes.check.ts` checks at compile time that every engine event fits `AnyEvent`.
 */
import type { MetricsSample as EngineSample } from '../engine/types';

export type { BreakerState } from '../engine/types';

/** Anything with a type and a virtual time: every engine trace event qualifies. */
export interface AnyEvent {
  type: string;
  t: number;
}

/** A `metrics.sample` trace event: the engine's `MetricsSample` with its type and time. */
export interface MetricsSample extends EngineSample {
  type: 'metrics.sample';
  t: number;
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
  /** `data.diverged`: `behind` / `ahead`. */
  state?: string;
}

/** Read an engine event through the lab's loose lens (no run-time cost). */
export const loose = (e: AnyEvent): LooseEvent => e as LooseEvent;

export const isSample = (e: AnyEvent): e is MetricsSample => e.type === 'metrics.sample';

/**
 * A fault's or breaker's target as text. The engine names targets with strings (`orders`,
 * `orders#1`, `gateway<->broker`, a route key, `broker`); anything else reads as ''.
 */
export const targetText = (target: unknown): string => (typeof target === 'string' ? target : '');

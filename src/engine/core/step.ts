/**
 * What the event queue holds: pooled entries, not closures. A hot-path continuation is a `Step`
 * — a long-lived object whose `run` gets the entry's arguments — so scheduling a hop arrival or a
 * timer allocates nothing: the entry comes from a pool and goes back to it when it runs. (A
 * closure per scheduled event, kept alive until it ran, was what made the engine slower than
 * linear under load: the more in flight, the more the garbage collector had to copy.)
 */
import type { SimTime } from '../../shared';
import type { Hop } from '../types';

/** A continuation without a closure. Method syntax: a `Step<Msg, …>` is a `Step` (bivariance). */
export interface Step<A = unknown, B = unknown, C = unknown, D = unknown> {
  run(a: A, b: B, c: C, d: D): void;
}

/** A hop on a link, as the trace and the snapshot show it. */
export type HopRecord = Hop & { type: 'hop'; t: SimTime };

/** Runs a plain closure (`a`): cold paths keep their closures. */
export const CALL: Step<() => void> = { run: (fn) => fn() };

/** One queued event. Reused: never keep a reference to an entry after it ran. */
export class Entry {
  step: Step = CALL;
  a: unknown = undefined;
  b: unknown = undefined;
  c: unknown = undefined;
  d: unknown = undefined;
  /** A hop through the broker: the broker epoch when it was sent (−1 = not through the broker). */
  epoch = -1;
  /** What runs instead of `step` if the hop crossed a broker outage (null = count a drop). */
  lost: Step | null = null;
  /** The hop this entry delivers (for the snapshot's in-flight list), null for timers. */
  hop: HopRecord | null = null;
}

import type { Simulation } from './simulation';
import type { TraceEvent } from './types';

/** The runner's `summary` format (public API). */
export interface Summary {
  until: number;
  http: { total: number; byStatus: Record<string, number> };
  handled: Record<string, Record<string, number>>;
  dropped: number;
  duplicates: number;
  /** Re-sent attempts (`retry`). */
  retries: number;
  /** Calls answered by a fallback. */
  fallbacks: number;
  /** Duplicate deliveries skipped by idempotent handlers. */
  duplicatesAvoided: number;
  latencyMs: { p50: number; p95: number; p99: number };
}

/** Summarises a run so far. */
export function summarize(sim: Simulation): Summary {
  const snap = sim.snapshot({ inFlight: false });
  return {
    until: sim.now,
    http: { total: snap.counters.httpTotal, byStatus: snap.counters.byStatus },
    handled: sim.handledByInstance(),
    dropped: snap.counters.dropped,
    duplicates: snap.counters.duplicates,
    retries: snap.counters.retries,
    fallbacks: snap.counters.fallbacks,
    duplicatesAvoided: snap.counters.duplicatesAvoided,
    latencyMs: sim.latencyPercentiles(),
  };
}

export type { TraceEvent };

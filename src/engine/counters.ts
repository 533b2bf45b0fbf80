import type { Counters } from './types';

/**
 * Every counter of `Snapshot.counters` at zero: the one definition of the list (the world starts
 * from it; a mirror of the snapshot can too, before the first one arrives). Note: `src/state`
 * (simStore `zeroCounters`) still keeps its own copy of this list; it can import this instead.
 */
export function zeroCounters(): Counters {
  return {
    httpTotal: 0,
    byStatus: {},
    pending: 0,
    dropped: 0,
    duplicates: 0,
    retries: 0,
    fallbacks: 0,
    duplicatesAvoided: 0,
    rejected: 0,
    deadLettered: 0,
  };
}

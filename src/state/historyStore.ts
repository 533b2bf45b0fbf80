/**
 * The main thread's copy of the run's history (what the worker's `History` built): metrics
 * samples for the charts, faults and their effects for the fault timeline, error buckets and
 * breaker trips for the run timeline. Plain arrays, changed in place by sim-client once per frame
 * at most; views read them filtered by the clock (after a rewind the future stays here until the
 * learner acts and the run forks) and re-render on `version`.
 */
import { createStore } from 'zustand/vanilla';
import {
  BREAKER_MARK_LIMIT,
  DATA_MARK_LIMIT,
  keepBucket,
  keepSample,
  type BreakerMark,
  type DataMark,
  type ErrorBucket,
  type HistoryDelta,
  type Sample,
} from '../run/history';
import type { EffectRecord, FaultRecord } from '../trace/faults';

export type { BreakerMark, DataMark, ErrorBucket, HistoryDelta, Sample } from '../run/history';
export type { EffectRecord, FaultRecord, EffectKind } from '../trace/faults';

export interface RunHistory {
  samples: Sample[];
  faults: FaultRecord[];
  effects: EffectRecord[];
  errors: ErrorBucket[];
  breakers: BreakerMark[];
  /** When each service's data left step or came back. */
  dataMarks: DataMark[];
  /** Bumped on every change; `resets` only when it was replaced (load, fork). */
  version: number;
  resets: number;
}

/** Effects kept at most (the worker keeps as many). */
export const EFFECT_KEEP = 2000;

const empty = (): Omit<RunHistory, 'version' | 'resets'> => ({
  samples: [],
  faults: [],
  effects: [],
  errors: [],
  breakers: [],
  dataMarks: [],
});

export const historyStore = createStore<RunHistory>()(() => ({
  ...empty(),
  version: 0,
  resets: 0,
}));

/**
 * Applies the worker's deltas (in order) in one store write. Arrays change in place (a long run
 * holds thousands of samples: copying them per frame would cost more than drawing); `version`
 * says they changed, and the same bounds as the worker's keep both copies identical.
 */
export function applyHistory(deltas: readonly HistoryDelta[]): void {
  const prev = historyStore.getState();
  let h: Omit<RunHistory, 'version' | 'resets'> = prev;
  let resets = prev.resets;
  for (const d of deltas) {
    if (d.reset) {
      h = empty();
      resets++;
    }
    for (const s of d.samples) keepSample(h.samples, s);
    if (d.faults) h.faults = d.faults;
    if (d.effects.length) {
      h.effects.push(...d.effects);
      if (h.effects.length > EFFECT_KEEP * 1.5) h.effects.splice(0, h.effects.length - EFFECT_KEEP);
    }
    for (const b of d.errors) {
      // Buckets arrive in time order; a changed one is the newest or one before it.
      const errors = h.errors;
      let i = errors.length - 1;
      while (i >= 0 && errors[i]!.t > b.t) i--;
      if (i >= 0 && errors[i]!.t === b.t) errors[i] = b;
      else if (i === errors.length - 1) keepBucket(errors, b);
      else errors.splice(i + 1, 0, b);
    }
    if (d.breakers.length) {
      h.breakers.push(...d.breakers);
      if (h.breakers.length > BREAKER_MARK_LIMIT)
        h.breakers.splice(0, h.breakers.length - BREAKER_MARK_LIMIT);
    }
    if (d.dataMarks?.length) {
      h.dataMarks.push(...d.dataMarks);
      if (h.dataMarks.length > DATA_MARK_LIMIT)
        h.dataMarks.splice(0, h.dataMarks.length - DATA_MARK_LIMIT);
    }
  }
  historyStore.setState({ ...h, version: prev.version + 1, resets });
}

export function resetHistory(): void {
  const prev = historyStore.getState();
  historyStore.setState({ ...empty(), version: prev.version + 1, resets: prev.resets + 1 });
}

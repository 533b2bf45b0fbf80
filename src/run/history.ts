/**
 * A run's history, for the views that show the past: the lab's charts (metrics samples), the fault
 * timeline (faults and their effects), the timeline's error density and breaker trips. Built in
 * the worker from one engine's trace, from t = 0; the main thread receives it as deltas
 * (`take()`), or whole (`full()`) after a fork. Bounded: a long soak keeps memory flat.
 */
import type { BreakerState, DataState, MetricsSample, TraceEvent } from '../engine/types';
import { FaultLog, GRACE_MS, type EffectRecord, type FaultRecord } from '../trace/faults';

/** Virtual ms per error bucket on the timeline. */
export const ERROR_BUCKET_MS = 100;
/**
 * At most this many samples are kept (200 s at one per 50 ms at full resolution); beyond, the
 * older half is thinned to every other sample, again and again: the far past at a coarser
 * resolution, memory flat however long the run.
 */
export const SAMPLE_LIMIT = 4_000;
/** Error buckets kept (the oldest go first). */
export const ERROR_BUCKET_LIMIT = 20_000;
export const BREAKER_MARK_LIMIT = 5_000;
export const DATA_MARK_LIMIT = 5_000;

export type Sample = MetricsSample & { t: number; type: 'metrics.sample' };

/** Failed HTTP calls in one time bucket (the timeline draws their density). */
export interface ErrorBucket {
  /** Bucket start (virtual ms, a multiple of ERROR_BUCKET_MS). */
  t: number;
  /** HTTP responses with status ≥ 500 (a 504 after a timeout included). */
  http5xx: number;
  /** Gateway timeouts (`request.timeout`, every attempt). */
  timeouts: number;
}

export interface BreakerMark {
  t: number;
  target: string;
  from: BreakerState;
  to: BreakerState;
}

/** A service's data left step (`behind` / `ahead`) or came back (`in-step`): the records then. */
export interface DataMark {
  t: number;
  service: string;
  state: DataState;
  expected: Record<string, number>;
  actual: Record<string, number>;
}

export interface HistoryDelta {
  /** True: this is the whole history (replace yours); false: append/replace what is given. */
  reset: boolean;
  samples: Sample[];
  /** The whole fault list, when it changed. */
  faults?: FaultRecord[];
  /** New effects (oldest first). */
  effects: EffectRecord[];
  /** Buckets that are new or changed (replace by `t`). */
  errors: ErrorBucket[];
  breakers: BreakerMark[];
  /** New data marks (absent = none). */
  dataMarks?: DataMark[];
}

/** The effects with an id above `id` (ids grow with the array: a binary search, no scan). */
function newerThan(effects: readonly EffectRecord[], id: number): EffectRecord[] {
  let lo = 0;
  let hi = effects.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (effects[mid]!.id <= id) lo = mid + 1;
    else hi = mid;
  }
  return effects.slice(lo);
}

/**
 * Appends a sample within SAMPLE_LIMIT (see there). Deterministic: the worker and the page apply
 * it to the same sequence of samples and keep the same ones.
 */
export function keepSample(samples: Sample[], s: Sample): void {
  samples.push(s);
  if (samples.length <= SAMPLE_LIMIT) return;
  const half = SAMPLE_LIMIT >> 1;
  const thinned: Sample[] = [];
  for (let i = 0; i < half; i += 2) thinned.push(samples[i]!);
  samples.splice(0, half, ...thinned);
}

/** Appends a bucket within ERROR_BUCKET_LIMIT (amortised: a tenth goes at once). */
export function keepBucket(errors: ErrorBucket[], b: ErrorBucket): void {
  errors.push(b);
  if (errors.length > ERROR_BUCKET_LIMIT) errors.splice(0, ERROR_BUCKET_LIMIT / 10);
}

export class History {
  readonly samples: Sample[] = [];
  readonly faultLog = new FaultLog();
  readonly errors: ErrorBucket[] = [];
  readonly breakers: BreakerMark[] = [];
  readonly dataMarks: DataMark[] = [];
  // What the main thread has already been sent.
  private fresh: Sample[] = [];
  private sentFaultsVersion = 0;
  private sentEffectId = 0;
  private sentBreakers = 0;
  private sentDataMarks = 0;
  private dirtyErrors = new Set<ErrorBucket>();
  /** Faults on now, and when the last one ended (which effects can belong to a fault). */
  private active = 0;
  private lastEnd = -Infinity;

  add(e: TraceEvent): void {
    switch (e.type) {
      case 'metrics.sample':
        keepSample(this.samples, e as Sample);
        this.fresh.push(e as Sample);
        return;
      case 'http.response':
        if (e.status >= 500) this.bucket(e.t).http5xx++;
        break;
      case 'request.timeout':
        this.bucket(e.t).timeouts++;
        break;
      case 'breaker.state':
        this.breakers.push({ t: e.t, target: e.target, from: e.from, to: e.to });
        if (this.breakers.length > BREAKER_MARK_LIMIT) {
          const drop = Math.ceil(BREAKER_MARK_LIMIT / 10);
          this.breakers.splice(0, drop);
          this.sentBreakers = Math.max(0, this.sentBreakers - drop);
        }
        break;
      case 'hop':
        return;
      case 'data.diverged':
      case 'data.converged':
        this.dataMarks.push({
          t: e.t,
          service: e.service,
          state: e.type === 'data.converged' ? 'in-step' : e.state,
          expected: e.expected,
          actual: e.actual,
        });
        if (this.dataMarks.length > DATA_MARK_LIMIT) {
          const drop = Math.ceil(DATA_MARK_LIMIT / 10);
          this.dataMarks.splice(0, drop);
          this.sentDataMarks = Math.max(0, this.sentDataMarks - drop);
        }
        // A divergence is also an effect of the fault that caused it (a kill, a broker outage).
        if (e.type === 'data.converged') return;
        break;
      case 'fault':
        this.active++;
        break;
      case 'fault.cleared':
        this.active = Math.max(0, this.active - 1);
        this.lastEnd = e.t;
        break;
      default:
        // An effect belongs to a fault by its id or by happening while one is on (or just after):
        // with none, it belongs to nothing and is not kept (a busy run drops thousands of
        // duplicate replies that no fault caused).
        if (
          (e as { faultId?: string }).faultId === undefined &&
          this.active === 0 &&
          e.t - this.lastEnd > GRACE_MS
        )
          return;
    }
    this.faultLog.add(e);
  }

  private bucket(t: number): ErrorBucket {
    const start = Math.floor(t / ERROR_BUCKET_MS) * ERROR_BUCKET_MS;
    let last = this.errors[this.errors.length - 1];
    if (last === undefined || last.t !== start) {
      last = { t: start, http5xx: 0, timeouts: 0 };
      keepBucket(this.errors, last);
    }
    this.dirtyErrors.add(last);
    return last;
  }

  /** What is new since the last `take()`/`full()`; undefined when nothing is. */
  take(): HistoryDelta | undefined {
    const log = this.faultLog;
    const faultsChanged = log.version !== this.sentFaultsVersion;
    if (
      this.fresh.length === 0 &&
      !faultsChanged &&
      this.dirtyErrors.size === 0 &&
      this.sentBreakers === this.breakers.length &&
      this.sentDataMarks === this.dataMarks.length
    )
      return undefined;
    const delta: HistoryDelta = {
      reset: false,
      samples: this.fresh,
      effects: faultsChanged ? newerThan(log.effects, this.sentEffectId) : [],
      errors: [...this.dirtyErrors].map((b) => ({ ...b })),
      breakers: this.breakers.slice(this.sentBreakers),
    };
    if (this.sentDataMarks < this.dataMarks.length)
      delta.dataMarks = this.dataMarks.slice(this.sentDataMarks);
    if (faultsChanged) delta.faults = log.faults.map((f) => ({ ...f }));
    this.markSent();
    return delta;
  }

  /** Everything, to replace the main thread's copy. */
  full(): HistoryDelta {
    const log = this.faultLog;
    const delta: HistoryDelta = {
      reset: true,
      samples: this.samples.slice(),
      faults: log.faults.map((f) => ({ ...f })),
      effects: log.effects.slice(),
      errors: this.errors.map((b) => ({ ...b })),
      breakers: this.breakers.slice(),
      dataMarks: this.dataMarks.slice(),
    };
    this.markSent();
    return delta;
  }

  /** The main thread already has all of this (it is identical to what it was sent). */
  markSent(): void {
    const log = this.faultLog;
    this.fresh = [];
    this.sentFaultsVersion = log.version;
    this.sentEffectId = log.effects[log.effects.length - 1]?.id ?? 0;
    this.sentBreakers = this.breakers.length;
    this.sentDataMarks = this.dataMarks.length;
    this.dirtyErrors.clear();
  }
}

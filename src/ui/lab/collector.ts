/**
 * The lab's memory of the run: every trace batch from the sim client goes through `ingest`
 * (once per frame at most, as sim-client applies batches). Samples go to ring buffers, faults
 * and effects to the fault log, recent non-sample events to a bounded ring for the waterfall
 * and sequence views. Charts subscribe to `changed` and redraw on their own rAF — nothing here
 * re-renders React; the small `labStore` changes only when a breaker, utilisation or the fault
 * list changes.
 */
import { simStore } from '../../state';
import { FaultLog } from './faults';
import { isSample, loose, type AnyEvent, type BreakerState } from './labTypes';
import { labStore } from './labStore';
import { concurrencyOf, type CapacityModel, type ConcurrencyOf } from './load';
import { MetricsBuffer } from './metrics';
import { ItemRing } from './ring';

export const RECENT_LIMIT = 5000;

type Listener = () => void;

const sameRecord = <V>(a: Record<string, V>, b: Record<string, V>) => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
};

export class LabCollector {
  readonly metrics = new MetricsBuffer();
  readonly faults = new FaultLog();
  readonly recent = new ItemRing<AnyEvent>(RECENT_LIMIT);
  /** Engine time of the newest event seen. */
  now = 0;
  /** Bumped per batch with samples (charts) / with other events (trace views). */
  samplesVersion = 0;
  eventsVersion = 0;
  private readonly listeners = new Set<Listener>();
  /** Bulkheads of the running model (which instances' utilisation is a share of capacity). */
  private capacityModel: CapacityModel | null = null;
  private concurrency: ConcurrencyOf = concurrencyOf(null);

  /** The model whose services say which instances have a bulkhead (default: the sim mirror's). */
  constructor(
    private readonly model: () => CapacityModel | null = () => simStore.getState().model,
  ) {}

  private concurrencyNow(): ConcurrencyOf {
    const m = this.model();
    if (m !== this.capacityModel) {
      this.capacityModel = m;
      this.concurrency = concurrencyOf(m);
    }
    return this.concurrency;
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  ingest(batch: readonly AnyEvent[]): void {
    if (batch.length === 0) return;
    let samples = false;
    let others = false;
    let faultsChanged = false;
    let breakers: Record<string, BreakerState> | null = null;
    let autoscale: Record<string, boolean> | null = null;
    let loads: Record<string, number> | null = null;
    const state = labStore.getState();
    const concurrency = this.concurrencyNow();
    for (const e of batch) {
      if (e.t > this.now) this.now = e.t;
      if (isSample(e)) {
        this.metrics.push(e, concurrency);
        samples = true;
        breakers = { ...(breakers ?? state.breakers), ...e.breakers };
        continue;
      }
      if (e.type === 'autoscale.toggled') {
        const l = e as AnyEvent & { service?: unknown; enabled?: unknown };
        if (typeof l.service === 'string' && typeof l.enabled === 'boolean')
          autoscale = { ...(autoscale ?? state.autoscale), [l.service]: l.enabled };
      }
      if (e.type === 'load.started' || e.type === 'load.stopped') {
        const l = e as AnyEvent & { route?: unknown; rps?: unknown };
        if (typeof l.route === 'string') {
          const rps = e.type === 'load.started' && typeof l.rps === 'number' ? l.rps : 0;
          loads = { ...(loads ?? state.loads), [l.route]: rps };
        }
      }
      if (e.type === 'breaker.state') {
        const l = loose(e);
        if (typeof l.target === 'string' && typeof l.to === 'string')
          breakers = { ...(breakers ?? state.breakers), [l.target]: l.to as BreakerState };
      }
      this.recent.push(e);
      others = true;
      if (this.faults.add(e)) faultsChanged = true;
    }
    if (samples) this.samplesVersion++;
    if (others) this.eventsVersion++;
    const patch: Partial<typeof state> = {};
    if (breakers && !sameRecord(breakers, state.breakers)) patch.breakers = breakers;
    if (autoscale) patch.autoscale = autoscale;
    if (loads && !sameRecord(loads, state.loads)) patch.loads = loads;
    const last = this.metrics.lastSample;
    if (samples && last) {
      patch.lastSampleAt = last.t;
      if (!sameRecord(last.utilization, state.utilization)) patch.utilization = last.utilization;
      const waiting = last.waiting ?? {};
      if (!sameRecord(waiting, state.waiting)) patch.waiting = waiting;
    }
    if (faultsChanged) {
      patch.faultsVersion = this.faults.version;
      const paused = this.faults.faults
        .filter((f) => f.end === null && f.kind === 'pause')
        .map((f) => f.target);
      if (paused.join() !== state.paused.join()) patch.paused = paused;
    }
    if (Object.keys(patch).length > 0) labStore.setState(patch);
    for (const fn of this.listeners) fn();
  }

  /** A new run (load, reset): forget everything. */
  reset(): void {
    this.metrics.clear();
    this.faults.clear();
    this.recent.clear();
    this.now = 0;
    this.samplesVersion++;
    this.eventsVersion++;
    labStore.setState({
      breakers: {},
      utilization: {},
      waiting: {},
      autoscale: {},
      loads: {},
      paused: [],
      faultsVersion: this.faults.version,
      selectedFault: null,
      lastSampleAt: null,
    });
    for (const fn of this.listeners) fn();
  }
}

/** One collector per page (like the sim client). */
export const collector = new LabCollector();

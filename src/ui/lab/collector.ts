/**
 * The lab's view of the run at the current time. Nothing here is rebuilt from trace events: the
 * worker's history (samples, faults, effects — `historyStore`) and its state (breakers, loads,
 * autoscalers, paused and waiting instances — the mirror) are read as of `now`. After a rewind
 * the charts are rebuilt from the samples up to `now`; the future stays in the history until the
 * learner acts and the run forks. Charts subscribe to `changed` and redraw on their own rAF —
 * nothing here re-renders React; the small `labStore` changes only when what a component shows
 * changes.
 */
import type { RunHistory, SimMirror } from '../../state';
import type { EffectRecord, FaultRecord } from '../../trace/faults';
import { labStore, type LabState } from './labStore';
import { MetricsBuffer, SAMPLE_CAPACITY } from './metrics';
import { simStore } from '../../state';
import { concurrencyOf, type CapacityModel, type ConcurrencyOf } from './load';

type Listener = () => void;

const sameRecord = <V>(a: Record<string, V>, b: Record<string, V>) => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
};

/** Index of the first sample with t > x (samples are in time order). */
function after(samples: readonly { t: number }[], x: number): number {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (samples[mid]!.t <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class LabCollector {
  readonly metrics = new MetricsBuffer();
  /** Faults and effects as of `now` (a fault that ends later is still active here). */
  faults: { faults: FaultRecord[]; effects: EffectRecord[] } = { faults: [], effects: [] };
  /** The time the lab shows (the newest frame's). */
  now = 0;
  /** Bumped when the charts' data change / when the fault view changes. */
  samplesVersion = 0;
  eventsVersion = 0;
  private pushedUpTo = -Infinity;
  private seenResets = -1;
  private seenVersion = -1;
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

  /** Follow the run to `now` (called after every applied frame). */
  sync(
    history: RunHistory,
    sim: Pick<SimMirror, 'breakers' | 'autoscale' | 'loads' | 'instances'>,
    now: number,
  ): void {
    const samples = history.samples;
    let chartsChanged = false;
    if (history.resets !== this.seenResets || now < this.pushedUpTo) {
      // A new run, a fork, or a rewind: the charts start again from the samples up to now.
      this.seenResets = history.resets;
      this.metrics.clear();
      const end = after(samples, now);
      this.pushedUpTo = end > SAMPLE_CAPACITY ? samples[end - SAMPLE_CAPACITY - 1]!.t : -Infinity;
      chartsChanged = true;
    }
    const end = after(samples, now);
    for (let i = after(samples, this.pushedUpTo); i < end; i++) {
      this.metrics.push(samples[i]!, this.concurrencyNow());
      chartsChanged = true;
    }
    if (end > 0) this.pushedUpTo = Math.max(this.pushedUpTo, samples[end - 1]!.t);
    if (chartsChanged) this.samplesVersion++;

    let faultsChanged = false;
    if (history.version !== this.seenVersion || now !== this.now) {
      this.seenVersion = history.version;
      const view = asOf(history, now);
      // Only a different view counts (not a new clock reading): views re-render on it.
      if (signature(view) !== signature(this.faults)) {
        this.faults = view;
        this.eventsVersion++;
        faultsChanged = true;
      }
    }
    this.now = now;
    this.publish(sim, chartsChanged || faultsChanged);
    for (const fn of this.listeners) fn();
  }

  private publish(
    sim: Pick<SimMirror, 'breakers' | 'autoscale' | 'loads' | 'instances'>,
    faults: boolean,
  ): void {
    const state = labStore.getState();
    const patch: Partial<LabState> = {};
    if (!sameRecord(sim.breakers, state.breakers)) patch.breakers = sim.breakers;
    if (!sameRecord(sim.autoscale, state.autoscale)) patch.autoscale = sim.autoscale;
    if (!sameRecord(sim.loads, state.loads)) patch.loads = sim.loads;
    const instances = Object.values(sim.instances);
    const paused = instances.filter((i) => i.paused).map((i) => i.id);
    if (paused.join() !== state.paused.join()) patch.paused = paused;
    const waiting: Record<string, number> = {};
    for (const i of instances) if (i.waiting) waiting[i.id] = i.waiting;
    if (!sameRecord(waiting, state.waiting)) patch.waiting = waiting;
    const last = this.metrics.lastSample;
    const lastAt = last ? last.t : null;
    if (lastAt !== state.lastSampleAt) patch.lastSampleAt = lastAt;
    if (last && !sameRecord(last.utilization, state.utilization))
      patch.utilization = last.utilization;
    if (faults && this.eventsVersion !== state.faultsVersion)
      patch.faultsVersion = this.eventsVersion;
    if (Object.keys(patch).length > 0) labStore.setState(patch);
  }

  /** A new page state (tests): forget everything. */
  reset(): void {
    this.metrics.clear();
    this.faults = { faults: [], effects: [] };
    this.now = 0;
    this.pushedUpTo = -Infinity;
    this.seenResets = -1;
    this.seenVersion = -1;
    this.samplesVersion++;
    this.eventsVersion++;
    labStore.setState({
      breakers: {},
      utilization: {},
      waiting: {},
      autoscale: {},
      loads: {},
      paused: [],
      faultsVersion: this.eventsVersion,
      selectedFault: null,
      lastSampleAt: null,
    });
    for (const fn of this.listeners) fn();
  }
}

const signature = (v: LabCollector['faults']) =>
  `${v.faults.length}|${v.faults.filter((f) => f.end === null).length}|${v.effects.length}|${v.effects.at(-1)?.id ?? 0}`;

/** The fault timeline as it stood at `now`: later faults hidden, later ends undone. */
function asOf(history: RunHistory, now: number): LabCollector['faults'] {
  const { faults, effects } = history;
  const past =
    (effects.at(-1)?.t ?? -Infinity) <= now &&
    faults.every((f) => f.start <= now && (f.end === null || f.end <= now));
  if (past) return { faults, effects };
  return {
    faults: faults
      .filter((f) => f.start <= now)
      .map((f) => (f.end !== null && f.end > now ? { ...f, end: null } : f)),
    effects: effects.filter((e) => e.t <= now),
  };
}

/** One collector per page (like the sim client). */
export const collector = new LabCollector();

/**
 * The sim mirror: what the engine last reported, written only by sim-client (at most once per
 * animation frame). Vanilla store so sim-client stays free of React; hooks live in `hooks.ts`.
 */
import { createStore } from 'zustand/vanilla';
import type {
  BreakerState,
  Counters,
  FaultInfo,
  InstanceView,
  NodeView,
  OutboxView,
  QueueView,
  ServiceDataView,
  SimModel,
  Snapshot,
} from '../engine/types';
import type { StepFields } from '../scenario/actions';
import type { InstanceId, Lang, NodeId, TransportKind } from '../shared';
import type { LogEntry } from '../trace/log';

/** A scenario problem with its field path (`nodes[3].replicas`) and display text. */
export interface Issue {
  path: string;
  message: string;
  text: string;
}

export type Phase = 'idle' | 'loading' | 'ready' | 'error';

export interface RunMirror {
  kind: 'scenario' | 'run';
  seed: number;
  /** The learner's commands (script-step form), in time order. */
  steps: StepFields[];
}

/** The engine's one-line model assumptions per transport (sent by the worker with each load). */
export type TransportNotes = Record<TransportKind, Record<Lang, string>>;

export interface SimMirror {
  phase: Phase;
  /** What the page draws: the simulation, or a real app's traffic (`?live=`, docs/live.md). */
  source: 'sim' | 'live';
  scenario: string;
  /** Changes on every successful load: the canvas remounts its nodes from the new model. */
  loadId: number;
  model: SimModel | null;
  nodes: NodeView[];
  instances: Record<InstanceId, InstanceView>;
  /** Instance ids per service, in index order. */
  instanceIds: Record<NodeId, InstanceId[]>;
  queues: QueueView[];
  counters: Counters;
  /** Broker process status (absent for tcp/grpc, which have no broker). */
  brokerStatus: 'up' | 'down' | null;
  log: LogEntry[];
  /**
   * Duplicate handler executions per service: the same message handled again by the same service
   * (redis/nats/mqtt fan-out to every instance, rmq/kafka redelivery). From the worker's state.
   */
  duplicatesByService: Record<NodeId, number>;
  /** Circuit breakers by target service (only those that exist). */
  breakers: Record<NodeId, BreakerState>;
  /** Faults active now (a kill, a broker outage, a link fault …). */
  faults: FaultInfo[];
  /** Services with an autoscaler: whether it is on. */
  autoscale: Record<NodeId, boolean>;
  /** Running load generators: req/s by route (0 = stopped). */
  loads: Record<string, number>;
  /** Each service's own records, expected vs actual (services with records only). */
  data: Record<NodeId, ServiceDataView>;
  /** Emit routes with an outbox, by route key. */
  outboxes: Record<string, OutboxView>;
  /** The run: whether it came from a run file, its seed and the learner's commands so far. */
  run: RunMirror;
  /** The furthest time this branch of the run has reached (≥ now after a rewind). */
  horizon: number;
  /** The last fork: acting behind the horizon started a new branch at `at` (`seq` counts forks). */
  fork: { at: number; seq: number } | null;
  notes: TransportNotes | null;
  /** Engine time of the last applied batch (the smooth display clock lives in sim-client). */
  now: number;
  quiet: boolean;
  playing: boolean;
  /** Playing stops here (virtual ms): a lesson's "pause before the interesting bit". */
  stopAt: number | null;
  /** Where playing last stopped at a `stopAt` (cleared when play resumes): the prompt shows. */
  stoppedAt: number | null;
  speed: number;
  issues: Issue[];
  warnings: Issue[];
}

/**
 * The counters before the first snapshot (which replaces them). Typed as the engine's `Counters`,
 * so a counter added to or removed from the engine fails to compile here. (The engine starts
 * from the same zeros in `simulation.ts`; the main thread cannot import engine values.)
 */
export const emptyCounters: Counters = {
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

export const initialSim: SimMirror = {
  phase: 'idle',
  source: 'sim',
  scenario: '',
  loadId: 0,
  model: null,
  nodes: [],
  instances: {},
  instanceIds: {},
  queues: [],
  counters: emptyCounters,
  brokerStatus: null,
  log: [],
  duplicatesByService: {},
  breakers: {},
  faults: [],
  autoscale: {},
  loads: {},
  data: {},
  outboxes: {},
  run: { kind: 'scenario', seed: 0, steps: [] },
  horizon: 0,
  fork: null,
  notes: null,
  now: 0,
  quiet: false,
  playing: false,
  stopAt: null,
  stoppedAt: null,
  speed: 1,
  issues: [],
  warnings: [],
};

export const simStore = createStore<SimMirror>()(() => initialSim);

// ───────────── structural sharing: unchanged parts keep their identity ─────────────
// Components select narrow slices (one chip selects one instance); keeping identities stable
// means a frame that changes nothing re-renders nothing.

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function sameInstance(a: InstanceView, b: InstanceView): boolean {
  return (
    a.status === b.status &&
    a.busy === b.busy &&
    a.index === b.index &&
    a.idle === b.idle &&
    a.note === b.note &&
    a.waiting === b.waiting &&
    a.paused === b.paused &&
    sameJson(a.handled, b.handled)
  );
}

export function mergeInstances(
  prev: Record<InstanceId, InstanceView>,
  next: InstanceView[],
): Record<InstanceId, InstanceView> {
  let changed = Object.keys(prev).length !== next.length;
  const out: Record<InstanceId, InstanceView> = {};
  for (const inst of next) {
    const old = prev[inst.id];
    if (old && sameInstance(old, inst)) out[inst.id] = old;
    else {
      out[inst.id] = inst;
      changed = true;
    }
  }
  return changed ? out : prev;
}

export function groupInstanceIds(
  prev: Record<NodeId, InstanceId[]>,
  next: InstanceView[],
): Record<NodeId, InstanceId[]> {
  const grouped: Record<NodeId, InstanceId[]> = {};
  const sorted = [...next].sort((a, b) => a.index - b.index);
  for (const i of sorted) (grouped[i.service] ??= []).push(i.id);
  let changed = Object.keys(prev).length !== Object.keys(grouped).length;
  for (const [svc, ids] of Object.entries(grouped)) {
    const old = prev[svc];
    if (old && old.length === ids.length && old.every((v, k) => v === ids[k])) grouped[svc] = old;
    else changed = true;
  }
  return changed ? grouped : prev;
}

export const keepIfSame = <T>(prev: T, next: T): T => (sameJson(prev, next) ? prev : next);

/** What the worker reports as the state now (a snapshot without the messages in flight). */
export type StateView = Omit<Snapshot, 'inFlight'> & {
  duplicatesByService?: Record<NodeId, number>;
  loads?: Record<string, number>;
};

/**
 * The parts of a state the mirror keeps — all of it: the worker's state is the one source of
 * current state, so nothing here is rebuilt from events (that would break on a seek).
 */
export function mirrorOf(prev: SimMirror, s: StateView): Partial<SimMirror> {
  return {
    brokerStatus: s.broker?.status ?? null,
    now: s.now,
    nodes: keepIfSame(prev.nodes, s.nodes),
    instances: mergeInstances(prev.instances, s.instances),
    instanceIds: groupInstanceIds(prev.instanceIds, s.instances),
    queues: keepIfSame(prev.queues, s.queues),
    counters: keepIfSame(prev.counters, s.counters),
    breakers: keepIfSame(prev.breakers, s.breakers ?? {}),
    faults: keepIfSame(prev.faults, s.faults ?? []),
    autoscale: keepIfSame(prev.autoscale, s.autoscale ?? {}),
    loads: keepIfSame(prev.loads, s.loads ?? {}),
    data: keepIfSame(prev.data, s.data ?? {}),
    outboxes: keepIfSame(prev.outboxes, s.outboxes ?? {}),
    duplicatesByService: keepIfSame(prev.duplicatesByService, s.duplicatesByService ?? {}),
  };
}

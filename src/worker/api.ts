/**
 * The worker's API as a plain object, so Node tests can drive it without a Worker and the
 * worker entry (`sim.worker.ts`) stays a tiny comlink adapter (squoosh's shape).
 *
 * Contract: every method returns structured-clone-safe data. `advance` is called at most once per
 * animation frame by sim-client and returns every trace event since the previous call in ONE
 * array — never one postMessage per event, which would swamp the main thread at high speeds.
 */
import { createSimulation, TRANSPORT_NOTES } from '../engine';
import type { Command, Envelope, Hop, SimModel, Simulation, Snapshot, TraceEvent } from '../engine';
import { formatIssue, parseScenario, parseScenarioText } from '../scenario';
import type { ScenarioIssue } from '../scenario';
import { compareScenarios, type CompareResult } from './compare';

/** A validation issue with its human-readable text (`nodes[3].replicas: …`). */
export interface LoadIssue extends ScenarioIssue {
  text: string;
}

/** The snapshot the UI mirrors each frame: tokens travel through `events` (hops), not here. */
export type SimState = Omit<Snapshot, 'inFlight'>;

/** One-line model assumptions per transport and language (the engine's `TRANSPORT_NOTES`). */
export type TransportNotes = typeof TRANSPORT_NOTES;

export type LoadResult =
  | {
      ok: true;
      model: SimModel;
      snapshot: Snapshot;
      warnings: LoadIssue[];
      /** Sent with every load so the main thread never imports the engine for its texts. */
      notes: TransportNotes;
    }
  | { ok: false; issues: LoadIssue[] };

export interface AdvanceResult {
  /** The engine's time after the call. */
  now: number;
  /** Every trace event emitted since the previous call, oldest first; hops without `wire`. */
  events: TraceEvent[];
  /**
   * The mirror's data; absent when the caller did not ask for it or when it is unchanged since
   * the last one sent (a quiet or paused engine sends nothing twice).
   */
  state?: SimState;
  /** Script done and nothing scheduled. */
  quiet: boolean;
}

/** One hop of a message with its wire envelope, as the inspector shows it. */
export interface WireHopView {
  kind: Hop['kind'];
  from: string;
  to: string;
  t: number;
  arriveAt: number;
  pattern?: string;
  wire?: Envelope;
}

/**
 * Messages whose hops (with envelopes) the worker keeps for `wire(msgId)`, at most; at least half
 * as many (two generations, like sim-client's WireLog: evicting one message per new one from a
 * single Map walks V8's deleted-entry holes). Oldest go first.
 */
export const WIRE_LIMIT = 10_000;
/** Hops kept per message (a retry storm must not grow one entry without bound). */
export const WIRE_HOPS = 32;

/**
 * A trace event as it crosses to the main thread: a hop loses its `wire` envelope (nested
 * headers and body, the bulk of the bytes that structured clone copied every frame); the
 * inspector fetches envelopes on demand with `wire(msgId)`. Other events pass unchanged.
 */
export function wireless(e: TraceEvent): TraceEvent {
  if (e.type !== 'hop' || e.wire === undefined) return e;
  const { wire: _wire, ...rest } = e;
  void _wire;
  return rest;
}

/** Virtual ms per `metrics.sample` (the lab's live charts): 1 sample per wall second at 1×. */
export const METRICS_EVERY_MS = 50;

const withText = (i: ScenarioIssue): LoadIssue => ({ ...i, text: formatIssue(i) });

function stateOf(sim: Simulation): SimState {
  // `inFlight` is left out on purpose: the UI builds its token buffer from hop events, and
  // sending the in-flight list every frame would copy thousands of records through postMessage.
  const { inFlight: _omit, ...state } = sim.snapshot({ inFlight: false });
  void _omit;
  return state;
}

export function createSimApi() {
  let model: SimModel | null = null;
  let sim: Simulation | null = null;
  let buffer: TraceEvent[] = [];
  /** msgId → its hops with envelopes, in two generations (the older one is dropped whole). */
  let wires = new Map<string, WireHopView[]>();
  let olderWires = new Map<string, WireHopView[]>();
  /** JSON of the last state sent: an unchanged state is not cloned across again. */
  let lastState = '';

  function build(m: SimModel): Simulation {
    buffer = [];
    wires = new Map();
    olderWires = new Map();
    lastState = '';
    // The trace sink just collects; `advance` hands the whole batch over at once.
    sim = createSimulation(m, { onTrace: (e) => buffer.push(e), metricsEveryMs: METRICS_EVERY_MS });
    return sim;
  }

  function keepWire(e: Extract<TraceEvent, { type: 'hop' }>) {
    let hops = wires.get(e.msgId) ?? olderWires.get(e.msgId);
    if (!hops) {
      if (wires.size >= WIRE_LIMIT / 2) {
        olderWires = wires;
        wires = new Map();
      }
      wires.set(e.msgId, (hops = []));
    }
    if (hops.length >= WIRE_HOPS) return;
    const h: WireHopView = { kind: e.kind, from: e.from, to: e.to, t: e.t, arriveAt: e.arriveAt };
    if (e.pattern !== undefined) h.pattern = e.pattern;
    if (e.wire !== undefined) h.wire = e.wire;
    hops.push(h);
  }

  function drain(s: Simulation, withState = true): AdvanceResult {
    const events = buffer;
    buffer = [];
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if (e.type !== 'hop') continue;
      keepWire(e);
      events[i] = wireless(e);
    }
    const r: AdvanceResult = { now: s.now, events, quiet: s.isQuiet() };
    if (withState) {
      const state = stateOf(s);
      const json = JSON.stringify(state);
      if (json !== lastState) {
        lastState = json;
        r.state = state;
      }
    }
    return r;
  }

  function requireSim(): Simulation {
    if (!sim) throw new Error('No scenario loaded: call load() first.');
    return sim;
  }

  return {
    /**
     * Validate and compile a scenario, then build a fresh engine. `input` is JSON text (syntax
     * errors then get line and column) or an already parsed value. `seed` overrides the file's.
     */
    load(input: unknown, opts?: { seed?: number }): LoadResult {
      let parsed: ReturnType<typeof parseScenario>;
      try {
        parsed = typeof input === 'string' ? parseScenarioText(input) : parseScenario(input);
      } catch (e) {
        // A compiler bug must still reach the learner as a readable error, not a dead worker.
        const issue: ScenarioIssue = {
          path: '',
          message: e instanceof Error ? e.message : String(e),
        };
        return { ok: false, issues: [withText(issue)] };
      }
      if (!parsed.ok) return { ok: false, issues: parsed.error.map(withText) };
      const m: SimModel =
        opts?.seed !== undefined && Number.isFinite(opts.seed)
          ? { ...parsed.value, seed: opts.seed }
          : parsed.value;
      model = m;
      const s = build(m);
      return {
        ok: true,
        model: m,
        snapshot: s.snapshot(),
        warnings: parsed.warnings.map(withText),
        notes: TRANSPORT_NOTES,
      };
    },

    /**
     * Run every event with time ≤ `until`, then apply `commands` at that time. A time in the past
     * is clamped to `now` (the engine never goes backwards), so commands still apply.
     * `withState: false` leaves the state out (sim-client publishes it ~10 times a second while
     * playing: snapshotting, cloning and mirroring it 60 times a second re-rendered every panel).
     */
    advance(until: number, commands: Command[] = [], withState = true): AdvanceResult {
      const s = requireSim();
      const target = Math.max(s.now, until);
      s.runUntil(target);
      for (const cmd of commands) s.apply(cmd);
      return drain(s, withState);
    },

    /** Advance to the next scheduled event (single-step while paused). */
    step(): AdvanceResult {
      const s = requireSim();
      const next = s.nextEventTime();
      if (next !== undefined) s.runUntil(Math.max(s.now, next));
      return drain(s);
    },

    /**
     * Every kept hop of a message with its wire envelope (for the inspector), oldest first; empty
     * when the message is unknown or long forgotten. Envelopes never cross per frame.
     */
    wire(msgId: string): WireHopView[] {
      return wires.get(msgId) ?? olderWires.get(msgId) ?? [];
    },

    /**
     * Run two scenario texts headlessly in fresh engines for `untilMs` virtual ms, sampling
     * metrics every `sampleMs`; returns only the sample series. The loaded run is untouched.
     */
    compare(textA: string, textB: string, untilMs: number, sampleMs: number): CompareResult {
      return compareScenarios(textA, textB, untilMs, sampleMs);
    },

    /** Rebuild the engine from the loaded model: same seed, same run. */
    reset(): { snapshot: Snapshot } {
      if (!model) throw new Error('No scenario loaded: call load() first.');
      const s = build(model);
      return { snapshot: s.snapshot() };
    },
  };
}

export type SimApi = ReturnType<typeof createSimApi>;

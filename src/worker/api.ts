/**
 * The worker's API as a plain object, so Node tests can drive it without a Worker and the
 * worker entry (`sim.worker.ts`) stays a tiny comlink adapter (squoosh's shape).
 *
 * Contract: every method returns structured-clone-safe data. `advance` is called at most once per
 * animation frame by sim-client and returns every trace event since the previous call in ONE
 * array — never one postMessage per event, which would swamp the main thread at high speeds.
 */
import { createSimulation, TRANSPORT_NOTES } from '../engine';
import type { Command, SimModel, Simulation, Snapshot, TraceEvent } from '../engine';
import { formatIssue, parseScenario, parseScenarioText } from '../scenario';
import type { ScenarioIssue } from '../scenario';

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
  /** Every trace event emitted since the previous call, oldest first. */
  events: TraceEvent[];
  state: SimState;
  /** Script done and nothing scheduled. */
  quiet: boolean;
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

  function build(m: SimModel): Simulation {
    buffer = [];
    // The trace sink just collects; `advance` hands the whole batch over at once.
    sim = createSimulation(m, { onTrace: (e) => buffer.push(e), metricsEveryMs: METRICS_EVERY_MS });
    return sim;
  }

  function drain(s: Simulation): AdvanceResult {
    const events = buffer;
    buffer = [];
    return { now: s.now, events, state: stateOf(s), quiet: s.isQuiet() };
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
     */
    advance(until: number, commands: Command[] = []): AdvanceResult {
      const s = requireSim();
      const target = Math.max(s.now, until);
      s.runUntil(target);
      for (const cmd of commands) s.apply(cmd);
      return drain(s);
    },

    /** Advance to the next scheduled event (single-step while paused). */
    step(): AdvanceResult {
      const s = requireSim();
      const next = s.nextEventTime();
      if (next !== undefined) s.runUntil(Math.max(s.now, next));
      return drain(s);
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

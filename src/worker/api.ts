/**
 * The worker's API as a plain object, so Node tests can drive it without a Worker and the
 * worker entry (`sim.worker.ts`) stays a tiny comlink adapter (squoosh's shape).
 *
 * The worker owns the run (`RunSession`): the main thread asks for "the frame at t" — `advance`
 * once per animation frame while playing, `seek` to scrub — and draws what it gets. Frames carry
 * the tokens as transferable typed arrays and only what changed besides (see `run/frame.ts`).
 * Detail is fetched on demand: envelopes (`wire`), a request's waterfall, the sequence view.
 */
import { transfer } from 'comlink';
import { TRANSPORT_NOTES } from '../engine';
import type { Command, SimModel } from '../engine';
import { formatIssue, parseInput, parseInputText } from '../scenario';
import type { ScenarioIssue, StepFields } from '../scenario';
import { frameBuffers, type Frame } from '../run/frame';
import { RunSession, type TokenInfo } from '../run/session';
import type { WireHopView } from '../run/wires';
import type { Sequence, Waterfall } from '../trace/trace';
import { compareScenarios, type CompareResult } from './compare';
import { LessonRun, type LessonStatus } from '../lessons/live';
import { parseLessonText } from '../lessons/load';
import type { LessonFile } from '../lessons/schema';

export type { Frame, SimState } from '../run/frame';
export type { WireHopView } from '../run/wires';
export type { TokenInfo } from '../run/session';
export { METRICS_EVERY_MS } from '../run/session';
export type { LessonStatus } from '../lessons/live';
export type { LessonFile } from '../lessons/schema';

/** A lesson opened: its file (texts in both languages, steps) besides the load result. */
export type LessonLoadResult =
  (Extract<LoadResult, { ok: true }> & { lesson: LessonFile }) | { ok: false; issues: LoadIssue[] };

/** A validation issue with its human-readable text (`nodes[3].replicas: …`). */
export interface LoadIssue extends ScenarioIssue {
  text: string;
}

/** One-line model assumptions per transport and language (the engine's `TRANSPORT_NOTES`). */
export type TransportNotes = typeof TRANSPORT_NOTES;

export type LoadResult =
  | {
      ok: true;
      /** A scenario file, or a run file (with commands, maybe an `at` to open at). */
      kind: 'scenario' | 'run';
      model: SimModel;
      seed: number;
      /** The run's commands (script-step form). */
      steps: StepFields[];
      /** The first frame: at t = 0, or at the run's `at`. */
      frame: Frame;
      warnings: LoadIssue[];
      /** Sent with every load so the main thread never imports the engine for its texts. */
      notes: TransportNotes;
    }
  | { ok: false; issues: LoadIssue[] };

/** A scenario checked without running it (the topology editor asks before it applies an edit). */
export type CheckResult = { ok: true; warnings: LoadIssue[] } | { ok: false; issues: LoadIssue[] };

const withText = (i: ScenarioIssue): LoadIssue => ({ ...i, text: formatIssue(i) });

/** Transfers the frame's typed arrays instead of copying them (comlink's `transfer`). */
const framed = (f: Frame): Frame => transfer(f, frameBuffers(f));

export interface SimApiOptions {
  /** Fingerprint the trace (test pages): `traceHash()` then matches the CLI's NDJSON. */
  hashTrace?: boolean;
}

export function createSimApi(apiOpts: SimApiOptions = {}) {
  let session: RunSession | null = null;
  /** The lesson being followed, when the session is a lesson's run. */
  let lesson: LessonRun | null = null;

  function requireLesson(): LessonRun {
    if (!lesson) throw new Error('No lesson open: call loadLesson() first.');
    return lesson;
  }

  function requireSession(): RunSession {
    if (!session) throw new Error('No scenario loaded: call load() first.');
    return session;
  }

  return {
    /**
     * Validate and compile a scenario or a run file, then start a fresh session. `input` is JSON
     * text (syntax errors then get line and column) or an already parsed value. `seed` overrides
     * the file's. A run file opens at its `at`, paused there.
     */
    load(input: unknown, opts?: { seed?: number }): LoadResult {
      let parsed: ReturnType<typeof parseInput>;
      try {
        parsed = typeof input === 'string' ? parseInputText(input) : parseInput(input);
      } catch (e) {
        // A compiler bug must still reach the learner as a readable error, not a dead worker.
        const issue: ScenarioIssue = {
          path: '',
          message: e instanceof Error ? e.message : String(e),
        };
        return { ok: false, issues: [withText(issue)] };
      }
      if (!parsed.ok) return { ok: false, issues: parsed.error.map(withText) };
      let value = parsed.value;
      if (opts?.seed !== undefined && Number.isFinite(opts.seed))
        value = { ...value, seed: opts.seed, model: { ...value.model, seed: opts.seed } };
      const s = new RunSession(value, apiOpts.hashTrace ? { hashTrace: true } : {});
      session = s;
      lesson = null;
      return {
        ok: true,
        kind: parsed.kind,
        model: s.model,
        seed: s.seed,
        steps: s.steps.slice(),
        frame: framed(s.seek(s.openAt ?? 0)),
        warnings: parsed.warnings.map(withText),
        notes: TRANSPORT_NOTES,
      };
    },

    /** Validate and compile a scenario or run file; the running session is not touched. */
    check(input: unknown): CheckResult {
      try {
        const parsed = typeof input === 'string' ? parseInputText(input) : parseInput(input);
        return parsed.ok
          ? { ok: true, warnings: parsed.warnings.map(withText) }
          : { ok: false, issues: parsed.error.map(withText) };
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        return { ok: false, issues: [withText({ path: '', message })] };
      }
    },

    /**
     * Run every event with time ≤ `until`, then apply `commands` (recorded in the run). A time in
     * the past is clamped to `now`. `withState: false` leaves the state out unless it is needed
     * (sim-client publishes it ~10 times a second while playing).
     */
    advance(until: number, commands: Command[] = [], withState = true): Frame {
      return framed(requireSession().advance(until, commands, withState));
    },

    /** The frame at `t` (rewind or fast-forward; the run is kept, nothing forks). */
    seek(t: number): Frame {
      return framed(requireSession().seek(t));
    },

    /** Advance to the next moment something happens (single-step while paused). */
    step(): Frame {
      return framed(requireSession().step());
    },

    /** Back to the previous moment something happened. */
    stepBack(): Frame {
      return framed(requireSession().stepBack());
    },

    /** The selected request chain (`null`: none); its tokens carry FLAG_SELECTED from now on. */
    select(id: string | null): void {
      requireSession().select(id);
    },

    /** What a token's number names (a click on the canvas). */
    describe(id: number): TokenInfo | null {
      return requireSession().describe(id);
    },

    /**
     * Every kept hop of a message with its wire envelope (for the inspector), oldest first; empty
     * when the message is unknown or long forgotten. Envelopes never cross per frame.
     */
    wire(msgId: string): WireHopView[] {
      return requireSession().wire(msgId);
    },

    /** The waterfall of the request chain of `id`, from recent events. */
    waterfall(id: string): Waterfall | null {
      return requireSession().waterfall(id);
    },

    /** The hops of the last `n` messages for the sequence view, lanes in `order` first. */
    sequence(order: string[], n: number): Sequence & { groups: string[] } {
      return requireSession().sequence(order, n);
    },

    /** The run of this branch as a run file, opening at `at` (default: now). */
    runFile(at?: number): Record<string, unknown> {
      return requireSession().runFile(at);
    },

    /** Fingerprint of the trace so far (only on test pages; see SimApiOptions). */
    traceHash(): { hash: string; events: number; now: number } {
      return requireSession().traceHash();
    },

    /**
     * Run two scenario texts headlessly in fresh engines for `untilMs` virtual ms, sampling
     * metrics every `sampleMs`; returns only the sample series. The loaded run is untouched.
     */
    compare(textA: string, textB: string, untilMs: number, sampleMs: number): CompareResult {
      return compareScenarios(textA, textB, untilMs, sampleMs);
    },

    /**
     * Open a lesson: `text` is the lesson file, `scenarios` the scenario files it may name (by
     * name, as text). Starts its run at step 0 (that step's demo planned from t = 0).
     */
    loadLesson(text: string, scenarios: Record<string, string>): LessonLoadResult {
      const files = new Map<string, unknown>();
      for (const [name, t] of Object.entries(scenarios)) {
        try {
          files.set(name, JSON.parse(t) as unknown);
        } catch {
          files.set(name, t); // reported as "not a scenario" if the lesson names it
        }
      }
      const parsed = parseLessonText(text, files);
      if (!parsed.ok) return { ok: false, issues: parsed.error.map(withText) };
      const run = new LessonRun(parsed.value, apiOpts.hashTrace ? { hashTrace: true } : {});
      lesson = run;
      session = run.session;
      run.goto(0);
      return {
        ok: true,
        kind: 'scenario',
        model: run.session.model,
        seed: run.session.seed,
        steps: run.session.steps.slice(),
        frame: framed(run.session.seek(0)),
        warnings: [],
        notes: TRANSPORT_NOTES,
        lesson: parsed.value.file,
      };
    },

    /** Start lesson step `index` now (its demo planned from now, its goal watched from now). */
    lessonStep(index: number): Frame {
      return framed(requireLesson().goto(index));
    },

    /** Play the current step's reference solution from now. */
    lessonSolve(): Frame {
      return framed(requireLesson().solve());
    },

    /** Where the learner is and whether the step's goal holds at the moment shown. */
    lessonStatus(): LessonStatus | null {
      return lesson?.status() ?? null;
    },

    /** Back to t = 0 (the run and its future are kept: acting from there forks). */
    reset(): Frame {
      return framed(requireSession().seek(0));
    },
  };
}

export type SimApi = ReturnType<typeof createSimApi>;

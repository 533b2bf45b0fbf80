/**
 * The page's side of the simulation: it owns the display clock and asks the worker, which owns
 * the run, for "the frame at t". No React.
 *
 * - One requestAnimationFrame loop turns wall time into virtual time by `speed` (1× = 1/20 of
 *   real time) and asks for `advance(clock)`; at most one worker call is in flight (bridge.ts).
 * - The learner's actions ride the next advance as commands; the worker records them (the run).
 * - `seek(t)` rewinds or fast-forwards (the worker replays); acting after a rewind forks the run.
 * - Each frame is applied once (frames.ts): tokens as typed arrays for the canvas, the state to
 *   the mirror, new log lines, history deltas.
 */
import type { Command, SimModel } from '../engine/types';
import type { Frame } from '../run/frame';
import type { Sequence, Waterfall } from '../trace/trace';
import type {
  LessonLoadResult,
  LessonStatus,
  LoadResult,
  CheckResult,
  TokenInfo,
  WireHopView,
} from '../worker/api';
import { initialSim, resetHistory, simStore, uiStore } from '../state';
import { createBridge } from './bridge';
import { spawnSimWorker } from './simWorker';
import { FrameSink, LOG_FLUSH_MS, type RenderFrame } from './frames';
import { createSignal, type ReadonlySignal } from './signal';
import { SPEEDS } from '../shared';
export { SPEEDS };

/** Virtual ms per wall ms at 1×: one wall second shows 50 virtual ms. */
export const VIRTUAL_PER_WALL_MS = 0.05;
/** A wall gap longer than this (hidden tab, debugger, stall) is skipped, not fast-forwarded. */
export const MAX_FRAME_GAP_MS = 500;
export const MAX_SPEED = 64;
export { LOG_FLUSH_MS } from './frames';
/**
 * Wall ms between state (counters, instances, queues) publications while playing. Tokens and the
 * clock still move every frame; re-rendering every panel 60 times a second cost more than the
 * canvas itself at 4× CPU throttling.
 */
export const STATE_EVERY_MS = 100;
/**
 * Under load (frames averaging over SLOW_FRAME_MS of wall time) the log and the state are
 * published every LOADED_PUBLISH_MS instead (back to normal below FAST_FRAME_MS: hysteresis).
 */
export const LOADED_PUBLISH_MS = 250;
const SLOW_FRAME_MS = 25;
const FAST_FRAME_MS = 20;

export type { RenderFrame } from './frames';

export interface SimClient {
  /** The display clock in virtual ms; changes once per frame while playing. */
  readonly clock: ReadonlySignal<number>;
  /** Fires when a new render frame arrived, or detail fetched on demand (`loadWire`). */
  readonly tokensChanged: ReadonlySignal<number>;
  /** Fires after every applied frame (lazy views — the lab — follow the run with it). */
  readonly frames: ReadonlySignal<number>;
  /** The newest frame's tokens and drops (live: read it, don't keep it). */
  render(): RenderFrame;
  /** What a token's number names (`render().tokens.id[i]`). */
  describe(id: number): Promise<TokenInfo | null>;
  /** A message's hops with their wire envelopes, once `loadWire(msgId)` fetched them. */
  wireOf(msgId: string): readonly WireHopView[];
  /** Fetch (again) a message's hops and envelopes from the worker. */
  loadWire(msgId: string): void;
  /** True once the worker answered for this message. */
  wireLoaded(msgId: string): boolean;
  /** The waterfall of a request chain, from the worker's recent events. */
  waterfall(id: string): Promise<Waterfall | null>;
  /** The last `n` messages' hops for the sequence view. */
  sequence(order: string[], n: number): Promise<Sequence & { groups: string[] }>;
  load(name: string, input: unknown, opts?: { seed?: number }): Promise<LoadResult | null>;
  /** Validate a scenario without opening it (the running one is untouched). */
  check(input: unknown): Promise<CheckResult>;
  /** Open a lesson (its file as text, and the scenario files it may name, as text). */
  loadLesson(
    name: string,
    text: string,
    scenarios: Record<string, string>,
  ): Promise<LessonLoadResult | null>;
  /** Start a lesson step now (its demo plays from here; its goal counts from here). */
  lessonStep(index: number): Promise<void>;
  /** Play the current step's reference solution from now. */
  lessonSolve(): Promise<void>;
  /** Where the learner is in the lesson and whether the goal holds at the moment shown. */
  lessonStatus(): Promise<LessonStatus | null>;
  play(): void;
  pause(): void;
  /** Stop playing when the clock reaches virtual time `t` (null: no stop). */
  stopAt(t: number | null): void;
  togglePlay(): void;
  /** To the next moment something happens / back to the previous one (pauses). */
  step(): Promise<void>;
  stepBack(): Promise<void>;
  /** Show the run at virtual time `t` (rewind or fast-forward). Scrubbing: the latest wins. */
  seek(t: number): Promise<void>;
  setSpeed(speed: number): void;
  fire(route: string, count?: number): void;
  kill(instance: string): void;
  restart(instance: string): void;
  /** Stop / start the broker process (every connection drops; see docs/transports.md §7). */
  brokerDown(): void;
  brokerUp(): void;
  /** Any engine command (faults, load, scaling …), applied and recorded with the next advance. */
  command(cmd: Command): void;
  /** The run as a run file, opening at `at` (default: the engine's time). */
  runFile(at?: number): Promise<Record<string, unknown>>;
  /** Fingerprint of the trace so far (test pages only). */
  traceHash(): Promise<{ hash: string; events: number; now: number }>;
  /** Back to t = 0 (the run is kept; acting from there forks). */
  reset(): Promise<void>;
  dispose(): void;
}

export interface SimClientOptions {
  /** Injected in tests; defaults to the real module worker. */
  createWorker?: () => Worker;
}

export function createSimClient(opts: SimClientOptions = {}): SimClient {
  const bridge = createBridge((opts.createWorker ?? spawnSimWorker)(), fail);
  const { remote } = bridge;
  const clock = createSignal(0);
  const tokensChanged = createSignal(0);
  const frames = createSignal(0);
  const sink = new FrameSink();
  /** Envelopes fetched on demand, by message; a few inspected messages at most. */
  let wires = new Map<string, readonly WireHopView[]>();
  const fetching = new Set<string>();

  let ready = false;
  let engineNow = 0;
  let commands: Command[] = [];
  let raf = 0;
  let lastWall: number | null = null;
  let disposed = false;
  /** A seek asked for while another call was in flight: only the newest target is kept. */
  let seekTarget: number | null = null;
  let seeking: Promise<void> | null = null;
  let selectedSent: string | null = null;

  function fail(e: unknown) {
    const message = e instanceof Error ? e.message : String(e);
    simStore.setState({
      phase: 'error',
      playing: false,
      issues: [{ path: '', message, text: message }],
    });
  }

  /** Smoothed wall ms per frame while playing, and whether publications are stretched. */
  let frameMs = 1000 / 60;
  let loaded = false;
  const publishEvery = () => (loaded ? LOADED_PUBLISH_MS : LOG_FLUSH_MS);

  function applyFrame(f: Frame) {
    engineNow = f.now;
    sink.apply(f);
    // A command or a seek may put the engine a little ahead of the clock (whole ms). Paused, the
    // clock follows the engine — except at a lesson's stop, where a frame asked for before the
    // stop (an earlier moment) must not pull the clock back from the stop point.
    const s = simStore.getState();
    if (f.now > clock.get() || (!s.playing && s.stoppedAt === null)) clock.set(f.now);
    sink.flushLog(!simStore.getState().playing, performance.now(), publishEvery());
    tokensChanged.set(tokensChanged.get() + 1);
    frames.set(frames.get() + 1);
  }

  /** Wall time the state was last asked for (see STATE_EVERY_MS). */
  let lastStateWall = -Infinity;

  function requestAdvance(wall: number) {
    const gen = bridge.generation;
    const cmds = commands;
    commands = [];
    const target = clock.get();
    const selected = uiStore.getState().selected;
    const select = selected !== selectedSent;
    selectedSent = selected;
    // While playing, counters and chips need no more than ~10 updates a second; a command (kill,
    // fire …) or a paused clock gets its state at once.
    const withState =
      cmds.length > 0 ||
      !simStore.getState().playing ||
      wall - lastStateWall >= (loaded ? LOADED_PUBLISH_MS : STATE_EVERY_MS);
    if (withState) lastStateWall = wall;
    void bridge
      .serial(async () => {
        if (select) await remote.select(selected);
        return remote.advance(Math.max(target, engineNow), cmds, withState);
      })
      .then((f) => {
        if (gen === bridge.generation && !disposed) applyFrame(f);
      })
      .catch(fail)
      .finally(ensureLoop);
  }

  function tick(wall: number) {
    raf = 0;
    if (disposed) return;
    const s = simStore.getState();
    if (s.playing && lastWall !== null && seekTarget === null) {
      const gap = wall - lastWall;
      if (gap > 0 && gap <= MAX_FRAME_GAP_MS) {
        const next = clock.get() + gap * VIRTUAL_PER_WALL_MS * s.speed;
        // A lesson's pause: the clock stops exactly there, the prompt shows.
        if (s.stopAt !== null && next >= s.stopAt && clock.get() < s.stopAt) {
          clock.set(s.stopAt);
          simStore.setState({
            playing: false,
            stopAt: null,
            stoppedAt: s.stopAt,
            horizon: Math.max(sink.horizon, engineNow),
          });
        } else clock.set(next);
        frameMs += (gap - frameMs) * 0.1;
        loaded = loaded ? frameMs > FAST_FRAME_MS : frameMs > SLOW_FRAME_MS;
      }
    }
    lastWall = s.playing ? wall : null;
    const selectionChanged = uiStore.getState().selected !== selectedSent;
    if (
      ready &&
      bridge.busy === 0 &&
      (clock.get() > engineNow || commands.length > 0 || selectionChanged)
    )
      requestAdvance(wall);
    sink.flushLog(!s.playing, wall, publishEvery());
    ensureLoop();
  }

  /** Keep the loop alive only while there is something to do; an idle page costs nothing. */
  function ensureLoop() {
    if (disposed || raf !== 0) return;
    const s = simStore.getState();
    const pending =
      ready &&
      (commands.length > 0 ||
        clock.get() > engineNow ||
        sink.hasPendingLog ||
        uiStore.getState().selected !== selectedSent);
    if (s.playing || pending) raf = requestAnimationFrame(tick);
  }
  // A new selection while paused must still re-flag the tokens.
  const offSelect = uiStore.subscribe((s, prev) => {
    if (s.selected !== prev.selected) ensureLoop();
  });

  function restartRun(now: number) {
    sink.clear();
    wires = new Map();
    fetching.clear();
    frameMs = 1000 / 60;
    loaded = false;
    engineNow = now;
    lastStateWall = -Infinity;
    commands = [];
    lastWall = null;
    seekTarget = null;
    selectedSent = null;
    clock.set(now);
    tokensChanged.set(tokensChanged.get() + 1);
  }

  function command(cmd: Command) {
    if (!ready) return;
    commands.push(cmd);
    ensureLoop();
  }

  /** Runs one frame-returning call after pending commands ride an advance first. */
  async function jump(call: () => Promise<Frame>, opts: { pause: boolean }): Promise<void> {
    if (!ready) return;
    if (opts.pause) simStore.setState({ playing: false });
    const gen = bridge.generation;
    const cmds = commands;
    commands = [];
    const target = clock.get();
    try {
      if (cmds.length > 0) {
        const caught = await bridge.serial(() => remote.advance(target, cmds));
        if (gen !== bridge.generation) return;
        applyFrame(caught);
      }
      const f = await bridge.serial(call);
      if (gen !== bridge.generation || disposed) return;
      applyFrame(f);
      clock.set(f.now);
      lastWall = null;
    } catch (e) {
      fail(e);
    } finally {
      ensureLoop();
    }
  }

  /** Loads a scenario, run or lesson through `call`: a fresh run, its first frame applied. */
  async function open<R extends LoadResult | LessonLoadResult>(
    name: string,
    call: () => Promise<R>,
  ): Promise<R | null> {
    const gen = bridge.renew();
    ready = false;
    restartRun(0);
    resetHistory();
    const { playing, speed, notes } = simStore.getState();
    simStore.setState({ ...initialSim, phase: 'loading', scenario: name, playing, speed, notes });
    try {
      const r = await bridge.serial(call);
      if (gen !== bridge.generation || disposed) return null;
      if (!r.ok) {
        simStore.setState({ phase: 'error', issues: r.issues, playing: false });
        return r;
      }
      // A run opened at its moment stays paused there: the learner sees what was shared.
      const opensPaused = r.kind === 'run' && r.frame.now > 0;
      simStore.setState({
        phase: 'ready',
        loadId: gen,
        notes: r.notes,
        model: r.model as SimModel,
        warnings: r.warnings,
        issues: [],
        run: { kind: r.kind, seed: r.seed, steps: r.steps },
        ...(opensPaused ? { playing: false } : {}),
      });
      applyFrame(r.frame);
      ready = true;
      ensureLoop();
      return r;
    } catch (e) {
      if (gen === bridge.generation) fail(e);
      return null;
    }
  }

  return {
    clock,
    tokensChanged,
    frames,
    render: () => sink.render,
    describe: (id) => bridge.serial(() => remote.describe(id)),
    wireOf: (msgId) => wires.get(msgId) ?? [],
    wireLoaded: (msgId) => wires.has(msgId),
    loadWire(msgId) {
      if (!ready || fetching.has(msgId)) return;
      fetching.add(msgId);
      const gen = bridge.generation;
      void bridge
        .serial(() => remote.wire(msgId))
        .then((hops) => {
          if (gen !== bridge.generation || disposed) return;
          fetching.delete(msgId);
          if (wires.size >= 32) wires = new Map();
          wires.set(msgId, hops);
          tokensChanged.set(tokensChanged.get() + 1);
        })
        .catch(fail)
        .finally(ensureLoop);
    },
    waterfall: (id) => bridge.serial(() => remote.waterfall(id)),
    sequence: (order, n) => bridge.serial(() => remote.sequence(order, n)),
    command,

    load: (name, input, loadOpts) =>
      // comlink's Remote<> splits the union result into a union of promises; re-join it.
      open(name, () => remote.load(input, loadOpts) as Promise<LoadResult>),
    check: (input) => bridge.serial(() => remote.check(input) as Promise<CheckResult>),
    loadLesson: (name, text, scenarios) =>
      open(name, () => remote.loadLesson(text, scenarios) as Promise<LessonLoadResult>),
    lessonStep: (index) => jump(() => remote.lessonStep(index), { pause: false }),
    lessonSolve: () => jump(() => remote.lessonSolve(), { pause: false }),
    lessonStatus: () => bridge.serial(() => remote.lessonStatus()),

    play() {
      if (simStore.getState().phase !== 'ready') return;
      simStore.setState({ playing: true, stoppedAt: null });
      ensureLoop();
    },
    pause() {
      simStore.setState({ playing: false, horizon: Math.max(sink.horizon, engineNow) });
      sink.flushLog(true, performance.now());
    },
    stopAt(t) {
      simStore.setState({ stopAt: t !== null && t > clock.get() ? t : null, stoppedAt: null });
    },
    togglePlay() {
      if (simStore.getState().playing) this.pause();
      else this.play();
    },

    step: () => jump(() => remote.step(), { pause: true }),
    stepBack: () => jump(() => remote.stepBack(), { pause: true }),

    seek(t) {
      if (!ready) return Promise.resolve();
      seekTarget = Math.max(0, t);
      clock.set(seekTarget);
      // Scrubbing sends a seek per pointer move: while one is in flight, only the newest waits.
      if (seeking) return seeking;
      const run = async (): Promise<void> => {
        while (seekTarget !== null) {
          const target = seekTarget;
          seekTarget = null;
          await jump(() => remote.seek(target), { pause: false });
        }
        seeking = null;
      };
      seeking = run();
      return seeking;
    },

    setSpeed(speed) {
      const s = Math.min(MAX_SPEED, Math.max(SPEEDS[0], speed));
      if (Number.isFinite(s)) simStore.setState({ speed: s });
    },

    fire(route, count = 1) {
      command({ type: 'http', route, count, everyMs: 0 });
    },
    kill(instance) {
      command({ type: 'kill', instance });
    },
    restart(instance) {
      command({ type: 'restart', instance });
    },
    brokerDown() {
      command({ type: 'brokerDown' });
    },
    brokerUp() {
      command({ type: 'brokerUp' });
    },

    runFile: (at) => bridge.serial(() => remote.runFile(at)),
    traceHash: () => bridge.serial(() => remote.traceHash()),

    reset() {
      return jump(() => remote.reset(), { pause: false });
    },

    dispose() {
      if (disposed) return;
      disposed = true;
      offSelect();
      if (raf) cancelAnimationFrame(raf);
      bridge.dispose();
    },
  };
}

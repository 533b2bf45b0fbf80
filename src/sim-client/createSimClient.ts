/**
 * The bridge between the simulation worker and the stores. Owns the display clock.
 *
 * - One requestAnimationFrame loop turns wall time into virtual time by `speed`
 *   (1× = 1/20 of real time) and asks the worker to `advance(clock)`.
 * - At most one worker call is in flight; commands queue up and ride the next `advance`.
 * - Each returned batch is applied to the stores once: hops become tokens in a mutable buffer,
 *   other events become log lines, the snapshot becomes the mirror.
 * - A scenario switch bumps a generation number so late results of the old run are ignored.
 */
import { releaseProxy, wrap, type Remote } from 'comlink';
import type { Command, SimModel, TraceEvent } from '../engine/types';
import type { AdvanceResult, LoadResult } from '../worker/api';
import type { SimWorkerApi } from '../worker/sim.worker';
import {
  countLogged,
  createLogTranslator,
  initialSim,
  isLogged,
  LOG_LIMIT,
  mirrorOf,
  simStore,
  keepIfSame,
  type LogEntry,
} from '../state';
import { spawnSimWorker } from './simWorker';
import { createSignal, type ReadonlySignal } from './signal';
import {
  DropBuffer,
  TokenBuffer,
  WireLog,
  type DropMarker,
  type Token,
  type WireHop,
} from './tokens';

/** Virtual ms per wall ms at 1×: one wall second shows 50 virtual ms. */
export const VIRTUAL_PER_WALL_MS = 0.05;
/** A wall gap longer than this (hidden tab, debugger, stall) is skipped, not fast-forwarded. */
export const MAX_FRAME_GAP_MS = 500;
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8] as const;
export const MAX_SPEED = 64;
/** Wall ms between event-log publications while playing. */
export const LOG_FLUSH_MS = 100;
/**
 * Wall ms between state (counters, instances, queues) publications while playing. Tokens and the
 * clock still move every frame; re-rendering every panel 60 times a second cost more than the
 * canvas itself at 4× CPU throttling.
 */
export const STATE_EVERY_MS = 100;
/**
 * Under load (frames averaging over SLOW_FRAME_MS of wall time, e.g. a throttled CPU with
 * thousands of tokens) the log and the state are published every LOADED_PUBLISH_MS instead:
 * each publication re-renders panels, and a struggling frame rate matters more than counters
 * ticking 10 times a second. Back to normal below FAST_FRAME_MS (hysteresis).
 */
export const LOADED_PUBLISH_MS = 250;
const SLOW_FRAME_MS = 25;
const FAST_FRAME_MS = 20;

export interface SimClient {
  /** The display clock in virtual ms; changes once per frame while playing. */
  readonly clock: ReadonlySignal<number>;
  /**
   * Fires after a batch changed the token buffer (even if the clock did not move), and when wire
   * envelopes asked for with `loadWire` arrive.
   */
  readonly tokensChanged: ReadonlySignal<number>;
  /** In-flight tokens (live buffer: read it, don't keep it). */
  tokens(): readonly Token[];
  /** Recent drop markers (live buffer), drawn as a fading ✕ where the message was discarded. */
  drops(): readonly DropMarker[];
  /**
   * Every hop of a recent message, for the inspector; envelopes (`wire`) are filled in once
   * `loadWire(msgId)` has fetched them from the worker (they no longer cross every frame).
   */
  wireOf(msgId: string): readonly WireHop[];
  /** Fetch the message's wire envelopes from the worker (no-op when already known). */
  loadWire(msgId: string): void;
  /** True once every hop `wireOf` lists has been looked up in the worker (envelope or none). */
  wireLoaded(msgId: string): boolean;
  load(name: string, input: unknown, opts?: { seed?: number }): Promise<LoadResult | null>;
  play(): void;
  pause(): void;
  togglePlay(): void;
  step(): Promise<void>;
  setSpeed(speed: number): void;
  fire(route: string, count?: number): void;
  kill(instance: string): void;
  restart(instance: string): void;
  /** Stop / start the broker process (every connection drops; see docs/transports.md §7). */
  brokerDown(): void;
  brokerUp(): void;
  /** Any engine command (faults, load, scaling …), applied with the next advance. */
  command(cmd: Command): void;
  /**
   * Every applied trace batch, for lazy views (the resilience lab) that keep their own buffers;
   * `reset` when a new run starts. Returns the unsubscribe function.
   */
  tap(listener: TraceListener): () => void;
  reset(): Promise<void>;
  dispose(): void;
}

export interface TraceListener {
  events(batch: readonly TraceEvent[]): void;
  reset(): void;
}

export interface SimClientOptions {
  /** Injected in tests; defaults to the real module worker. */
  createWorker?: () => Worker;
}

export function createSimClient(opts: SimClientOptions = {}): SimClient {
  const worker = (opts.createWorker ?? spawnSimWorker)();
  const remote: Remote<SimWorkerApi> = wrap<SimWorkerApi>(worker);
  // A worker that fails to start or crashes must surface as an error, not a frozen page.
  worker.addEventListener?.('error', (e) =>
    fail(e instanceof ErrorEvent ? e.message : 'worker error'),
  );
  const clock = createSignal(0);
  const tokensChanged = createSignal(0);
  const tokens = new TokenBuffer();
  const drops = new DropBuffer();
  const wires = new WireLog();
  /** Envelopes fetched on demand (`loadWire`), by message; a few inspected messages at most. */
  let fetched = new Map<string, readonly WireHop[]>();
  const fetching = new Set<string>();
  const translator = createLogTranslator();
  let gatewayId = 'gateway';
  let brokerId: string | null = null;
  /** `msgId|service` → handlings finished: a second one by the same service is a duplicate. */
  let handledBy = new Map<string, number>();
  let dupCounts: Record<string, number> = {};
  let dupDirty = false;

  let generation = 0;
  let ready = false;
  let engineNow = 0;
  let commands: Command[] = [];
  let raf = 0;
  let lastWall: number | null = null;
  let disposed = false;

  // ── one call at a time: each call waits for the previous one (squoosh's worker-bridge idea)
  let tail: Promise<unknown> = Promise.resolve();
  let queued = 0;
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    queued++;
    const p = tail.then(fn).finally(() => queued--);
    tail = p.catch(() => undefined);
    return p;
  }

  function fail(e: unknown) {
    const message = e instanceof Error ? e.message : String(e);
    simStore.setState({
      phase: 'error',
      playing: false,
      issues: [{ path: '', message, text: message }],
    });
  }

  // Log lines are published at most every LOG_FLUSH_MS while playing: nobody reads 60 updates
  // a second, and re-rendering the log per frame halved the frame rate under load.
  let pendingLines: LogEntry[] = [];
  let lastFlush = 0;
  /** Smoothed wall ms per frame while playing, and whether publications are stretched. */
  let frameMs = 1000 / 60;
  let loaded = false;
  function flushLog(force: boolean) {
    if (pendingLines.length === 0) return;
    const wall = performance.now();
    if (!force && wall - lastFlush < (loaded ? LOADED_PUBLISH_MS : LOG_FLUSH_MS)) return;
    lastFlush = wall;
    const lines = pendingLines.reverse(); // newest first
    pendingLines = [];
    const prev = simStore.getState().log;
    const log = lines.length >= LOG_LIMIT ? lines.slice(0, LOG_LIMIT) : lines.concat(prev);
    if (log.length > LOG_LIMIT) log.length = LOG_LIMIT;
    simStore.setState({ log });
  }

  function dropAt(e: Extract<TraceEvent, { type: 'message.dropped' }>): string {
    // A late or orphan reply dies at the gateway's ClientProxy, whoever sent it.
    if (e.reason === 'late-reply' || e.reason === 'client-gone') return gatewayId;
    return e.instance ?? brokerId ?? gatewayId;
  }

  function countHandling(msgId: string, instance: string) {
    const hash = instance.lastIndexOf('#');
    const service = hash > 0 ? instance.slice(0, hash) : instance;
    const key = `${msgId}|${service}`;
    const n = (handledBy.get(key) ?? 0) + 1;
    if (handledBy.size > 50_000) handledBy = new Map();
    handledBy.set(key, n);
    if (n > 1) {
      dupCounts = { ...dupCounts, [service]: (dupCounts[service] ?? 0) + 1 };
      dupDirty = true;
    }
  }

  const taps = new Set<TraceListener>();

  function applyBatch(r: AdvanceResult) {
    for (const l of taps) l.events(r.events);
    engineNow = r.now;
    let hops = 0;
    // Only the newest LOG_LIMIT lines of a batch can survive; older logged events are skipped
    // (labels and ids advance as if translated) instead of building lines thrown away at once.
    let skip = countLogged(r.events) - LOG_LIMIT;
    for (const e of r.events) {
      if (e.type === 'hop') {
        wires.add(tokens.add(e, translator.groupOf(e.msgId)));
        hops++;
        continue;
      }
      if (e.type === 'message.dropped') {
        drops.add({
          msgId: e.msgId,
          group: translator.groupOf(e.msgId),
          at: dropAt(e),
          t: e.t,
          reason: e.reason,
        });
        hops++;
      } else if (e.type === 'handler.done') countHandling(e.msgId, e.instance);
      if (skip > 0 && isLogged(e)) {
        translator.skip(e);
        skip--;
        continue;
      }
      const line = translator.translate(e);
      if (line) pendingLines.push(line);
    }
    if (pendingLines.length > LOG_LIMIT) pendingLines.splice(0, pendingLines.length - LOG_LIMIT);
    const prev = simStore.getState();
    // The worker leaves the state out when it was not asked for or has not changed: then only
    // what did change is written, so an idle frame notifies no subscriber.
    if (r.state || dupDirty || r.quiet !== prev.quiet) {
      const dups = dupDirty
        ? keepIfSame(prev.duplicatesByService, dupCounts)
        : prev.duplicatesByService;
      dupDirty = false;
      simStore.setState({
        ...(r.state ? mirrorOf(prev, r.state) : {}),
        quiet: r.quiet,
        duplicatesByService: dups,
      });
    }
    flushLog(!prev.playing);
    if (hops > 0) {
      tokens.prune(clock.get());
      tokensChanged.set(tokensChanged.get() + 1);
    }
  }

  /** Wall time the state was last asked for (see STATE_EVERY_MS). */
  let lastStateWall = -Infinity;

  function requestAdvance(wall: number) {
    const gen = generation;
    const cmds = commands;
    commands = [];
    const target = clock.get();
    // While playing, counters and chips need no more than ~10 updates a second; a command (kill,
    // fire …) or a paused clock gets its state at once.
    const withState =
      cmds.length > 0 ||
      !simStore.getState().playing ||
      wall - lastStateWall >= (loaded ? LOADED_PUBLISH_MS : STATE_EVERY_MS);
    if (withState) lastStateWall = wall;
    void serial(() => remote.advance(target, cmds, withState))
      .then((r) => {
        if (gen === generation && !disposed) applyBatch(r);
      })
      .catch(fail)
      .finally(ensureLoop);
  }

  function tick(wall: number) {
    raf = 0;
    if (disposed) return;
    const s = simStore.getState();
    if (s.playing && lastWall !== null) {
      const gap = wall - lastWall;
      if (gap > 0 && gap <= MAX_FRAME_GAP_MS) {
        clock.set(clock.get() + gap * VIRTUAL_PER_WALL_MS * s.speed);
        frameMs += (gap - frameMs) * 0.1;
        loaded = loaded ? frameMs > FAST_FRAME_MS : frameMs > SLOW_FRAME_MS;
      }
    }
    lastWall = s.playing ? wall : null;
    const before = tokens.items.length;
    tokens.prune(clock.get());
    const dropsGone = drops.prune(clock.get());
    if (tokens.items.length !== before || dropsGone) tokensChanged.set(tokensChanged.get() + 1);
    if (ready && queued === 0 && (clock.get() > engineNow || commands.length > 0))
      requestAdvance(wall);
    flushLog(!s.playing);
    ensureLoop();
  }

  /** Keep the loop alive only while there is something to do; an idle page costs nothing. */
  function ensureLoop() {
    if (disposed || raf !== 0) return;
    const s = simStore.getState();
    const pending =
      ready && (commands.length > 0 || clock.get() > engineNow || pendingLines.length > 0);
    if (s.playing || pending) raf = requestAnimationFrame(tick);
  }

  function restartRun(now: number) {
    for (const l of taps) l.reset();
    tokens.clear();
    drops.clear();
    wires.clear();
    fetched = new Map();
    fetching.clear();
    handledBy = new Map();
    dupCounts = {};
    dupDirty = false;
    pendingLines = [];
    frameMs = 1000 / 60;
    loaded = false;
    translator.reset();
    engineNow = now;
    lastStateWall = -Infinity;
    commands = [];
    lastWall = null;
    clock.set(now);
    tokensChanged.set(tokensChanged.get() + 1);
  }

  function remember(model: SimModel) {
    gatewayId = model.gateway.id;
    brokerId = model.broker?.id ?? null;
  }

  function command(cmd: Command) {
    if (!ready) return;
    commands.push(cmd);
    ensureLoop();
  }

  return {
    clock,
    tokensChanged,
    tokens: () => tokens.items,
    drops: () => drops.items,
    wireOf(msgId) {
      const local = wires.get(msgId);
      const full = fetched.get(msgId);
      if (!full) return local;
      if (local.length === 0) return full;
      // The worker's list has the same hops in the same order (it may be a batch ahead).
      return local.map((h, i) => {
        const f = full[i];
        return f?.wire && f.from === h.from && f.to === h.to && f.t === h.t
          ? { ...h, wire: f.wire }
          : h;
      });
    },
    wireLoaded(msgId) {
      const have = fetched.get(msgId);
      return have !== undefined && have.length >= wires.get(msgId).length;
    },
    loadWire(msgId) {
      if (!ready || fetching.has(msgId) || this.wireLoaded(msgId)) return;
      fetching.add(msgId);
      const gen = generation;
      void serial(() => remote.wire(msgId))
        .then((hops) => {
          if (gen !== generation || disposed) return;
          fetching.delete(msgId);
          if (fetched.size >= 32) fetched = new Map();
          fetched.set(msgId, hops);
          tokensChanged.set(tokensChanged.get() + 1);
        })
        .catch(fail)
        .finally(ensureLoop);
    },
    command,
    tap(listener) {
      taps.add(listener);
      return () => void taps.delete(listener);
    },

    async load(name, input, loadOpts) {
      const gen = ++generation;
      ready = false;
      restartRun(0);
      const { playing, speed, notes } = simStore.getState();
      simStore.setState({ ...initialSim, phase: 'loading', scenario: name, playing, speed, notes });
      try {
        // comlink's Remote<> splits the union result into a union of promises; re-join it.
        const r = await serial(() => remote.load(input, loadOpts) as Promise<LoadResult>);
        if (gen !== generation || disposed) return null;
        if (!r.ok) {
          simStore.setState({ phase: 'error', issues: r.issues, playing: false });
          return r;
        }
        const prev = simStore.getState();
        remember(r.model);
        simStore.setState({
          ...mirrorOf(prev, r.snapshot),
          phase: 'ready',
          loadId: gen,
          notes: r.notes,
          model: r.model,
          warnings: r.warnings,
          issues: [],
        });
        ready = true;
        ensureLoop();
        return r;
      } catch (e) {
        if (gen === generation) fail(e);
        return null;
      }
    },

    play() {
      if (simStore.getState().phase !== 'ready') return;
      simStore.setState({ playing: true });
      ensureLoop();
    },
    pause() {
      simStore.setState({ playing: false });
      flushLog(true);
    },
    togglePlay() {
      if (simStore.getState().playing) this.pause();
      else this.play();
    },

    async step() {
      if (!ready) return;
      simStore.setState({ playing: false });
      const gen = generation;
      // Catch up first (pending commands and any clock lead), then jump to the next event.
      const cmds = commands;
      commands = [];
      const target = clock.get();
      try {
        const caught = await serial(() => remote.advance(target, cmds));
        if (gen !== generation) return;
        applyBatch(caught);
        const r = await serial(() => remote.step());
        if (gen !== generation) return;
        clock.set(Math.max(clock.get(), r.now));
        applyBatch(r);
      } catch (e) {
        fail(e);
      }
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

    async reset() {
      if (!ready) return;
      const gen = ++generation;
      ready = false;
      restartRun(0);
      try {
        const r = await serial(() => remote.reset());
        if (gen !== generation) return;
        const { model, scenario, playing, speed, warnings, loadId, notes } = simStore.getState();
        simStore.setState({
          ...initialSim,
          ...mirrorOf(initialSim, r.snapshot),
          phase: 'ready',
          notes,
          loadId,
          model,
          scenario,
          playing,
          speed,
          warnings,
        });
        ready = true;
        ensureLoop();
      } catch (e) {
        fail(e);
      }
    },

    dispose() {
      if (disposed) return; // idempotent: a released comlink proxy throws on second release
      disposed = true;
      generation++;
      if (raf) cancelAnimationFrame(raf);
      remote[releaseProxy]();
      worker.terminate();
    },
  };
}

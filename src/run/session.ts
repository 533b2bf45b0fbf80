/**
 * The worker owns the run: one `RunSession` holds the scenario, the seed and the learner's
 * commands, plays them on a live engine, and answers "the frame at t" for any t — forward by
 * running on, backward by replaying the run from t = 0 (the engine is deterministic, so a replay
 * is the straight run). Acting after a rewind forks: the old future is dropped.
 *
 * Everything here is pure and plain data, so Node tests drive it exactly as the worker does.
 */
import type { Command, Hop, ScriptStep, SimModel, Snapshot, TraceEvent } from '../engine/types';
import type { SimTime } from '../shared';
import type { StepFields } from '../scenario/actions';
import { commandToStep } from '../scenario/actions';
import { commandChecker, runFile } from '../scenario/run';
import type { RunValue } from '../scenario/run';
import {
  createLogTranslator,
  isLogged,
  LOG_LIMIT,
  type LogEntry,
  type LogTranslator,
} from '../trace/log';
import { sequenceOf, waterfallOf, type Sequence, type Waterfall } from '../trace/trace';
import {
  DROP_SHOW_MS,
  dropArrays,
  FLAG_SELECTED,
  KIND_INDEX,
  REASON_INDEX,
  tokenArrays,
  type DropArrays,
  type Frame,
  type Refused,
  type RunDelta,
  type SimState,
  type TokenArrays,
} from './frame';
import { History, type HistoryDelta } from './history';
import { createRunPlayer, type RunPlayer } from './player';
import { fnv1a, FNV_OFFSET } from './hash';
import { WireStore, type WireHopView } from './wires';

/** Virtual ms per `metrics.sample` in the app (the lab's live charts): 1 per wall second at 1×. */
export const METRICS_EVERY_MS = 50;
/** Log lines sent to the page at most at once (the log panel shows no more rows). */
export const LOG_SENT = 120;
/** Recent drops kept for the canvas (a storm stays cheap). */
export const DROP_LIMIT = 400;
/** Recent non-sample events kept for the waterfall and the sequence view. */
export const RECENT_LIMIT = 5000;
/** Distinct event times kept for "step back one event". */
const TIMES_LIMIT = 4096;
/** Message numbers named by `describe` (two generations of this many). */
const MESSAGE_GENERATION = 20_000;

export interface SessionOptions {
  metricsEveryMs?: number;
  /** Hash every trace event as the CLI prints it (NDJSON), for the browser ≡ CLI test. */
  hashTrace?: boolean;
}

/**
 * Something that reads every trace event of the run as it happens (a lesson's goal). A rewind
 * replays the run on a fresh engine, so the session builds a fresh watcher for it from the factory.
 */
export interface TraceWatcher {
  feed(e: TraceEvent): void;
}

/** What a token click names. */
export interface TokenInfo {
  msgId: string;
  /** The request chain (reqId), or the message id when it belongs to none. */
  group: string;
}

interface DropRec {
  t: number;
  at: string;
  reason: string;
  msgId: string;
  group: string;
}

/** One engine and everything derived from its trace. A rewind replaces it with a fresh one. */
class Live {
  readonly history = new History();
  readonly translator: LogTranslator;
  readonly wires = new WireStore();
  readonly player: RunPlayer;
  /** Trace events this engine emitted; those that are not metrics samples. */
  count = 0;
  visible = 0;
  hash = FNV_OFFSET;
  pendingLog: TraceEvent[] = [];
  logOverflow = false;
  /** The newest LOG_LIMIT lines, newest first: what the log shows now. */
  shown: LogEntry[] = [];
  recent: TraceEvent[] = [];
  drops: DropRec[] = [];
  times: number[] = [];
  private lastTime = -1;
  private handledBy = new Map<string, number>();
  dupCounts: Record<string, number> = {};
  loads: Record<string, number> = {};

  constructor(
    private readonly session: RunSession,
    model: SimModel,
    commands: ScriptStep[],
    metricsEveryMs: number,
    private readonly hashing: boolean,
    public watcher: TraceWatcher | null,
  ) {
    this.translator = createLogTranslator(model.gateway.id, model.client.id);
    this.player = createRunPlayer(model, commands, {
      metricsEveryMs,
      onTrace: (e) => this.onTrace(e),
    });
  }

  private onTrace(e: TraceEvent): void {
    this.count++;
    if (this.hashing) this.hash = fnv1a(`${JSON.stringify(e)}\n`, this.hash);
    this.watcher?.feed(e);
    this.session.reached(this);
    this.history.add(e);
    if (e.type === 'metrics.sample') return;
    this.visible++;
    if (e.t !== this.lastTime) {
      this.lastTime = e.t;
      this.times.push(e.t);
      if (this.times.length > TIMES_LIMIT * 2) this.times.splice(0, TIMES_LIMIT);
    }
    this.recent.push(e);
    if (this.recent.length > RECENT_LIMIT * 2) this.recent.splice(0, RECENT_LIMIT);
    switch (e.type) {
      case 'hop':
        this.wires.add(e);
        return;
      case 'message.dropped':
        this.drops.push({
          t: e.t,
          at: this.session.dropAt(e),
          reason: e.reason,
          msgId: e.msgId,
          group: this.groupOf(e),
        });
        if (this.drops.length > DROP_LIMIT * 2) this.drops.splice(0, DROP_LIMIT);
        break;
      case 'handler.done':
        this.countHandling(e.msgId, e.instance);
        break;
      case 'load.started':
        this.loads = { ...this.loads, [e.route]: e.rps };
        break;
      case 'load.stopped':
        this.loads = { ...this.loads, [e.route]: 0 };
        break;
      default:
    }
    if (isLogged(e)) {
      this.pendingLog.push(e);
      if (this.pendingLog.length > LOG_LIMIT * 2) {
        // Only the newest LOG_LIMIT can be shown: the older ones only teach the translator.
        const old = this.pendingLog.splice(0, this.pendingLog.length - LOG_LIMIT);
        for (const o of old) this.translator.skip(o);
        this.logOverflow = true;
      }
    }
  }

  /** The request chain an event or hop belongs to. */
  groupOf(e: { msgId: string; reqId?: string }): string {
    return e.reqId ?? this.translator.groupOf(e.msgId);
  }

  private countHandling(msgId: string, instance: string) {
    const hash = instance.lastIndexOf('#');
    const service = hash > 0 ? instance.slice(0, hash) : instance;
    const key = `${msgId}|${service}`;
    const n = (this.handledBy.get(key) ?? 0) + 1;
    if (this.handledBy.size > 50_000) this.handledBy = new Map();
    this.handledBy.set(key, n);
    if (n > 1)
      this.dupCounts = { ...this.dupCounts, [service]: (this.dupCounts[service] ?? 0) + 1 };
  }

  /** The largest event time before `t` this engine has seen, if it still remembers one. */
  timeBefore(t: number): number | undefined {
    const times = this.times;
    for (let i = times.length - 1; i >= 0; i--) if (times[i]! < t) return times[i];
    return undefined;
  }
}

export class RunSession {
  readonly model: SimModel;
  readonly scenario: Record<string, unknown>;
  readonly seed: number;
  /** The learner's commands in file form, parallel to `commands`. */
  readonly steps: StepFields[];
  /** The same commands for the engine (shared with the live player). */
  readonly commands: ScriptStep[];
  /** Where the run file said to open (share link "at this moment"). */
  readonly openAt: number | undefined;
  /** The furthest time this branch has reached. */
  horizon = 0;
  private live: Live;
  /** History of the engine that went furthest on this branch (what the timeline shows). */
  private branch: History;
  /** Trace events of this branch so far (the frontier, in events). */
  private recorded = 0;
  private historyReset = false;
  private readonly metricsEveryMs: number;
  private readonly hashing: boolean;
  private readonly check: (step: StepFields) => string | null;
  private selected: string | null = null;
  // Endpoints and message numbers for the token arrays.
  private readonly endpoints: string[] = [];
  private readonly endpointIndex = new Map<string, number>();
  private endpointsSent = 0;
  private numbers = new Map<string, number>();
  private olderNumbers = new Map<string, number>();
  private infos = new Map<number, TokenInfo>();
  private olderInfos = new Map<number, TokenInfo>();
  private nextNumber = 1;
  private lastState = '';
  private readonly brokerId: string | null;

  constructor(run: RunValue, opts: SessionOptions = {}) {
    this.model = run.model;
    this.scenario = run.scenario;
    this.seed = run.seed;
    this.steps = [...run.steps];
    this.commands = [...run.commands];
    this.openAt = run.at;
    this.brokerId = run.model.broker?.id ?? null;
    this.metricsEveryMs = opts.metricsEveryMs ?? METRICS_EVERY_MS;
    this.hashing = opts.hashTrace ?? false;
    this.check = commandChecker(run.scenario);
    this.live = this.newLive();
    this.branch = this.live.history;
  }

  private watcherFactory: (() => TraceWatcher) | null = null;
  /** Commands `plan` put ahead of now on this branch. */
  private readonly planned = new Set<ScriptStep>();

  private newLive(): Live {
    const watcher = this.watcherFactory?.() ?? null;
    return new Live(this, this.model, this.commands, this.metricsEveryMs, this.hashing, watcher);
  }

  /**
   * Watch the run from now on with what `factory` builds (null stops). A rewind replays the run
   * from t = 0 with a fresh watcher, so a watcher sees the events of the straight run to now.
   */
  watch(factory: (() => TraceWatcher) | null): TraceWatcher | null {
    this.watcherFactory = factory;
    this.live.watcher = factory?.() ?? null;
    return this.live.watcher;
  }

  /** The engine's state now (without tokens in flight). */
  snapshot(): Snapshot {
    return this.live.player.sim.snapshot({ inFlight: false });
  }

  /** The watcher of the engine now playing (rebuilt by a rewind). */
  get watcher(): TraceWatcher | null {
    return this.live.watcher;
  }

  /**
   * Adds commands ahead of (or at) now to this branch — a lesson's demo, or its solution played
   * for the learner. Like acting, planning behind the frontier forks the run first. They are
   * recorded as the learner's commands: a saved run replays them.
   */
  plan(steps: readonly ScriptStep[]): Frame {
    const player = this.live.player;
    const now = player.sim.now;
    const accepted: ScriptStep[] = [];
    let refused: Refused[] | undefined;
    for (const s of steps) {
      const step: ScriptStep = {
        at: Math.max(Math.ceil(now), Math.ceil(s.at)),
        command: s.command,
      };
      const fields = commandToStep(step.at, step.command);
      const problem = this.check(fields);
      if (problem === null) accepted.push(step);
      else (refused ??= []).push({ step: fields, message: problem });
    }
    let run: RunDelta | undefined;
    if (accepted.length > 0) {
      this.forkIfBehind();
      const keep = Math.min(this.steps.length, player.applied);
      for (const step of accepted) {
        // Stable by time: after every command already due at the same moment.
        let i = this.commands.length;
        while (i > player.applied && this.commands[i - 1]!.at > step.at) i--;
        this.commands.splice(i, 0, step);
        this.steps.splice(i, 0, commandToStep(step.at, step.command));
        this.planned.add(step);
      }
      run = { keep, added: this.steps.slice(keep) };
    }
    return this.frame(true, { run, refused });
  }

  /** Called by a live engine before each of its events: is it at the branch's frontier? */
  reached(live: Live): void {
    if (live.count <= this.recorded) return;
    if (this.branch !== live.history) {
      // It caught up with the old frontier: its history is identical to what was sent.
      live.history.markSent();
      this.branch = live.history;
    }
    this.recorded = live.count;
  }

  /** Where a drop marker is drawn: a late or orphan reply dies at the gateway's ClientProxy. */
  dropAt(e: Extract<TraceEvent, { type: 'message.dropped' }>): string {
    if (e.reason === 'late-reply' || e.reason === 'client-gone') return this.model.gateway.id;
    return e.instance ?? this.brokerId ?? this.model.gateway.id;
  }

  get now(): SimTime {
    return this.live.player.sim.now;
  }

  /**
   * Runs to `until`, then applies `commands` (the learner's actions) and records them. With
   * commands the engine stops on a whole ms (every model time stays a whole number); acting
   * behind the branch's frontier forks the run.
   */
  advance(until: number, commands: readonly Command[] = [], withState = true): Frame {
    const player = this.live.player;
    let run: RunDelta | undefined;
    let refused: Refused[] | undefined;
    if (commands.length > 0) {
      const at = Math.max(player.sim.now, Math.ceil(until));
      player.advanceTo(at);
      const accepted: { command: Command; step: StepFields }[] = [];
      for (const command of commands) {
        const step = commandToStep(at, command);
        const problem = this.check(step);
        if (problem === null) accepted.push({ command, step });
        else (refused ??= []).push({ step, message: problem });
      }
      if (accepted.length > 0) {
        this.forkIfBehind();
        const keep = player.applied;
        for (const { command, step } of accepted) {
          this.steps.splice(player.applied, 0, step);
          player.record(command);
        }
        run = { keep, added: this.steps.slice(keep) };
      }
    } else player.advanceTo(Math.max(player.sim.now, until));
    return this.frame(withState, { run, refused });
  }

  /**
   * Acting behind the frontier: the commands ahead are dropped and this engine's past is the
   * branch. Commands planned ahead on this branch (a lesson's demo) are not a future to drop.
   */
  private forkIfBehind(): void {
    const live = this.live;
    const player = live.player;
    const unplanned = this.commands.slice(player.applied).some((c) => !this.planned.has(c));
    if (!unplanned && live.count >= this.recorded) return;
    this.planned.clear();
    player.dropFuture();
    this.steps.length = player.applied;
    this.branch = live.history;
    this.recorded = live.count;
    this.horizon = player.sim.now;
    this.historyReset = true;
  }

  /** The frame at `t` (clamped to ≥ 0): forward by running on, backward by replaying from 0. */
  seek(t: number): Frame {
    const target = Math.max(0, t);
    const flushed = this.branch.take();
    if (target < this.now) this.live = this.newLive();
    this.live.player.advanceTo(target);
    return this.frame(true, { logReset: true, flushed });
  }

  /** To the next moment something happens (metrics ticks alone do not count). */
  step(): Frame {
    const live = this.live;
    const player = live.player;
    const before = live.visible;
    // Bounded: a run with nothing but ticks ahead stops after a while instead of spinning.
    for (let i = 0; i < 10_000 && live.visible === before; i++) {
      const next = player.nextTime();
      if (next === undefined) break;
      player.advanceTo(Math.max(player.sim.now, next));
    }
    return this.frame(true, {});
  }

  /** Back to the previous moment something happened (t = 0 at the start). */
  stepBack(): Frame {
    const now = this.now;
    let prev = this.live.timeBefore(now);
    if (prev === undefined && now > 0) {
      // The live engine forgot that far back: find it with a bare replay.
      let last = 0;
      const probe = createRunPlayer(this.model, this.commands.slice(), {
        metricsEveryMs: this.metricsEveryMs,
        onTrace: (e) => {
          if (e.t < now && e.type !== 'metrics.sample') last = e.t;
        },
      });
      probe.advanceTo(now);
      prev = last;
    }
    return this.seek(prev ?? 0);
  }

  /** The selected request chain (tokens and drops of it carry FLAG_SELECTED). */
  select(id: string | null): void {
    this.selected = id;
  }

  /** What a token's number names, while it is remembered. */
  describe(id: number): TokenInfo | null {
    return this.infos.get(id) ?? this.olderInfos.get(id) ?? null;
  }

  /** Every kept hop of a message with its wire envelope (the inspector). */
  wire(msgId: string): WireHopView[] {
    return this.live.wires.get(msgId);
  }

  /** The waterfall of the request chain of `id` (a request or message id), up to now. */
  waterfall(id: string): Waterfall | null {
    return waterfallOf(this.live.recent, id, this.now);
  }

  /** The hops of the last `n` messages (the sequence view), each with its request chain. */
  sequence(order: readonly string[], n: number): Sequence & { groups: string[] } {
    const seq = sequenceOf(this.live.recent, order, n);
    return { ...seq, groups: seq.arrows.map((a) => this.live.groupOf({ msgId: a.msgId })) };
  }

  /** The run as data (to start another session on the same run). */
  runValue(): RunValue {
    return {
      model: this.model,
      scenario: this.scenario,
      seed: this.seed,
      steps: this.steps.slice(),
      commands: this.commands.slice(),
    };
  }

  /** The run file of this branch, opening at `at` (default: now). */
  runFile(at: number = this.now): Record<string, unknown> {
    return runFile({
      scenario: this.scenario,
      seed: this.seed,
      steps: this.steps.filter((s) => s.at <= at),
      at: Math.floor(at),
    });
  }

  /** FNV-1a of the NDJSON trace so far (only with `hashTrace`), and how many events it covers. */
  traceHash(): { hash: string; events: number; now: number } {
    return {
      hash: this.live.hash.toString(16).padStart(8, '0'),
      events: this.live.count,
      now: this.now,
    };
  }

  // ───────────── the frame ─────────────

  private frame(
    withState: boolean,
    extra: {
      run?: RunDelta | undefined;
      refused?: Refused[] | undefined;
      logReset?: boolean;
      flushed?: HistoryDelta | undefined;
    },
  ): Frame {
    const live = this.live;
    const sim = live.player.sim;
    const now = sim.now;
    if (now > this.horizon) this.horizon = now;
    const frame: Frame = {
      now,
      horizon: this.horizon,
      tokens: this.tokens(),
      drops: this.drops(),
      quiet: live.player.isDone(),
    };
    if (this.endpoints.length > this.endpointsSent) {
      frame.endpoints = this.endpoints.slice();
      this.endpointsSent = this.endpoints.length;
    }
    if (withState || extra.logReset) {
      const state = this.state();
      const json = JSON.stringify(state);
      if (json !== this.lastState || extra.logReset) {
        this.lastState = json;
        frame.state = state;
      }
    }
    // New log lines ride with the state (~10× a second while playing), not every frame: the page
    // publishes the log no more often than that, and cloning lines per frame cost more than drawing.
    if (withState || extra.logReset) {
      const log = this.takeLog(extra.logReset === true);
      if (log) frame.log = log;
    }
    const history: HistoryDelta[] = [];
    if (extra.flushed) history.push(extra.flushed);
    if (this.historyReset) {
      this.historyReset = false;
      history.push(this.branch.full());
    } else if (this.branch === live.history) {
      const d = this.branch.take();
      if (d) history.push(d);
    }
    if (history.length > 0) frame.history = history;
    if (extra.run) frame.run = extra.run;
    if (extra.refused) frame.refused = extra.refused;
    return frame;
  }

  private state(): SimState {
    const { inFlight: _omit, ...snap } = this.live.player.sim.snapshot({ inFlight: false });
    void _omit;
    return { ...snap, duplicatesByService: this.live.dupCounts, loads: this.live.loads };
  }

  /** New log lines since the last frame; with `reset`, the whole log as it reads now. */
  private takeLog(reset: boolean): Frame['log'] | undefined {
    const live = this.live;
    const pending = live.pendingLog;
    if (pending.length === 0 && !reset) return undefined;
    live.pendingLog = [];
    const from = Math.max(0, pending.length - LOG_LIMIT);
    for (let i = 0; i < from; i++) live.translator.skip(pending[i]!);
    // Translation runs oldest first (it remembers labels); the log shows newest first.
    const lines: LogEntry[] = [];
    for (let i = from; i < pending.length; i++) {
      const line = live.translator.translate(pending[i]!);
      if (line) lines.push(line);
    }
    lines.reverse();
    const overflow = live.logOverflow || from > 0;
    live.logOverflow = false;
    const shown = overflow ? lines : lines.concat(live.shown);
    if (shown.length > LOG_LIMIT) shown.length = LOG_LIMIT;
    live.shown = shown;
    // At most LOG_SENT lines cross: the log panel shows no more; more new ones replace it.
    if (reset || overflow || lines.length > LOG_SENT)
      return { reset: true, lines: shown.slice(0, LOG_SENT) };
    return lines.length > 0 ? { reset: false, lines } : undefined;
  }

  private endpoint(id: string): number {
    let i = this.endpointIndex.get(id);
    if (i === undefined) {
      i = this.endpoints.length;
      this.endpoints.push(id);
      this.endpointIndex.set(id, i);
    }
    return i;
  }

  private number(msgId: string, group: string): number {
    let n = this.numbers.get(msgId);
    if (n !== undefined) return n;
    n = this.olderNumbers.get(msgId);
    if (n === undefined) {
      n = this.nextNumber++;
      if (this.numbers.size >= MESSAGE_GENERATION) {
        this.olderNumbers = this.numbers;
        this.olderInfos = this.infos;
        this.numbers = new Map();
        this.infos = new Map();
      }
    }
    this.numbers.set(msgId, n);
    this.infos.set(n, { msgId, group });
    return n;
  }

  private isSelected(group: string, msgId: string): boolean {
    const s = this.selected;
    return s !== null && (group === s || msgId === s);
  }

  private tokens(): TokenArrays {
    const live = this.live;
    const hops = live.player.sim.hopsInFlight() as readonly (Hop & { t: number; reqId?: string })[];
    const a = tokenArrays(hops.length);
    for (let i = 0; i < hops.length; i++) {
      const h = hops[i]!;
      const group = live.groupOf(h);
      a.from[i] = this.endpoint(h.from);
      a.to[i] = this.endpoint(h.to);
      a.kind[i] = KIND_INDEX[h.kind];
      a.flags[i] = this.isSelected(group, h.msgId) ? FLAG_SELECTED : 0;
      a.t[i] = h.t;
      a.arriveAt[i] = h.arriveAt;
      a.id[i] = this.number(h.msgId, group);
    }
    return a;
  }

  private drops(): DropArrays {
    const now = this.now;
    const recent = this.live.drops.filter((d) => d.t <= now && now - d.t <= DROP_SHOW_MS);
    const shown = recent.length > DROP_LIMIT ? recent.slice(recent.length - DROP_LIMIT) : recent;
    const a = dropArrays(shown.length);
    shown.forEach((d, i) => {
      a.at[i] = this.endpoint(d.at);
      a.t[i] = d.t;
      a.flags[i] = this.isSelected(d.group, d.msgId) ? FLAG_SELECTED : 0;
      a.reason[i] = REASON_INDEX[d.reason as keyof typeof REASON_INDEX] ?? 0;
      a.id[i] = this.number(d.msgId, d.group);
    });
    return a;
  }
}

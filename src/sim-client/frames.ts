/**
 * Applying the worker's frames to the page: the token and drop arrays become the render frame
 * (read by the canvas in its own draw loop, never through React), the state goes into the
 * mirror, new log lines into the log (published at most every LOG_FLUSH_MS while playing),
 * history deltas into the history store, the run's command changes into the run mirror. One
 * frame, one store write at most per store.
 */
import type { DropArrays, Frame, TokenArrays } from '../run/frame';
import { dropArrays, emptyTokens } from '../run/frame';
import {
  applyHistory,
  LOG_LIMIT,
  mirrorOf,
  simStore,
  type LogEntry,
  type SimMirror,
} from '../state';

/** What the canvas draws: the newest frame's tokens and drops, endpoints by index. */
export interface RenderFrame {
  readonly tokens: TokenArrays;
  readonly drops: DropArrays;
  readonly endpoints: readonly string[];
  /** Engine time of the frame. */
  readonly now: number;
}

/** Wall ms between event-log publications while playing. */
export const LOG_FLUSH_MS = 100;

export class FrameSink {
  render: RenderFrame = {
    tokens: emptyTokens(),
    drops: dropArrays(0),
    endpoints: [],
    now: 0,
  };
  /** The newest frame's horizon (the mirror gets it with the state, or on pause). */
  horizon = 0;
  private pendingLines: LogEntry[] = [];
  private logReset = false;
  private lastFlush = 0;

  /** Forget the run (a new scenario): empty canvas, empty log. */
  clear(): void {
    this.render = { tokens: emptyTokens(), drops: dropArrays(0), endpoints: [], now: 0 };
    this.pendingLines = [];
    this.logReset = false;
  }

  /**
   * Applies one frame. `extra` is merged into the same mirror write (phase, quiet …). Returns
   * true when the render frame changed (the canvas redraws).
   */
  apply(f: Frame, extra: Partial<SimMirror> = {}): void {
    this.render = {
      tokens: f.tokens,
      drops: f.drops,
      endpoints: f.endpoints ?? this.render.endpoints,
      now: f.now,
    };
    if (f.log) {
      if (f.log.reset) {
        this.pendingLines = f.log.lines;
        this.logReset = true;
      } else {
        this.pendingLines = f.log.lines.concat(this.pendingLines);
        if (this.pendingLines.length > LOG_LIMIT) this.pendingLines.length = LOG_LIMIT;
      }
    }
    if (f.history) applyHistory(f.history);
    this.horizon = f.horizon;
    const prev = simStore.getState();
    const patch: Partial<SimMirror> = { ...extra };
    if (f.state) Object.assign(patch, mirrorOf(prev, f.state));
    if (f.quiet !== prev.quiet) patch.quiet = f.quiet;
    // Published with the state (~10×/s while playing), not every frame: the timeline reads it.
    if (f.horizon !== prev.horizon && (f.state || f.horizon < prev.horizon))
      patch.horizon = f.horizon;
    // The horizon only shrinks when the learner acted behind it: the run forked there.
    if (f.horizon < prev.horizon && prev.phase === 'ready')
      patch.fork = { at: f.horizon, seq: (prev.fork?.seq ?? 0) + 1 };
    if (f.run) {
      const steps = prev.run.steps.slice(0, f.run.keep).concat(f.run.added);
      patch.run = { ...prev.run, steps };
    }
    if (Object.keys(patch).length > 0) simStore.setState(patch);
  }

  /** Publishes pending log lines (at most every LOG_FLUSH_MS unless forced). */
  flushLog(force: boolean, wall: number, everyMs = LOG_FLUSH_MS): void {
    if (this.pendingLines.length === 0 && !this.logReset) return;
    if (!force && !this.logReset && wall - this.lastFlush < everyMs) return;
    this.lastFlush = wall;
    const lines = this.pendingLines;
    this.pendingLines = [];
    let log: LogEntry[];
    if (this.logReset) log = lines.slice(0, LOG_LIMIT);
    else {
      log = lines.concat(simStore.getState().log);
      if (log.length > LOG_LIMIT) log.length = LOG_LIMIT;
    }
    this.logReset = false;
    simStore.setState({ log });
  }

  get hasPendingLog(): boolean {
    return this.pendingLines.length > 0 || this.logReset;
  }
}

/**
 * What crosses from the worker to the main thread once per animation frame: the tokens to draw as
 * a struct of typed arrays (transferred, not copied), and only what changed besides — the state
 * when it changed, the newest log lines, new history. Main-thread work per frame then follows
 * what is drawn, never the number of engine events.
 */
import type { DropReason, MessageKind, Snapshot } from '../engine/types';
import type { LogEntry } from '../trace/log';
import type { HistoryDelta } from './history';
import type { StepFields } from '../scenario/actions';

/** Message kinds by index (`TokenArrays.kind`); also the canvas's paint order. */
export const MESSAGE_KINDS: readonly MessageKind[] = [
  'request',
  'reply',
  'event',
  'http',
  'http-response',
  'error',
];
export const KIND_INDEX: Readonly<Record<MessageKind, number>> = Object.fromEntries(
  MESSAGE_KINDS.map((k, i) => [k, i]),
) as Record<MessageKind, number>;

/** Drop reasons by index (`DropArrays.reason`). */
export const DROP_REASONS: readonly DropReason[] = [
  'late-reply',
  'no-subscribers',
  'instance-down',
  'no-handler',
  'no-queue',
  'client-gone',
  'broker-down',
  'broker-restart',
  'nacked',
  'loss',
  'partition',
  'capacity',
];
export const REASON_INDEX: Readonly<Record<DropReason, number>> = Object.fromEntries(
  DROP_REASONS.map((r, i) => [r, i]),
) as Record<DropReason, number>;

/**
 * Virtual ms a drop marker stays on the canvas (fading out). Tied to the sim clock like tokens:
 * paused, the ✕ stays where the message died; at 1× it fades over about 1.6 s of wall time.
 */
export const DROP_SHOW_MS = 80;

/** `flags` bit: the token or drop belongs to the selected request chain. */
export const FLAG_SELECTED = 1;

/** Tokens in flight at the frame's time: index i of every array is one hop on one link. */
export interface TokenArrays {
  count: number;
  /** Endpoints (node or instance ids) as indexes into the endpoint table. */
  from: Uint16Array;
  to: Uint16Array;
  /** Index into MESSAGE_KINDS. */
  kind: Uint8Array;
  flags: Uint8Array;
  /** Send and arrival times (virtual ms): progress = (clock − t) / (arriveAt − t). */
  t: Float64Array;
  arriveAt: Float64Array;
  /** The message's number (`describe(id)` names it). */
  id: Uint32Array;
}

/** Messages discarded recently (drawn as a fading ✕ where they died). */
export interface DropArrays {
  count: number;
  /** Endpoint index where it is drawn (instance, gateway or broker). */
  at: Uint16Array;
  t: Float64Array;
  flags: Uint8Array;
  /** Index into DROP_REASONS. */
  reason: Uint8Array;
  id: Uint32Array;
}

/** The snapshot the UI mirrors: tokens travel through `tokens`, not here. */
export type SimState = Omit<Snapshot, 'inFlight'> & {
  /** Duplicate handler executions per service (the same message handled again by one service). */
  duplicatesByService: Record<string, number>;
  /** Running load generators: req/s by route. */
  loads: Record<string, number>;
};

/** The run's commands as they changed in this call. */
export interface RunDelta {
  /** Commands kept from before (a fork drops the rest). */
  keep: number;
  /** New commands (script-step form), appended after `keep`. */
  added: StepFields[];
}

/** A command the worker refused (it would not make a valid run file), with the reason. */
export interface Refused {
  step: StepFields;
  message: string;
}

export interface Frame {
  /** The engine's time. */
  now: number;
  /** The furthest time this branch of the run has reached (≥ now after a rewind). */
  horizon: number;
  tokens: TokenArrays;
  drops: DropArrays;
  /** The whole endpoint table, when it grew since the previous frame. */
  endpoints?: string[];
  /** Present when it changed (or when asked for and never sent). */
  state?: SimState;
  /** New log lines, newest first; `reset`: they replace the log (after a seek). */
  log?: { reset: boolean; lines: LogEntry[] };
  /** New history, in order (a flush of the old branch first, then this one's). */
  history?: HistoryDelta[];
  run?: RunDelta;
  refused?: Refused[];
  /** Nothing left to happen: the engine is quiet and every command is applied. */
  quiet: boolean;
}

/** The ArrayBuffers of a frame, for `postMessage`'s transfer list. */
export function frameBuffers(f: Frame): ArrayBuffer[] {
  const t = f.tokens;
  const d = f.drops;
  return [
    t.from,
    t.to,
    t.kind,
    t.flags,
    t.t,
    t.arriveAt,
    t.id,
    d.at,
    d.t,
    d.flags,
    d.reason,
    d.id,
  ].map((a) => a.buffer as ArrayBuffer);
}

export function emptyTokens(): TokenArrays {
  return tokenArrays(0);
}

export function tokenArrays(n: number): TokenArrays {
  return {
    count: n,
    from: new Uint16Array(n),
    to: new Uint16Array(n),
    kind: new Uint8Array(n),
    flags: new Uint8Array(n),
    t: new Float64Array(n),
    arriveAt: new Float64Array(n),
    id: new Uint32Array(n),
  };
}

export function dropArrays(n: number): DropArrays {
  return {
    count: n,
    at: new Uint16Array(n),
    t: new Float64Array(n),
    flags: new Uint8Array(n),
    reason: new Uint8Array(n),
    id: new Uint32Array(n),
  };
}

/**
 * Autosave: the learner's scenario (its text, where it came from, their transport edits) and UI
 * choices (language, speed) kept in localStorage, so a reload or a closed tab loses nothing.
 *
 * Everything read back is untrusted (another version, another tab, a browser extension, a full
 * disk): an unreadable value is copied to `brokerlab:backup:<ms>` and removed, and the app starts
 * with its defaults; a write that does not fit (QuotaExceededError) is reported once, never thrown.
 * Storage is injected so the rules are unit-tested in Node.
 */
import { LANGS, TRANSPORT_KINDS, type Lang, type TransportKind } from '../../shared';
import type { OptionEdits, ServiceEdit, TransportEdits } from '../../state';
import type { ScenarioOrigin, ScenarioSource } from './source';

export const SESSION_KEY = 'brokerlab:session';
export const BACKUP_PREFIX = 'brokerlab:backup:';
/** The session format; a value with another `v` is backed up, not guessed at. */
export const SESSION_VERSION = 1;
/** A scenario is a few KB; anything near the worker's 2 MB cap is not ours. */
export const MAX_SAVED_TEXT = 2_000_000;
export const AUTOSAVE_DELAY_MS = 400;

export interface SavedSession {
  v: typeof SESSION_VERSION;
  savedAt: number;
  scenario: ScenarioSource;
  edits: TransportEdits;
  lang: Lang;
  speed: number;
  /**
   * The learner's run: their commands (script-step form, as the worker recorded them), the seed
   * and the moment they were at. Absent in sessions saved before runs existed (then t = 0).
   */
  run?: SavedRun;
}

export interface SavedRun {
  seed: number;
  at: number;
  steps: Record<string, unknown>[];
}

/** Steps kept at most in a saved session (a run file holds more; autosave stays small). */
export const MAX_SAVED_STEPS = 20_000;

/** A saved run from untrusted JSON (the worker validates the steps themselves), or null. */
function readRun(v: unknown): SavedRun | null {
  if (!isObj(v)) return null;
  if (!(typeof v.seed === 'number' && Number.isSafeInteger(v.seed) && v.seed >= 0)) return null;
  if (!(typeof v.at === 'number' && Number.isFinite(v.at) && v.at >= 0)) return null;
  if (!Array.isArray(v.steps) || v.steps.length > MAX_SAVED_STEPS || !v.steps.every(isObj))
    return null;
  return { seed: v.seed, at: v.at, steps: v.steps };
}

/** The subset of `Storage` used here (a fake one in tests). */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export type ReadResult =
  | { kind: 'none' }
  | { kind: 'ok'; session: SavedSession }
  /** `backupKey` null: the copy did not fit either (the original is removed anyway). */
  | { kind: 'corrupt'; backupKey: string | null }
  | { kind: 'unavailable' };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isKind = (v: unknown): v is TransportKind =>
  typeof v === 'string' && (TRANSPORT_KINDS as readonly string[]).includes(v);
const ORIGINS: readonly ScenarioOrigin[] = ['bundled', 'imported', 'shared'];

/** The storage, or null when the browser refuses it (privacy mode, sandboxed iframe). */
export function browserStorage(): StorageLike | null {
  try {
    const s = window.localStorage;
    return s ?? null;
  } catch {
    return null;
  }
}

function readOptions(v: unknown): OptionEdits | null {
  if (!isObj(v)) return null;
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || typeof x === 'string' || typeof x === 'boolean') out[k] = x;
    else if (typeof x === 'number' && Number.isFinite(x)) out[k] = x;
    else return null;
  }
  return out as OptionEdits;
}

/** Transport edits from untrusted JSON, or null if the shape is wrong. */
export function readEdits(v: unknown): TransportEdits | null {
  if (!isObj(v) || !isObj(v.services)) return null;
  if (v.kind !== undefined && !isKind(v.kind)) return null;
  const services: Record<string, ServiceEdit> = {};
  for (const [id, e] of Object.entries(v.services)) {
    if (!isObj(e)) return null;
    if (e.kind !== undefined && !isKind(e.kind)) return null;
    const options = e.options === undefined ? undefined : readOptions(e.options);
    if (options === null) return null;
    services[id] = {
      ...(e.kind !== undefined ? { kind: e.kind } : {}),
      ...(options ? { options } : {}),
    };
  }
  return { ...(v.kind !== undefined ? { kind: v.kind } : {}), services };
}

/** A session from untrusted JSON text, or null if anything about it is off. */
export function parseSession(raw: string): SavedSession | null {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isObj(v) || v.v !== SESSION_VERSION || !isObj(v.scenario)) return null;
  const s = v.scenario;
  if (typeof s.name !== 'string' || s.name.length === 0 || s.name.length > 200) return null;
  if (typeof s.text !== 'string' || s.text.length > MAX_SAVED_TEXT) return null;
  if (!ORIGINS.includes(s.origin as ScenarioOrigin)) return null;
  if (s.seed !== undefined && !(typeof s.seed === 'number' && Number.isSafeInteger(s.seed)))
    return null;
  const edits = readEdits(v.edits);
  if (!edits) return null;
  if (!(LANGS as readonly unknown[]).includes(v.lang)) return null;
  if (typeof v.speed !== 'number' || !Number.isFinite(v.speed) || v.speed <= 0) return null;
  const run = v.run === undefined ? undefined : readRun(v.run);
  if (run === null) return null;
  return {
    v: SESSION_VERSION,
    savedAt: typeof v.savedAt === 'number' ? v.savedAt : 0,
    scenario: {
      name: s.name,
      text: s.text,
      origin: s.origin as ScenarioOrigin,
      ...(typeof s.seed === 'number' ? { seed: s.seed } : {}),
    },
    edits,
    lang: v.lang as Lang,
    speed: v.speed,
    ...(run ? { run } : {}),
  };
}

/** Keep an unreadable value under a backup key; returns the key, or null if it did not fit. */
export function backUp(storage: StorageLike, raw: string, now: number): string | null {
  const key = `${BACKUP_PREFIX}${now}`;
  try {
    storage.setItem(key, raw);
    return key;
  } catch {
    return null;
  }
}

/** Read the saved session; an unreadable one is backed up and removed (never thrown). */
export function readSession(storage: StorageLike | null, now = Date.now()): ReadResult {
  if (!storage) return { kind: 'unavailable' };
  let raw: string | null;
  try {
    raw = storage.getItem(SESSION_KEY);
  } catch {
    return { kind: 'unavailable' };
  }
  if (raw === null) return { kind: 'none' };
  const session = parseSession(raw);
  if (session) return { kind: 'ok', session };
  return { kind: 'corrupt', backupKey: discard(storage, raw, now) };
}

/** Back up `raw` and remove the session key (used when a restored session fails to load too). */
export function discard(storage: StorageLike, raw: string, now = Date.now()): string | null {
  const backupKey = backUp(storage, raw, now);
  try {
    storage.removeItem(SESSION_KEY);
  } catch {
    /* nothing more we can do: the defaults still start */
  }
  return backupKey;
}

export function clearSession(storage: StorageLike | null): void {
  try {
    storage?.removeItem(SESSION_KEY);
  } catch {
    /* ignore: start fresh still opens the default scenario */
  }
}

export function isQuotaError(e: unknown): boolean {
  return (
    typeof DOMException !== 'undefined' &&
    e instanceof DOMException &&
    (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e.code === 22)
  );
}

export type SaveOutcome = 'saved' | 'quota' | 'failed';

/** Write the session; a full or refusing storage is an outcome, not an exception. */
export function writeSession(storage: StorageLike, session: SavedSession): SaveOutcome {
  try {
    storage.setItem(SESSION_KEY, JSON.stringify(session));
    return 'saved';
  } catch (e) {
    return isQuotaError(e) ? 'quota' : 'failed';
  }
}

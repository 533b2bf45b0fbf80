/**
 * Lesson progress kept in the browser (`brokerlab:lessons`, versioned): per lesson, the furthest
 * step reached, the goals met, the quiz answers, a challenge's best score (v2; a v1 value is read
 * as having none). Read back as untrusted: an unreadable value is
 * backed up (as the autosave does) and progress starts empty, with a notice.
 */
import { notify, type LessonProgress } from '../../state';
import { backUp, browserStorage, type StorageLike } from './session';

export const PROGRESS_KEY = 'brokerlab:lessons';
export const PROGRESS_VERSION = 2;

type Saved = { v: typeof PROGRESS_VERSION; lessons: Record<string, LessonProgress> };
/** Versions this code reads: v1 had no `best`. */
const READABLE: readonly unknown[] = [1, PROGRESS_VERSION];

const isIndex = (n: unknown): n is number =>
  Number.isInteger(n) && (n as number) >= 0 && (n as number) < 64;

function parseProgress(v: unknown): LessonProgress | null {
  if (typeof v !== 'object' || v === null) return null;
  const p = v as Record<string, unknown>;
  if (!isIndex(p.reached) || !Array.isArray(p.met) || !p.met.every(isIndex)) return null;
  if (typeof p.quiz !== 'object' || p.quiz === null || Array.isArray(p.quiz)) return null;
  const quiz: Record<number, number> = {};
  for (const [k, a] of Object.entries(p.quiz)) {
    if (!isIndex(Number(k)) || !isIndex(a)) return null;
    quiz[Number(k)] = a;
  }
  const best: Record<number, number> = {};
  if (p.best !== undefined) {
    if (typeof p.best !== 'object' || p.best === null || Array.isArray(p.best)) return null;
    for (const [k, score] of Object.entries(p.best)) {
      if (!isIndex(Number(k)) || !Number.isInteger(score) || (score as number) < 0) return null;
      best[Number(k)] = score as number;
    }
  }
  return { reached: p.reached, met: [...new Set(p.met)], quiz, best };
}

/** Every lesson's progress; `backupKey` when what was stored could not be read. */
export function readProgress(
  storage: StorageLike | null,
  now = Date.now(),
): { lessons: Record<string, LessonProgress>; backupKey?: string | null } {
  const raw = storage?.getItem(PROGRESS_KEY) ?? null;
  if (raw === null || storage === null) return { lessons: {} };
  try {
    const v = JSON.parse(raw) as Partial<Saved>;
    if (!READABLE.includes(v.v) || typeof v.lessons !== 'object' || v.lessons === null)
      throw new Error('not ours');
    const lessons: Record<string, LessonProgress> = {};
    for (const [id, p] of Object.entries(v.lessons)) {
      const ok = parseProgress(p);
      if (!ok) throw new Error(`lesson ${id}`);
      lessons[id] = ok;
    }
    return { lessons };
  } catch {
    const backupKey = backUp(storage, raw, now);
    storage.removeItem(PROGRESS_KEY);
    return { lessons: {}, backupKey };
  }
}

export function writeProgress(
  storage: StorageLike | null,
  lessons: Record<string, LessonProgress>,
): void {
  try {
    storage?.setItem(
      PROGRESS_KEY,
      JSON.stringify({ v: PROGRESS_VERSION, lessons } satisfies Saved),
    );
  } catch {
    // A full disk: progress is a convenience, the lesson goes on (the autosave reports quota).
  }
}

/** Reads the stored progress once at startup (a corrupt value is reported). */
export function loadProgress(): Record<string, LessonProgress> {
  const r = readProgress(browserStorage());
  if (r.backupKey !== undefined)
    notify(
      r.backupKey
        ? { id: 'storage', tone: 'error', key: 'lessons.corrupt', params: { key: r.backupKey } }
        : { id: 'storage', tone: 'error', key: 'session.corruptNoBackup' },
    );
  return r.lessons;
}

export const saveProgress = (lessons: Record<string, LessonProgress>): void =>
  writeProgress(browserStorage(), lessons);

import { describe, expect, it } from 'vitest';
import { PROGRESS_KEY, readProgress, writeProgress } from './lessonProgress';
import type { StorageLike } from './session';

const memory = (
  init: Record<string, string> = {},
): StorageLike & { data: Record<string, string> } => {
  const data = { ...init };
  return {
    data,
    getItem: (k) => data[k] ?? null,
    setItem: (k, v) => void (data[k] = v),
    removeItem: (k) => void delete data[k],
  };
};

describe('lesson progress in the browser', () => {
  it('round-trips what a learner did', () => {
    const s = memory();
    const lessons = { 'first-request': { reached: 2, met: [1], quiz: { 2: 1 } } };
    writeProgress(s, lessons);
    expect(readProgress(s)).toEqual({ lessons });
  });

  it('backs up what it cannot read and starts afresh, instead of crashing or guessing', () => {
    for (const raw of [
      '{not json',
      JSON.stringify({ v: 99, lessons: {} }),
      JSON.stringify({ v: 1, lessons: { x: { reached: -1, met: [], quiz: {} } } }),
      JSON.stringify({ v: 1, lessons: { x: { reached: 1, met: ['a'], quiz: {} } } }),
    ]) {
      const s = memory({ [PROGRESS_KEY]: raw });
      const r = readProgress(s, 123);
      expect(r.lessons).toEqual({});
      expect(r.backupKey).toBe('brokerlab:backup:123');
      expect(s.data['brokerlab:backup:123']).toBe(raw);
      expect(s.data[PROGRESS_KEY]).toBeUndefined();
    }
  });
});

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
    const lessons = {
      'first-request': { reached: 2, met: [1], quiz: { 2: 1 }, best: {} },
      'challenge-capacity': { reached: 1, met: [1], quiz: { 0: 2 }, best: { 1: 3 } },
    };
    writeProgress(s, lessons);
    expect(JSON.parse(s.data[PROGRESS_KEY]!)).toMatchObject({ v: 2 });
    expect(readProgress(s)).toEqual({ lessons });
  });

  it('reads progress saved by the previous version (v1, before challenges) with no best score', () => {
    const v1 = { v: 1, lessons: { 'first-request': { reached: 2, met: [1], quiz: { 2: 1 } } } };
    const s = memory({ [PROGRESS_KEY]: JSON.stringify(v1) });
    expect(readProgress(s)).toEqual({
      lessons: { 'first-request': { reached: 2, met: [1], quiz: { 2: 1 }, best: {} } },
    });
  });

  it('backs up what it cannot read and starts afresh, instead of crashing or guessing', () => {
    for (const raw of [
      '{not json',
      JSON.stringify({ v: 99, lessons: {} }),
      JSON.stringify({ v: 1, lessons: { x: { reached: -1, met: [], quiz: {} } } }),
      JSON.stringify({ v: 1, lessons: { x: { reached: 1, met: ['a'], quiz: {} } } }),
      JSON.stringify({ v: 2, lessons: { x: { reached: 1, met: [], quiz: {}, best: { 1: -3 } } } }),
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

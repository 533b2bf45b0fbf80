/**
 * Challenges: the score a learner's run gets, the par the solver computes from the reference
 * solution, and both as the worker reports them live (LessonRun) — after a rewind too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../engine/types';
import { LessonRun } from './live';
import { parseLessonText, type Lesson } from './load';
import { createScoreTracker } from './score';
import { reportOf, solveLesson } from './solver';

const dir = new URL('../../simulations/', import.meta.url);
const scenarios = new Map<string, unknown>(
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.slice(0, -5), JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as unknown]),
);

/** A lesson file, optionally with step `step`'s solution replaced (another learner's attempt). */
function lesson(id: string, attempt?: { step: number; solution: unknown[] }): Lesson {
  const file = JSON.parse(readFileSync(new URL(`lessons/${id}.json`, dir), 'utf8')) as {
    steps: { solution?: unknown[] }[];
  };
  if (attempt) file.steps[attempt.step]!.solution = attempt.solution;
  const r = parseLessonText(JSON.stringify(file), scenarios);
  if (!r.ok) throw new Error(r.error.map((i) => `${i.path}: ${i.message}`).join('; '));
  return r.value;
}

const ev = (e: object) => e as TraceEvent;

describe('score trackers', () => {
  it('instances: the peak running at once since the step began, per service when named', () => {
    const s = createScoreTracker({ score: 'instances', service: 'orders' }, 1000, [
      'orders#1',
      'notifications#1',
    ]);
    s.feed(ev({ type: 'instance.starting', t: 500, instance: 'orders#2' })); // before the step
    s.feed(ev({ type: 'instance.down', t: 600, instance: 'orders#2' }));
    expect(s.value()).toBe(1);
    s.feed(ev({ type: 'instance.starting', t: 1200, instance: 'orders#2' }));
    s.feed(ev({ type: 'instance.starting', t: 1300, instance: 'notifications#2' }));
    s.feed(ev({ type: 'instance.starting', t: 1400, instance: 'orders#3' }));
    s.feed(ev({ type: 'instance.down', t: 1500, instance: 'orders#3' }));
    expect(s.value()).toBe(3);
  });

  it('lost: an event dropped for one subscriber but handled by another is not lost', () => {
    const s = createScoreTracker({ score: 'lost' }, 0, []);
    s.feed(ev({ type: 'client.emit', t: 1, msgId: 'm1', pattern: 'x', to: [] }));
    s.feed(ev({ type: 'client.emit', t: 1, msgId: 'm2', pattern: 'x', to: [] }));
    s.feed(ev({ type: 'message.dropped', t: 2, msgId: 'm1', reason: 'instance-down' }));
    s.feed(ev({ type: 'message.dropped', t: 2, msgId: 'm2', reason: 'no-subscribers' }));
    s.feed(
      ev({ type: 'handler.done', t: 3, msgId: 'm1', instance: 'n#2', ok: true, pattern: 'x' }),
    );
    expect(s.value()).toBe(1);
  });
});

describe('challenge lessons: par comes from the reference solution', () => {
  it('capacity: par 3 instances; 2 instances, even with a quick restart, miss the requirement', () => {
    expect(
      reportOf(lesson('challenge-capacity'), solveLesson(lesson('challenge-capacity'))).steps[1],
    ).toMatchObject({
      hasGoal: true,
      solvedBySolution: true,
      challenge: { score: 'instances', par: 3 },
    });
    const two = lesson('challenge-capacity', {
      step: 1,
      solution: [
        { at: 0, scale: 'orders', replicas: 2 },
        { at: 4000, restart: 'orders#1' },
      ],
    });
    expect(solveLesson(two)[1]).toMatchObject({
      solvedBySolution: false,
      challenge: { score: 'instances' },
    });
    expect(solveLesson(two)[1]!.challenge?.par).toBeUndefined();
  });

  it('lost events: par 0 with a second subscriber; restarting after the crash scores worse', () => {
    expect(solveLesson(lesson('challenge-lost-events'))[1]!.challenge).toEqual({
      score: 'lost',
      par: 0,
    });
    const restart = lesson('challenge-lost-events', {
      step: 1,
      solution: [{ at: 2600, restart: 'notifications#1' }],
    });
    const d = solveLesson(restart)[1]!;
    expect(d.solvedBySolution).toBe(true);
    expect(d.challenge?.par).toBeGreaterThan(10);
  });
});

describe('LessonRun reports the learner’s score against par', () => {
  it('a restart after the crash meets the requirement with lost events > par; a rewind before the crash loses none', () => {
    const run = new LessonRun(lesson('challenge-lost-events'));
    run.goto(1);
    const origin = run.status().origin;
    expect(run.status().challenge).toEqual({ score: 'lost', value: 0, par: 0 });
    run.session.advance(origin + 2600);
    run.session.advance(origin + 2650, [{ type: 'restart', instance: 'notifications#1' }]);
    run.session.advance(origin + 7000);
    const done = run.status();
    expect(done.met).toBe(true);
    expect(done.challenge!.value).toBeGreaterThan(10);
    expect(done.challenge!.par).toBe(0);
    run.session.seek(origin + 2000);
    expect(run.status()).toMatchObject({ met: false, challenge: { value: 0 } });
  });

  it('scaling out before the kill scores the instances it ran', () => {
    const run = new LessonRun(lesson('challenge-capacity'));
    run.goto(1);
    const origin = run.status().origin;
    run.session.advance(origin + 100, [{ type: 'scale', service: 'orders', replicas: 3 }]);
    run.session.advance(origin + 10_000);
    expect(run.status()).toMatchObject({
      met: true,
      challenge: { score: 'instances', value: 3, par: 3 },
    });
  });
});

/**
 * A lesson followed as the app does it (the worker's LessonRun): a step's demo plays from when
 * the step starts, its goal is checked live, met by the reference solution, and a rewind to
 * before the solution shows the goal unmet again — the badge tells the truth for the moment shown.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LessonRun } from './live';
import { parseLessonText } from './load';

const dir = new URL('../../simulations/', import.meta.url);
const scenarios = new Map<string, unknown>(
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.slice(0, -5), JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as unknown]),
);

function open(id: string): LessonRun {
  const r = parseLessonText(readFileSync(new URL(`lessons/${id}.json`, dir), 'utf8'), scenarios);
  if (!r.ok) throw new Error(r.error.map((i) => `${i.path}: ${i.message}`).join('; '));
  return new LessonRun(r.value);
}

describe('LessonRun', () => {
  it('first-request: the demo sends a GET; the goal needs the learner, the solution meets it, a rewind unmeets it', () => {
    const lesson = open('first-request');
    lesson.goto(0);
    const demo = lesson.session.advance(500);
    expect(demo.state?.counters.byStatus['200']).toBe(1);

    lesson.goto(1);
    const start = lesson.status();
    expect(start).toMatchObject({ step: 1, hasGoal: true, met: false, origin: 500 });
    lesson.session.advance(2000); // doing nothing
    expect(lesson.status().met).toBe(false);

    lesson.solve();
    lesson.session.advance(2600);
    const solved = lesson.status();
    expect(solved.met).toBe(true);

    lesson.session.seek(1500); // back before the solution: the goal is not met at that moment
    expect(lesson.status().met).toBe(false);
    lesson.session.seek(2600);
    expect(lesson.status().met).toBe(true);
    // The learner's run holds the demo and the solution as commands: a saved run replays them.
    expect(lesson.session.steps.length).toBe(2);
  });

  it('clicking the real button works as well as the solution', () => {
    const lesson = open('first-request');
    lesson.goto(1);
    const GET = { type: 'http', route: 'GET /orders/:id', count: 1, everyMs: 0 } as const;
    lesson.session.advance(10, [GET]);
    lesson.session.advance(20, [GET]);
    lesson.session.advance(400);
    expect(lesson.status().met).toBe(false); // two answers, three needed
    lesson.session.advance(410, [GET]);
    lesson.session.advance(800);
    expect(lesson.status().met).toBe(true);
  });

  it('a step paused "before" an event stops 1 ms before it happens', () => {
    const lesson = open('challenge-lost-events');
    lesson.goto(0);
    // Step 1's demo kills notifications#1 at 500 ms; the pause is the millisecond before.
    expect(lesson.status().pauseAt).toBe(499);
    const status = (t: number) => {
      lesson.session.seek(t);
      return lesson.session.snapshot().instances.find((i) => i.id === 'notifications#1')?.status;
    };
    lesson.session.advance(600);
    expect(status(499)).toBe('up');
    expect(status(500)).toBe('down');
    // Existing lessons pause before their interesting bit too.
    for (const id of ['redis-scaling', 'reply-channel']) {
      const l = open(id);
      l.goto(0);
      expect(l.status().pauseAt, id).toBeGreaterThan(0);
    }
    // A step without a pause has none.
    const first = open('first-request');
    first.goto(0);
    expect(first.status().pauseAt).toBeNull();
  });
});

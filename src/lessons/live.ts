/**
 * A lesson being followed: its run (a `RunSession` on the lesson's scenario), the step the
 * learner is on, and that step's goal checked live. Moving to a step starts it at the current
 * virtual time: its demo commands are planned from there, and its goal counts only what happens
 * from there. A rewind replays the run, and the goal with it (`RunSession.watch`), so "is the goal
 * met?" is always the answer for the moment shown. Pure: the worker and Node tests drive it alike.
 */
import type { ScriptStep } from '../engine/types';
import type { Frame } from '../run/frame';
import { RunSession, type SessionOptions } from '../run/session';
import { createGoalTracker, type GoalTracker } from './goals';
import type { Lesson } from './load';

export interface LessonStatus {
  /** The step the learner is on (0-based). */
  step: number;
  /** When it started (virtual ms). */
  origin: number;
  hasGoal: boolean;
  /** The goal holds at the moment shown. */
  met: boolean;
  /** When it first held on the run shown (virtual ms), if it has. */
  metAt: number | null;
}

const shift = (steps: readonly ScriptStep[], by: number): ScriptStep[] =>
  steps.map((s) => ({ at: s.at + by, command: s.command }));

export class LessonRun {
  readonly session: RunSession;
  private stepIndex = 0;
  private origin = 0;

  constructor(
    readonly lesson: Lesson,
    opts: SessionOptions = {},
  ) {
    this.session = new RunSession(
      {
        model: lesson.model,
        scenario: lesson.scenario,
        seed: lesson.model.seed,
        steps: [],
        commands: [],
      },
      opts,
    );
  }

  get step(): number {
    return this.stepIndex;
  }

  /** Starts step `index` now: its goal is watched from here, its demo is planned from here. */
  goto(index: number): Frame {
    const steps = this.lesson.steps;
    const i = Math.max(0, Math.min(steps.length - 1, Math.trunc(index)));
    const s = this.session;
    this.stepIndex = i;
    this.origin = Math.ceil(s.now);
    const goal = steps[i]!.file.goal?.check;
    const origin = this.origin;
    s.watch(goal ? () => createGoalTracker(goal, origin) : null);
    const demo = shift(steps[i]!.demo, origin);
    return demo.length > 0 ? s.plan(demo) : s.advance(s.now);
  }

  /** Plays the step's reference solution from now (the learner asked to be shown). */
  solve(): Frame {
    const s = this.session;
    return s.plan(shift(this.lesson.steps[this.stepIndex]!.solution, Math.ceil(s.now)));
  }

  status(): LessonStatus {
    const tracker = this.session.watcher as GoalTracker | null;
    const met = tracker !== null && tracker.check(this.session.snapshot());
    return {
      step: this.stepIndex,
      origin: this.origin,
      hasGoal: tracker !== null,
      met,
      metAt: tracker?.metAt ?? null,
    };
  }
}

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
import { createScoreTracker, type ScoreKind, type ScoreTracker } from './score';
import { runningAtStart, solveLesson } from './solver';

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
  /** A challenge step: the learner's score (frozen when the requirement was first met) and par. */
  challenge?: { score: ScoreKind; value: number; par: number | null };
}

/** What a step watches on the run: its goal and, for a challenge, its score. */
class StepWatcher {
  /** The score when the goal was first seen met. */
  scoreAtMet: number | undefined;
  constructor(
    readonly goal: GoalTracker,
    readonly score: ScoreTracker | null,
  ) {}
  feed(e: Parameters<GoalTracker['feed']>[0]): void {
    this.goal.feed(e);
    this.score?.feed(e);
  }
}

const shift = (steps: readonly ScriptStep[], by: number): ScriptStep[] =>
  steps.map((s) => ({ at: s.at + by, command: s.command }));

export class LessonRun {
  readonly session: RunSession;
  private stepIndex = 0;
  private origin = 0;
  /** Par of each challenge step, solved once when first asked (the solver is pure and fast). */
  private pars: (number | null)[] | null = null;

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
    const goal = steps[i]!.file.goal;
    const origin = this.origin;
    // The first watcher starts now (fed from here on); one rebuilt by a rewind is fed from t = 0.
    let running: string[] | null = s
      .snapshot()
      .instances.filter((x) => x.status !== 'down')
      .map((x) => x.id);
    s.watch(
      goal
        ? () => {
            const from = running ?? runningAtStart(this.lesson.model);
            running = null;
            return new StepWatcher(
              createGoalTracker(goal.check, origin),
              goal.challenge ? createScoreTracker(goal.challenge, origin, from) : null,
            );
          }
        : null,
    );
    const demo = shift(steps[i]!.demo, origin);
    return demo.length > 0 ? s.plan(demo) : s.advance(s.now);
  }

  /** Plays the step's reference solution from now (the learner asked to be shown). */
  solve(): Frame {
    const s = this.session;
    return s.plan(shift(this.lesson.steps[this.stepIndex]!.solution, Math.ceil(s.now)));
  }

  status(): LessonStatus {
    const w = this.session.watcher as StepWatcher | null;
    const met = w !== null && w.goal.check(this.session.snapshot());
    if (met && w.score && w.scoreAtMet === undefined) w.scoreAtMet = w.score.value();
    const challenge = this.lesson.steps[this.stepIndex]!.file.goal?.challenge;
    return {
      step: this.stepIndex,
      origin: this.origin,
      hasGoal: w !== null,
      met,
      metAt: w?.goal.metAt ?? null,
      ...(challenge && w?.score
        ? {
            challenge: {
              score: challenge.score,
              value: w.scoreAtMet ?? w.score.value(),
              par: this.parOf(this.stepIndex),
            },
          }
        : {}),
    };
  }

  private parOf(step: number): number | null {
    this.pars ??= solveLesson(this.lesson).map((d) => d.challenge?.par ?? null);
    return this.pars[step] ?? null;
  }
}

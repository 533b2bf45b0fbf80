/**
 * A lesson being followed: its run (a `RunSession` on the lesson's scenario), the step the
 * learner is on, and that step's goal checked live. Moving to a step starts it at the current
 * virtual time: its demo commands are planned from there, and its goal counts only what happens
 * from there. A rewind replays the run, and the goal with it (`RunSession.watch`), so "is the goal
 * met?" is always the answer for the moment shown. Pure: the worker and Node tests drive it alike.
 */
import type { ScriptStep } from '../engine/types';
import { createRunPlayer } from '../run/player';
import type { Frame } from '../run/frame';
import { RunSession, type SessionOptions } from '../run/session';
import { createGoalTracker, eventMatches, type GoalTracker } from './goals';
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
  /** Where the app pauses the run for "what happens next?" in this step (virtual ms), if anywhere. */
  pauseAt: number | null;
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

/** Par of each step by lesson file (as JSON): a lesson opened again is not solved again. */
const PARS = new Map<string, (number | null)[]>();

/** How far ahead a pause "before" an event looks for it (virtual ms). */
export const PAUSE_LOOKAHEAD_MS = 30_000;

const shift = (steps: readonly ScriptStep[], by: number): ScriptStep[] =>
  steps.map((s) => ({ at: s.at + by, command: s.command }));

export class LessonRun {
  readonly session: RunSession;
  private stepIndex = 0;
  private origin = 0;
  /** Par of each challenge step, solved once when first asked (the solver is pure and fast). */
  private pars: (number | null)[] | null = null;
  private pauseAt: number | null = null;

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
    const frame = demo.length > 0 ? s.plan(demo) : s.advance(s.now);
    this.pauseAt = this.findPause(i);
    return frame;
  }

  /**
   * The step's pause, absolute: `at` after its start, or 1 ms before the first event matching
   * `before` in the run as planned now (a throwaway replay of the run's commands, up to
   * PAUSE_LOOKAHEAD_MS ahead; none found, no pause).
   */
  private findPause(i: number): number | null {
    const pause = this.lesson.steps[i]!.file.pause;
    if (!pause) return null;
    if (pause.at !== undefined) return this.origin + pause.at;
    const before = pause.before!;
    let found: number | null = null;
    const player = createRunPlayer(this.lesson.model, this.session.commands.slice(), {
      onTrace: (e) => {
        if (found === null && e.t >= this.origin && eventMatches(e, before, this.origin))
          found = e.t;
      },
    });
    const limit = this.origin + PAUSE_LOOKAHEAD_MS;
    for (let t = this.origin; found === null && t < limit && !player.isDone(); t += 250)
      player.advanceTo(t);
    if (found === null) player.advanceTo(limit);
    return found === null ? null : Math.max(this.origin, (found as number) - 1);
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
      pauseAt: this.pauseAt,
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
    if (!this.pars) {
      // Solving replays the whole lesson (about a second for a load challenge): once per file.
      const key = JSON.stringify(this.lesson.file);
      this.pars = PARS.get(key) ?? solveLesson(this.lesson).map((d) => d.challenge?.par ?? null);
      PARS.set(key, this.pars);
    }
    return this.pars[step] ?? null;
  }
}

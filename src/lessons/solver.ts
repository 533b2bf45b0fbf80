/**
 * The solver: plays a lesson step by step the way a learner would, on the real engine, and says
 * for each goal whether its reference solution meets it and whether doing nothing meets it too
 * (a goal met without acting teaches nothing). Step i starts when step i−1 ended: when its goal
 * was met by its solution, or — for a step without a goal — when its demo has played out. Each
 * step's demo and solution times are relative to that start. Pure: Node and the worker alike.
 */
import type { ScriptStep, SimModel, Snapshot } from '../engine/types';
import { createRunPlayer } from '../run/player';
import { createGoalTracker, GOAL_EVERY_MS, type Goal } from './goals';
import type { Lesson } from './load';
import { LANGUAGES, type Language, type Topic } from './schema';
import { createScoreTracker, type ScoreKind, type ScoreTracker } from './score';

/** A step is given this much virtual time (after its start) to meet its goal. */
export const STEP_LIMIT_MS = 60_000;

export interface StepReport {
  index: number;
  hasGoal: boolean;
  /** The goal holds at some checkpoint with the step's solution applied (false without a goal). */
  solvedBySolution: boolean;
  /** The goal holds with only the demo and the earlier steps' solutions (false without a goal). */
  metWithoutActions: boolean;
  /** Added to the public line for a challenge step only: its score kind and par. */
  challenge?: ChallengeReport;
}

/** A challenge step's score kind and its par: what the reference solution scored. */
export interface ChallengeReport {
  score: ScoreKind;
  /** Absent when the solution does not meet the requirement. */
  par?: number;
}

/** The CLI's public line for one lesson (`lessons check --format json`). */
export interface LessonReport {
  id: string;
  languages: Language[];
  covers: Topic[];
  steps: StepReport[];
}

/** What the solver found beyond the public report (for tests: par, timing). */
export interface StepDetail extends StepReport {
  /** Virtual ms the step began at. */
  start: number;
  /** When the solution met the goal. */
  metAt?: number;
}

const shift = (steps: readonly ScriptStep[], by: number): ScriptStep[] =>
  steps.map((s) => ({ at: s.at + by, command: s.command }));

/** Time order; at equal times earlier lists first (the demo plays before the learner acts). */
const merge = (...lists: ScriptStep[][]): ScriptStep[] =>
  lists
    .flat()
    .map((s, i) => [s, i] as const)
    .sort((a, b) => a[0].at - b[0].at || a[1] - b[1])
    .map(([s]) => s);

interface Played {
  metAt: number | undefined;
  /** When the run had nothing left to do (or the step's limit). */
  end: number;
  snapshot: Snapshot;
  /** The score when the goal was met (or at the end), if a score was kept. */
  score?: number;
}

/** The instances running (up or starting) at t = 0: where a score tracker fed from 0 starts. */
export function runningAtStart(model: SimModel): string[] {
  return createRunPlayer(model, [])
    .sim.snapshot({ inFlight: false })
    .instances.filter((i) => i.status !== 'down')
    .map((i) => i.id);
}

/**
 * Plays `commands` from t = 0 and checks `goal` (if any) every GOAL_EVERY_MS from `start` until
 * it holds, or the run is done, or the step's time is up.
 */
export function playStep(
  model: SimModel,
  commands: ScriptStep[],
  start: number,
  goal: Goal | undefined,
  score?: ScoreTracker,
): Played {
  const tracker = goal ? createGoalTracker(goal, start) : undefined;
  const player = createRunPlayer(
    model,
    commands,
    tracker
      ? {
          onTrace: (e) => {
            tracker.feed(e);
            score?.feed(e);
          },
        }
      : {},
  );
  const scoreNow = () => (score ? { score: score.value() } : {});
  const last = commands.at(-1)?.at ?? 0;
  const limit = start + STEP_LIMIT_MS;
  for (let t = start; ; t = Math.min(t + GOAL_EVERY_MS, limit)) {
    player.advanceTo(t);
    const snapshot = player.sim.snapshot({ inFlight: false });
    if (tracker?.check(snapshot)) return { metAt: t, end: t, snapshot, ...scoreNow() };
    if ((player.isDone() && t >= last) || t >= limit)
      return { metAt: undefined, end: t, snapshot, ...scoreNow() };
  }
}

export function solveLesson(lesson: Lesson): StepDetail[] {
  const out: StepDetail[] = [];
  let before: ScriptStep[] = [];
  let start = 0;
  lesson.steps.forEach((step, index) => {
    const base = merge(before, shift(step.demo, start));
    const goal = step.file.goal;
    if (!goal) {
      const played = playStep(lesson.model, base.slice(), start, undefined);
      out.push({ index, hasGoal: false, solvedBySolution: false, metWithoutActions: false, start });
      before = base;
      start = played.end;
      return;
    }
    const idle = playStep(lesson.model, base.slice(), start, goal.check);
    const withSolution = merge(base, shift(step.solution, start));
    const scoring = goal.challenge
      ? createScoreTracker(goal.challenge, start, runningAtStart(lesson.model))
      : undefined;
    const solved = playStep(lesson.model, withSolution.slice(), start, goal.check, scoring);
    const challenge: ChallengeReport | undefined = goal.challenge && {
      score: goal.challenge.score,
      ...(solved.metAt !== undefined && solved.score !== undefined ? { par: solved.score } : {}),
    };
    out.push({
      index,
      hasGoal: true,
      solvedBySolution: solved.metAt !== undefined,
      metWithoutActions: idle.metAt !== undefined,
      start,
      ...(solved.metAt !== undefined ? { metAt: solved.metAt } : {}),
      ...(challenge ? { challenge } : {}),
    });
    before = withSolution;
    start = solved.end;
  });
  return out;
}

/** The public report line of a solved lesson. */
export function reportOf(lesson: Lesson, details: readonly StepDetail[]): LessonReport {
  return {
    id: lesson.file.id,
    languages: [...LANGUAGES],
    covers: [...lesson.file.covers],
    steps: details.map(({ index, hasGoal, solvedBySolution, metWithoutActions, challenge }) => ({
      index,
      hasGoal,
      solvedBySolution,
      metWithoutActions,
      ...(challenge ? { challenge } : {}),
    })),
  };
}

/** A lesson passes when every goal is met by its solution and not met by doing nothing. */
export const passes = (r: LessonReport): boolean =>
  r.steps.every((s) => !s.hasGoal || (s.solvedBySolution && !s.metWithoutActions));

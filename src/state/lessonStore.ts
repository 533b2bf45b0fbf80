/**
 * The lesson being followed (if any): its file as the worker validated it, the step shown, the
 * live goal status the worker reports, and the learner's progress across visits.
 */
import { createStore } from 'zustand/vanilla';
import type { LessonStatus } from '../lessons/live';
import type { LessonFile } from '../lessons/schema';

export type { LessonFile, LessonStatus };

/** What a learner did in one lesson (kept in the browser, see app/persistence/lessonProgress). */
export interface LessonProgress {
  /** The furthest step reached. */
  reached: number;
  /** Steps whose goal was met at least once. */
  met: number[];
  /** Quiz answers by step (the choice's index). */
  quiz: Record<number, number>;
  /** A challenge step's best score so far (lower is better), by step. */
  best: Record<number, number>;
}

export const NO_PROGRESS: LessonProgress = { reached: 0, met: [], quiz: {}, best: {} };

export interface LessonState {
  id: string | null;
  file: LessonFile | null;
  step: number;
  status: LessonStatus | null;
  progress: Record<string, LessonProgress>;
  /** The lesson picker dialog is open. */
  pickerOpen: boolean;
  setPickerOpen(open: boolean): void;
}

export const lessonStore = createStore<LessonState>()((set) => ({
  id: null,
  file: null,
  step: 0,
  status: null,
  progress: {},
  pickerOpen: false,
  setPickerOpen: (pickerOpen) => set({ pickerOpen }),
}));

export const progressOf = (s: LessonState, id: string): LessonProgress =>
  s.progress[id] ?? NO_PROGRESS;

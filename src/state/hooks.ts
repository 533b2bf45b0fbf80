/** React bindings for the vanilla stores: components pass narrow selectors. */
import { useStore } from 'zustand';
import { noticeStore, type NoticeState } from './notices';
import { simStore, type SimMirror } from './simStore';
import { uiStore, type UiState } from './uiStore';
import { lessonStore, type LessonState } from './lessonStore';
import { liveStore, type LiveState } from './liveStore';

export const useSim = <T>(selector: (s: SimMirror) => T): T => useStore(simStore, selector);
export const useUi = <T>(selector: (s: UiState) => T): T => useStore(uiStore, selector);
export const useNotices = <T>(selector: (s: NoticeState) => T): T =>
  useStore(noticeStore, selector);
export const useLesson = <T>(selector: (s: LessonState) => T): T => useStore(lessonStore, selector);
export const useLive = <T>(selector: (s: LiveState) => T): T => useStore(liveStore, selector);

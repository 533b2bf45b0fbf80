/** UI-only state (not part of the simulation): language, selection, dragged node positions. */
import { createStore } from 'zustand/vanilla';
import type { Lang } from '../shared';
import type { Issue } from './simStore';

export interface XY {
  x: number;
  y: number;
}

export interface UiState {
  lang: Lang;
  /** A request id or message id; tokens and log lines of that chain are highlighted. */
  selected: string | null;
  /** Node positions after the user dragged them, by node id (win over `model.layout`). */
  positions: Record<string, XY>;
  /** A scenario that could not even reach the worker (unknown name): shown like load errors. */
  fileError: { name: string; issues: Issue[] } | null;
  /** Set when a new version of the site is cached and waiting: calling it reloads into it. */
  update: (() => void) | null;
  setLang(lang: Lang): void;
  select(id: string | null): void;
  setPosition(id: string, p: XY): void;
  clearPositions(): void;
  setFileError(e: UiState['fileError']): void;
  setUpdate(update: (() => void) | null): void;
}

export const uiStore = createStore<UiState>()((set) => ({
  lang: 'en',
  selected: null,
  positions: {},
  fileError: null,
  update: null,
  setLang: (lang) => set({ lang }),
  select: (selected) => set({ selected }),
  setPosition: (id, p) => set((s) => ({ positions: { ...s.positions, [id]: p } })),
  clearPositions: () => set({ positions: {} }),
  setFileError: (fileError) => set({ fileError }),
  setUpdate: (update) => set({ update }),
}));

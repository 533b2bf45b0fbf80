/**
 * The editor's state: whether Edit mode is on, the history of scenario documents (undo/redo) and
 * the refusal of the last edit (the worker's issues with their field paths). Written by
 * `app/editor.ts`, read by `ui/editor`.
 */
import { createStore } from 'zustand/vanilla';
import type { Issue } from '../state';
import type { History } from './edits';

export interface EditorState {
  open: boolean;
  history: History | null;
  /** Why the last edit was refused; the document did not change. */
  refused: Issue[] | null;
  /** An edit is being checked or loaded: further edits wait. */
  busy: boolean;
}

export const editorStore = createStore<EditorState>()(() => ({
  open: false,
  history: null,
  refused: null,
  busy: false,
}));

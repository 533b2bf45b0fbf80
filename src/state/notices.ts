/**
 * Notices: what happened to the learner's work that they should know about (a restored session,
 * unreadable storage, a refused share link, a restarted worker). Stored as catalogue keys +
 * params, so they re-translate when the language changes. One notice per `id` (a repeat replaces).
 * Written by the app (persistence, worker supervision), shown by `ui/share/Notices`.
 */
import { createStore } from 'zustand/vanilla';
import type { MessageKey, Params } from '../i18n';
import type { Issue } from './simStore';

export type NoticeId = 'session' | 'storage' | 'autosave' | 'link' | 'worker' | 'import' | 'run';

export interface Notice {
  id: NoticeId;
  tone: 'info' | 'error';
  key: MessageKey;
  params?: Params;
  /** A second sentence (the reason), with the same params. */
  detail?: MessageKey;
  /** Scenario issues (`path: message`), shown as a list under the text. */
  issues?: Issue[];
  /** `startFresh`: the restored-session notice offers to drop the autosave. */
  action?: 'startFresh';
}

export interface NoticeState {
  notices: Notice[];
  push(n: Notice): void;
  dismiss(id: NoticeId): void;
}

export const noticeStore = createStore<NoticeState>()((set) => ({
  notices: [],
  push: (n) => set((s) => ({ notices: [...s.notices.filter((o) => o.id !== n.id), n] })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((o) => o.id !== id) })),
}));

export const notify = (n: Notice): void => noticeStore.getState().push(n);

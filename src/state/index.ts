export * from './simStore';
export * from './uiStore';
export type { LogEntry, LogKind, LogTone } from '../trace/log';
export { LOG_LIMIT } from '../trace/log';
export * from './historyStore';
export * from './notices';
export * from './lessonStore';
export * from './liveStore';

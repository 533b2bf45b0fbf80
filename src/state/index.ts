export * from './simStore';
export * from './uiStore';
export * from './log';
export * from './notices';

export { createSimClient, SPEEDS, MAX_SPEED, VIRTUAL_PER_WALL_MS } from './createSimClient';
export type { SimClient, SimClientOptions, TraceListener } from './createSimClient';
export type { Token } from './tokens';
export type { ReadonlySignal } from './signal';
export type { DropMarker, WireHop } from './tokens';
export { DROP_SHOW_MS } from './tokens';
export { spawnSimWorker } from './simWorker';

export {
  createSimClient,
  SPEEDS,
  MAX_SPEED,
  VIRTUAL_PER_WALL_MS,
  STATE_EVERY_MS,
} from './createSimClient';
export type { SimClient, SimClientOptions, RenderFrame } from './createSimClient';
export type { ReadonlySignal } from './signal';
export { spawnSimWorker } from './simWorker';
export type { TokenInfo, WireHopView } from '../worker/api';
export { MESSAGE_KINDS, DROP_REASONS, FLAG_SELECTED, DROP_SHOW_MS } from '../run/frame';
export type { TokenArrays, DropArrays } from '../run/frame';

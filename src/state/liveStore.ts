/**
 * The Live view's connection (`?live=ws://127.0.0.1:PORT`): written by the live client
 * (src/live), shown by `ui/live/LiveBanner`. `url` is null when the page simulates (no live mode).
 */
import { createStore } from 'zustand/vanilla';
import type { TransportKind } from '../shared';

export type LivePhase =
  /** `?live=` names no loopback ws:// address: nothing is opened. */
  | 'refused'
  | 'connecting'
  | 'open'
  /** The bridge closed or never answered; `retryAt` says when the next try is. */
  | 'closed';

export interface LiveState {
  /** The page was opened with `?live=` (refused or not): the Live view replaces the simulation. */
  active: boolean;
  /** The loopback ws:// URL in use (null while refused). */
  url: string | null;
  /** The `?live=` value as given (shown when refused). */
  raw: string;
  phase: LivePhase;
  /** From the bridge's hello. */
  transport: TransportKind | null;
  broker: string;
  listening: string;
  /** Wall ms (performance.now) of the next connection attempt while closed. */
  retryAt: number | null;
  /** Connections that failed in a row. */
  failures: number;
  /** Whether the bridge ever answered (a bridge that died vs one never started). */
  everOpen: boolean;
  brokerDown: boolean;
  /** Envelopes drawn, messages the bridge could not decode, bridge frames the app refused. */
  messages: number;
  notices: number;
  refusedFrames: number;
  /** Envelopes received while paused, shown when playing again. */
  waiting: number;
  /** Waiting envelopes dropped (a long pause under heavy traffic). */
  skipped: number;
}

export const initialLive: LiveState = {
  active: false,
  url: null,
  raw: '',
  phase: 'connecting',
  transport: null,
  broker: '',
  listening: '',
  retryAt: null,
  failures: 0,
  everOpen: false,
  brokerDown: false,
  messages: 0,
  notices: 0,
  refusedFrames: 0,
  waiting: 0,
  skipped: 0,
};

export const liveStore = createStore<LiveState>()(() => initialLive);

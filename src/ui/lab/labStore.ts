/**
 * The lab's small UI slice (vanilla zustand, like `src/state`). Hot data — samples, recent
 * events — lives in the collector's ring buffers, not here: this store changes only when
 * something a component shows changes (a breaker flips, the tab changes, a fault is picked).
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { BreakerState } from '../../trace/labTypes';

export type LabTab = 'charts' | 'faults' | 'trace' | 'sequence' | 'compare' | 'data';

export interface LabState {
  open: boolean;
  tab: LabTab;
  /** Breaker per target (`orders`), from `breaker.state` events and samples. */
  breakers: Record<string, BreakerState>;
  /** Utilisation in [0,1] per instance, from the newest sample. */
  utilization: Record<string, number>;
  /** Deliveries waiting in each instance's work queue, from the newest sample. */
  waiting: Record<string, number>;
  /** Autoscaler switched on/off by the learner (`autoscale.toggled`), by service. */
  autoscale: Record<string, boolean>;
  /** Running load generators: req/s by route (`load.started` / `load.stopped`). */
  loads: Record<string, number>;
  /** Instances paused by an active fault. */
  paused: string[];
  /** Bumped when the fault timeline changes. */
  faultsVersion: number;
  /** The fault whose effects are highlighted. */
  selectedFault: string | null;
  /** Newest `metrics.sample` time, or null before the first one (no metrics in this run). */
  lastSampleAt: number | null;
  setOpen(open: boolean): void;
  setTab(tab: LabTab): void;
  selectFault(id: string | null): void;
}

export const labStore = createStore<LabState>()((set) => ({
  open: false,
  tab: 'charts',
  breakers: {},
  utilization: {},
  waiting: {},
  autoscale: {},
  loads: {},
  paused: [],
  faultsVersion: 0,
  selectedFault: null,
  lastSampleAt: null,
  setOpen: (open) => set({ open }),
  setTab: (tab) => set({ tab, open: true }),
  selectFault: (selectedFault) => set({ selectedFault }),
}));

export const useLab = <T>(selector: (s: LabState) => T): T => useStore(labStore, selector);

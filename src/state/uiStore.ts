/**
 * UI-only state (not part of the simulation): language, selection, dragged node positions, what
 * is open (inspector, broker insides, the `?` overlay).
 */
import { createStore } from 'zustand/vanilla';
import type { Lang, TransportKind } from '../shared';
import type { Issue } from './simStore';

export interface XY {
  x: number;
  y: number;
}

/** Option toggles the UI offers; `null` removes the option (back to NestJS's default). */
export interface OptionEdits {
  queue?: string | null;
  noAck?: boolean | null;
  prefetchCount?: number | null;
  persistent?: boolean | null;
  qos?: 0 | 1 | 2 | null;
  partitions?: number | null;
  loadBalancer?: boolean | null;
  /** mqtt: handler patterns become `$share/<service>/<pattern>` (a shared subscription). */
  share?: boolean;
}

export interface ServiceEdit {
  kind?: TransportKind;
  options?: OptionEdits;
}

/**
 * The learner's transport choices for the current scenario; `app/transportEdits` applies them to
 * the scenario file and the app reloads it.
 */
export interface TransportEdits {
  /** The scenario's transport: every service follows it unless it has its own edit. */
  kind?: TransportKind;
  services: Record<string, ServiceEdit>;
}

/** What the inspector shows: one message's wire envelopes. */
export interface Inspected {
  msgId: string;
  /** The hop clicked (index into the message's hops), if a token was clicked. */
  from?: string;
  to?: string;
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
  transportEdits: TransportEdits;
  inspected: Inspected | null;
  /** The broker node's insides are open (side panel). */
  brokerOpen: boolean;
  /** The `?` overlay (every keyboard shortcut) is open. */
  shortcutsOpen: boolean;
  /** The node whose NestJS code the code panel shows; `null` = the panel is collapsed. */
  codeNode: string | null;
  /**
   * How the page is laid out: `full`, `presenter` (a projector: large type, high contrast, side
   * panels hidden) or `embed` (`?embed=1`: canvas and controls only, for an iframe).
   */
  view: ViewMode;
  /** The side panels (counters, log, …) are hidden: the canvas takes the width. */
  panelsHidden: boolean;
  /**
   * What K (kill) and S / Shift+S (scale) act on: an instance id (the chip last pointed at or
   * focused) or a service id (the service node last clicked).
   */
  target: string | null;
  setLang(lang: Lang): void;
  select(id: string | null): void;
  setPosition(id: string, p: XY): void;
  clearPositions(): void;
  setFileError(e: UiState['fileError']): void;
  setUpdate(update: (() => void) | null): void;
  setTransportEdits(e: TransportEdits): void;
  inspect(i: Inspected | null): void;
  setBrokerOpen(open: boolean): void;
  setShortcutsOpen(open: boolean): void;
  setCodeNode(id: string | null): void;
  setView(view: ViewMode): void;
  setPanelsHidden(hidden: boolean): void;
  setTarget(target: string | null): void;
}

export type ViewMode = 'full' | 'presenter' | 'embed';

export const uiStore = createStore<UiState>()((set) => ({
  lang: 'en',
  selected: null,
  positions: {},
  fileError: null,
  update: null,
  transportEdits: { services: {} },
  inspected: null,
  brokerOpen: false,
  shortcutsOpen: false,
  codeNode: null,
  view: 'full',
  panelsHidden: false,
  target: null,
  setLang: (lang) => set({ lang }),
  select: (selected) => set({ selected }),
  setPosition: (id, p) => set((s) => ({ positions: { ...s.positions, [id]: p } })),
  clearPositions: () => set({ positions: {} }),
  setFileError: (fileError) => set({ fileError }),
  setUpdate: (update) => set({ update }),
  setTransportEdits: (transportEdits) => set({ transportEdits }),
  inspect: (inspected) => set({ inspected }),
  setBrokerOpen: (brokerOpen) => set({ brokerOpen }),
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  setCodeNode: (codeNode) => set({ codeNode }),
  // Presenter mode starts with the panels hidden; leaving it shows them again.
  setView: (view) => set({ view, panelsHidden: view !== 'full' }),
  setPanelsHidden: (panelsHidden) => set({ panelsHidden }),
  setTarget: (target) => set((s) => (s.target === target ? s : { target })),
}));

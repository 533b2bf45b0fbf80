/**
 * The command registry: every action a learner (and, later, a lesson) can take, defined once —
 * an id, a label (a catalogue key, so en + pt-BR), keys, `enabled(state, args)` and `perform`:
 * what it sends (engine commands through the sim client's `command()`, or a sim-client call such
 * as play, step, speed). Plain data and pure functions — no React, no stores — so the toolbar,
 * the canvas, the fault menus, the Lab's Faults tab, the keyboard shortcuts and the `?` overlay
 * all read the same table, and a lesson can hold `{ id, args }` steps as data.
 */
import type { Command, DeployStrategy, InstanceView, Link } from '../engine/types';
import type { MessageKey, Params } from '../i18n';
import type { SimClient } from '../sim-client';
import { SPEEDS } from '../shared';

/** What `enabled` and `perform` read. The sim mirror (`simStore.getState()`) is one. */
export interface CommandState {
  phase: 'idle' | 'loading' | 'ready' | 'error';
  playing: boolean;
  instances: Readonly<Record<string, Pick<InstanceView, 'status' | 'paused'> | undefined>>;
  /** Instance ids per service (down ones included). */
  instanceIds: Readonly<Record<string, readonly string[]>>;
  /** null: no broker (tcp/grpc only). */
  brokerStatus: 'up' | 'down' | null;
  /** Playback speed (× the classroom pace). */
  speed: number;
  /** 'live': the page draws a real app (docs/live.md); nothing here can act on it. */
  source?: 'sim' | 'live';
  /**
   * What K and S act on: the instance chip last pointed at or focused, or the service node last
   * clicked (then K picks its first running instance). The page adds it from `uiStore`.
   */
  target?: string | null;
}

/** Page actions a command may ask for; the page performs them (a lesson may ignore them). */
export type UiAction = 'shortcuts' | 'menu' | 'close' | 'clearSelection' | 'presenter' | 'panels';

/** One thing a command does. */
export type Effect =
  | { to: 'engine'; command: Command }
  | { to: 'client'; call: 'play' | 'pause' | 'togglePlay' | 'step' | 'stepBack' | 'reset' }
  | { to: 'client'; call: 'setSpeed'; speed: number }
  | { to: 'ui'; action: UiAction };

/** The sim-client methods the effects use (the page's `SimClient` is one). */
export type CommandClient = Pick<
  SimClient,
  'command' | 'play' | 'pause' | 'togglePlay' | 'step' | 'stepBack' | 'reset' | 'setSpeed'
>;

/**
 * A key that runs the command: `key` is `KeyboardEvent.key`; `shift` (when given) must match;
 * `name` is how the `?` overlay writes a key that is a word (Space / Espaço).
 */
export interface KeyBinding {
  key: string;
  shift?: boolean;
  name?: MessageKey;
}

/**
 * `page`: the page-wide shortcut handler runs it (ignored while typing in a field). `focus`:
 * handled by the focused element (a canvas node, a menu, a dialog); listed for the overlay.
 */
export type KeyScope = 'page' | 'focus';

export interface CommandDef<K extends string, A> {
  id: K;
  /** Catalogue key; its `{placeholders}` come from `params`. */
  label: MessageKey;
  params?(args: A, state: CommandState): Params;
  /** A longer description (tooltip, overlay). */
  hint?: MessageKey;
  keys?: readonly KeyBinding[];
  scope?: KeyScope;
  /** Destructive: drawn in red. */
  danger?: boolean;
  enabled(state: CommandState, args: A): boolean;
  perform(args: A, state: CommandState): Effect[];
}

type Instance = { instance: string };
type Service = { service: string };
type Route = { route: string };
type OnLink = { link: Link };
type None = Record<never, never>;

/** Every command id and the arguments it takes. */
export interface CommandArgs {
  'sim.playPause': None;
  'sim.play': None;
  'sim.pause': None;
  'sim.step': None;
  'sim.stepBack': None;
  'sim.reset': None;
  'sim.speed': { speed: number };
  'sim.faster': None;
  'sim.slower': None;
  'selection.kill': None;
  'selection.scaleUp': None;
  'selection.scaleDown': None;
  'ui.shortcuts': None;
  'ui.presenter': None;
  'ui.panels': None;
  'ui.menu': None;
  'ui.close': None;
  'route.fire': Route;
  'route.load': Route & { rps: number };
  'route.loadStop': Route;
  'route.poison': Route;
  'instance.kill': Instance;
  'instance.restart': Instance;
  'instance.pause': Instance;
  'instance.resume': Instance;
  'service.kill': Service;
  'service.restart': Service;
  'service.scaleUp': Service;
  'service.scaleDown': Service;
  'service.slow': Service & { factor: number };
  'service.slowClear': Service;
  'service.errors': Service & { percent: number };
  'service.errorsClear': Service;
  'service.clearFaults': Service;
  'service.autoscaleOn': Service;
  'service.autoscaleOff': Service;
  'service.deploy': Service & {
    strategy: DeployStrategy;
    startupMs?: number;
    /** The new version's handling time (every handler), ms; absent = unchanged. */
    latencyMs?: number;
    /** Percent of the new version's handlings that throw; absent = none. */
    errorRate?: number;
  };
  'service.idempotentOn': Service;
  'service.idempotentOff': Service;
  'route.outboxOn': Route;
  'route.outboxOff': Route;
  'link.latency': OnLink & { addMs: number; jitterMs: number };
  'link.latencyClear': OnLink;
  'link.loss': OnLink & { percent: number };
  'link.lossClear': OnLink;
  'link.partition': OnLink;
  'link.heal': OnLink;
  'link.clear': OnLink;
  'broker.down': None;
  'broker.up': None;
}

export type CommandId = keyof CommandArgs;

/** Commands that take no arguments (only these have keys: a key press carries none). */
export type PlainCommandId = {
  [K in CommandId]: None extends CommandArgs[K] ? K : never;
}[CommandId];

/** A command to run, as data (`{ id: 'service.scaleUp', args: { service: 'orders' } }`). */
export type Invocation = {
  [K in CommandId]: None extends CommandArgs[K]
    ? { id: K; args?: CommandArgs[K] }
    : { id: K; args: CommandArgs[K] };
}[CommandId];

/** A load from the UI runs until it is changed: an hour of virtual time. */
export const LOAD_FOR_MS = 3_600_000;

const ready = (s: CommandState) => s.phase === 'ready';
/** Commands that change the run (step, rewind, faults, kills, load …): never on a live app. */
const acts = (s: CommandState) => ready(s) && s.source !== 'live';

/** The next offered speed above (dir 1) or below (dir −1) `speed`, or `speed` at the end. */
export function nextSpeed(speed: number, dir: 1 | -1): number {
  const list = dir > 0 ? SPEEDS : [...SPEEDS].reverse();
  return list.find((s) => (dir > 0 ? s > speed : s < speed)) ?? speed;
}
const engine = (command: Command): Effect => ({ to: 'engine', command });
const replicas = (s: CommandState, service: string) => s.instanceIds[service]?.length ?? 0;
const statusOf = (s: CommandState, id: string) => s.instances[id]?.status ?? 'down';
const ends = ({ link }: OnLink) => ({ a: link[0], b: link[1] });

/** The service the target names (an instance `orders#2` names `orders`), if it has instances. */
function targetService(s: CommandState): string | null {
  const t = s.target;
  if (!t) return null;
  const service = t.includes('#') ? t.slice(0, t.lastIndexOf('#')) : t;
  return service in s.instanceIds ? service : null;
}

/** The instance K kills: the targeted one if running, else the target service's first running. */
export function targetInstance(s: CommandState): string | null {
  const service = targetService(s);
  if (!service || !s.target) return null;
  if (s.target.includes('#')) return statusOf(s, s.target) !== 'down' ? s.target : null;
  return s.instanceIds[service]?.find((id) => statusOf(s, id) !== 'down') ?? null;
}

type Registry = { readonly [K in CommandId]: CommandDef<K, CommandArgs[K]> };

export const COMMANDS: Registry = {
  'sim.playPause': {
    id: 'sim.playPause',
    label: 'command.playPause',
    keys: [{ key: ' ', name: 'key.space' }],
    scope: 'page',
    enabled: ready,
    perform: () => [{ to: 'client', call: 'togglePlay' }],
  },
  'sim.play': {
    id: 'sim.play',
    label: 'controls.play',
    enabled: ready,
    perform: () => [{ to: 'client', call: 'play' }],
  },
  'sim.pause': {
    id: 'sim.pause',
    label: 'controls.pause',
    enabled: ready,
    perform: () => [{ to: 'client', call: 'pause' }],
  },
  'sim.step': {
    id: 'sim.step',
    label: 'controls.step',
    hint: 'controls.stepHint',
    keys: [{ key: '.' }, { key: 'ArrowRight', name: 'key.right' }],
    scope: 'page',
    enabled: acts,
    perform: () => [{ to: 'client', call: 'step' }],
  },
  'sim.stepBack': {
    id: 'sim.stepBack',
    label: 'controls.stepBack',
    hint: 'controls.stepBackHint',
    keys: [{ key: 'ArrowLeft', name: 'key.left' }],
    scope: 'page',
    enabled: acts,
    perform: () => [{ to: 'client', call: 'stepBack' }],
  },
  'sim.reset': {
    id: 'sim.reset',
    label: 'controls.reset',
    hint: 'controls.resetHint',
    keys: [{ key: 'Home', name: 'key.home' }],
    scope: 'page',
    enabled: acts,
    perform: () => [
      { to: 'ui', action: 'clearSelection' },
      { to: 'client', call: 'reset' },
    ],
  },
  'sim.speed': {
    id: 'sim.speed',
    label: 'command.speed',
    params: ({ speed }) => ({ speed }),
    hint: 'controls.speedHint',
    enabled: () => true,
    perform: ({ speed }) => [{ to: 'client', call: 'setSpeed', speed }],
  },
  'sim.faster': {
    id: 'sim.faster',
    label: 'command.faster',
    keys: [{ key: '+' }, { key: '=' }],
    scope: 'page',
    enabled: (s) => s.speed < SPEEDS[SPEEDS.length - 1]!,
    perform: (_a, s) => [{ to: 'client', call: 'setSpeed', speed: nextSpeed(s.speed, 1) }],
  },
  'sim.slower': {
    id: 'sim.slower',
    label: 'command.slower',
    keys: [{ key: '-' }],
    scope: 'page',
    enabled: (s) => s.speed > SPEEDS[0]!,
    perform: (_a, s) => [{ to: 'client', call: 'setSpeed', speed: nextSpeed(s.speed, -1) }],
  },
  'selection.kill': {
    id: 'selection.kill',
    label: 'command.killSelected',
    hint: 'command.selectionHint',
    keys: [{ key: 'k' }],
    scope: 'page',
    danger: true,
    enabled: (s) => ready(s) && targetInstance(s) !== null,
    perform: (_a, s) => {
      const instance = targetInstance(s);
      return instance ? [engine({ type: 'kill', instance })] : [];
    },
  },
  'selection.scaleUp': {
    id: 'selection.scaleUp',
    label: 'command.scaleUpSelected',
    hint: 'command.selectionHint',
    keys: [{ key: 's' }],
    scope: 'page',
    enabled: (s) => ready(s) && targetService(s) !== null,
    perform: (_a, s) => {
      const service = targetService(s);
      return service
        ? [engine({ type: 'scale', service, replicas: replicas(s, service) + 1 })]
        : [];
    },
  },
  'selection.scaleDown': {
    id: 'selection.scaleDown',
    label: 'command.scaleDownSelected',
    hint: 'command.selectionHint',
    keys: [{ key: 'S', shift: true }],
    scope: 'page',
    enabled: (s) => {
      const service = targetService(s);
      return ready(s) && service !== null && replicas(s, service) > 0;
    },
    perform: (_a, s) => {
      const service = targetService(s);
      return service
        ? [engine({ type: 'scale', service, replicas: Math.max(0, replicas(s, service) - 1) })]
        : [];
    },
  },
  'ui.presenter': {
    id: 'ui.presenter',
    label: 'command.presenter',
    hint: 'command.presenterHint',
    keys: [{ key: 'p' }],
    scope: 'page',
    enabled: () => true,
    perform: () => [{ to: 'ui', action: 'presenter' }],
  },
  'ui.panels': {
    id: 'ui.panels',
    label: 'command.panels',
    keys: [{ key: 'b' }],
    scope: 'page',
    enabled: () => true,
    perform: () => [{ to: 'ui', action: 'panels' }],
  },
  'ui.shortcuts': {
    id: 'ui.shortcuts',
    label: 'command.shortcuts',
    keys: [{ key: '?' }],
    scope: 'page',
    enabled: () => true,
    perform: () => [{ to: 'ui', action: 'shortcuts' }],
  },
  'ui.menu': {
    id: 'ui.menu',
    label: 'command.menu',
    keys: [
      { key: 'ContextMenu', name: 'key.contextMenu' },
      { key: 'F10', shift: true },
    ],
    scope: 'focus',
    enabled: ready,
    perform: () => [{ to: 'ui', action: 'menu' }],
  },
  'ui.close': {
    id: 'ui.close',
    label: 'command.close',
    keys: [{ key: 'Escape', name: 'key.escape' }],
    scope: 'focus',
    enabled: () => true,
    perform: () => [{ to: 'ui', action: 'close' }],
  },
  'route.fire': {
    id: 'route.fire',
    label: 'node.fire',
    params: ({ route }) => ({ route }),
    enabled: acts,
    perform: ({ route }) => [engine({ type: 'http', route, count: 1, everyMs: 0 })],
  },
  'route.load': {
    id: 'route.load',
    label: 'command.load',
    params: ({ route }) => ({ route }),
    enabled: acts,
    perform: ({ route, rps }) => [engine({ type: 'load', route, rps, forMs: LOAD_FOR_MS })],
  },
  'route.loadStop': {
    id: 'route.loadStop',
    label: 'command.loadStop',
    params: ({ route }) => ({ route }),
    enabled: acts,
    perform: ({ route }) => [engine({ type: 'load', route, rps: 0, forMs: LOAD_FOR_MS })],
  },
  'route.poison': {
    id: 'route.poison',
    label: 'command.poison',
    params: ({ route }) => ({ route }),
    danger: true,
    enabled: acts,
    perform: ({ route }) => [engine({ type: 'poison', route })],
  },
  'instance.kill': {
    id: 'instance.kill',
    label: 'command.kill',
    params: ({ instance }) => ({ instance }),
    danger: true,
    enabled: (s, { instance }) => acts(s) && statusOf(s, instance) !== 'down',
    perform: ({ instance }) => [engine({ type: 'kill', instance })],
  },
  'instance.restart': {
    id: 'instance.restart',
    label: 'command.restart',
    params: ({ instance }) => ({ instance }),
    enabled: (s, { instance }) => acts(s) && statusOf(s, instance) === 'down',
    perform: ({ instance }) => [engine({ type: 'restart', instance })],
  },
  'instance.pause': {
    id: 'instance.pause',
    label: 'command.pause',
    params: ({ instance }) => ({ instance }),
    enabled: (s, { instance }) =>
      acts(s) && statusOf(s, instance) !== 'down' && s.instances[instance]?.paused !== true,
    perform: ({ instance }) => [engine({ type: 'pause', instance })],
  },
  'instance.resume': {
    id: 'instance.resume',
    label: 'command.resume',
    params: ({ instance }) => ({ instance }),
    enabled: (s, { instance }) => acts(s) && s.instances[instance]?.paused === true,
    perform: ({ instance }) => [engine({ type: 'resume', instance })],
  },
  'service.kill': {
    id: 'service.kill',
    label: 'command.killService',
    params: ({ service }) => ({ service }),
    danger: true,
    enabled: acts,
    perform: ({ service }) => [engine({ type: 'killService', service })],
  },
  'service.restart': {
    id: 'service.restart',
    label: 'command.restartService',
    params: ({ service }) => ({ service }),
    enabled: acts,
    perform: ({ service }) => [engine({ type: 'restartService', service })],
  },
  'service.scaleUp': {
    id: 'service.scaleUp',
    label: 'command.scaleUp',
    params: ({ service }, s) => ({ service, n: replicas(s, service), m: replicas(s, service) + 1 }),
    enabled: acts,
    perform: ({ service }, s) => [
      engine({ type: 'scale', service, replicas: replicas(s, service) + 1 }),
    ],
  },
  'service.scaleDown': {
    id: 'service.scaleDown',
    label: 'command.scaleDown',
    params: ({ service }, s) => ({
      service,
      n: replicas(s, service),
      m: Math.max(0, replicas(s, service) - 1),
    }),
    enabled: (s, { service }) => acts(s) && replicas(s, service) > 0,
    perform: ({ service }, s) => [
      engine({ type: 'scale', service, replicas: Math.max(0, replicas(s, service) - 1) }),
    ],
  },
  'service.slow': {
    id: 'service.slow',
    label: 'command.slow',
    params: ({ service, factor }) => ({ service, factor }),
    enabled: acts,
    perform: ({ service, factor }) => [engine({ type: 'slow', service, factor })],
  },
  'service.slowClear': {
    id: 'service.slowClear',
    label: 'command.slowClear',
    params: ({ service }) => ({ service }),
    enabled: acts,
    perform: ({ service }) => [engine({ type: 'slow', service, factor: 1 })],
  },
  'service.errors': {
    id: 'service.errors',
    label: 'command.errors',
    params: ({ service, percent }) => ({ service, percent }),
    danger: true,
    enabled: acts,
    perform: ({ service, percent }) => [engine({ type: 'errorRate', service, percent })],
  },
  'service.errorsClear': {
    id: 'service.errorsClear',
    label: 'command.errorsClear',
    params: ({ service }) => ({ service }),
    enabled: acts,
    perform: ({ service }) => [engine({ type: 'errorRate', service, percent: 0 })],
  },
  'service.clearFaults': {
    id: 'service.clearFaults',
    label: 'command.clearService',
    params: ({ service }) => ({ service }),
    enabled: acts,
    perform: ({ service }) => [
      engine({ type: 'slow', service, factor: 1 }),
      engine({ type: 'errorRate', service, percent: 0 }),
    ],
  },
  'service.autoscaleOn': {
    id: 'service.autoscaleOn',
    label: 'command.autoscaleOn',
    params: ({ service }) => ({ service }),
    enabled: acts,
    perform: ({ service }) => [engine({ type: 'autoscale', service, enabled: true })],
  },
  'service.autoscaleOff': {
    id: 'service.autoscaleOff',
    label: 'command.autoscaleOff',
    params: ({ service }) => ({ service }),
    enabled: acts,
    perform: ({ service }) => [engine({ type: 'autoscale', service, enabled: false })],
  },
  'service.deploy': {
    id: 'service.deploy',
    label: 'command.deploy',
    params: ({ service, strategy }) => ({ service, strategy }),
    // A deploy needs something to replace: a service with no instance has nothing to roll.
    enabled: (s, { service }) => acts(s) && (s.instanceIds[service]?.length ?? 0) > 0,
    perform: ({ service, strategy, startupMs, latencyMs, errorRate }) => [
      engine({
        type: 'deploy',
        service,
        strategy,
        ...(startupMs !== undefined && { startupMs }),
        ...((latencyMs !== undefined || errorRate !== undefined) && {
          version: {
            ...(latencyMs !== undefined && { latencyMs }),
            ...(errorRate !== undefined && { errorRate }),
          },
        }),
      }),
    ],
  },
  'service.idempotentOn': {
    id: 'service.idempotentOn',
    label: 'command.idempotentOn',
    params: ({ service }) => ({ service }),
    enabled: ready,
    perform: ({ service }) => [engine({ type: 'idempotent', service, enabled: true })],
  },
  'service.idempotentOff': {
    id: 'service.idempotentOff',
    label: 'command.idempotentOff',
    params: ({ service }) => ({ service }),
    enabled: ready,
    perform: ({ service }) => [engine({ type: 'idempotent', service, enabled: false })],
  },
  'route.outboxOn': {
    id: 'route.outboxOn',
    label: 'command.outboxOn',
    params: ({ route }) => ({ route }),
    enabled: ready,
    perform: ({ route }) => [engine({ type: 'outbox', route, enabled: true })],
  },
  'route.outboxOff': {
    id: 'route.outboxOff',
    label: 'command.outboxOff',
    params: ({ route }) => ({ route }),
    enabled: ready,
    perform: ({ route }) => [engine({ type: 'outbox', route, enabled: false })],
  },
  'link.latency': {
    id: 'link.latency',
    label: 'command.latency',
    params: (x) => ({ ...ends(x), addMs: x.addMs, jitterMs: x.jitterMs }),
    enabled: acts,
    perform: ({ link, addMs, jitterMs }) => [engine({ type: 'latency', link, addMs, jitterMs })],
  },
  'link.latencyClear': {
    id: 'link.latencyClear',
    label: 'command.latencyClear',
    params: ends,
    enabled: acts,
    perform: ({ link }) => [engine({ type: 'latency', link, addMs: 0, jitterMs: 0 })],
  },
  'link.loss': {
    id: 'link.loss',
    label: 'command.loss',
    params: (x) => ({ ...ends(x), percent: x.percent }),
    danger: true,
    enabled: acts,
    perform: ({ link, percent }) => [engine({ type: 'loss', link, percent })],
  },
  'link.lossClear': {
    id: 'link.lossClear',
    label: 'command.lossClear',
    params: ends,
    enabled: acts,
    perform: ({ link }) => [engine({ type: 'loss', link, percent: 0 })],
  },
  'link.partition': {
    id: 'link.partition',
    label: 'command.partition',
    params: ends,
    danger: true,
    enabled: acts,
    perform: ({ link }) => [engine({ type: 'partition', link })],
  },
  'link.heal': {
    id: 'link.heal',
    label: 'command.heal',
    params: ends,
    enabled: acts,
    perform: ({ link }) => [engine({ type: 'heal', link })],
  },
  'link.clear': {
    id: 'link.clear',
    label: 'command.clearLink',
    params: ends,
    enabled: acts,
    perform: ({ link }) => [
      engine({ type: 'latency', link, addMs: 0, jitterMs: 0 }),
      engine({ type: 'loss', link, percent: 0 }),
      engine({ type: 'heal', link }),
    ],
  },
  'broker.down': {
    id: 'broker.down',
    label: 'node.stopBroker',
    danger: true,
    enabled: (s) => acts(s) && s.brokerStatus === 'up',
    perform: () => [engine({ type: 'brokerDown' })],
  },
  'broker.up': {
    id: 'broker.up',
    label: 'node.startBroker',
    enabled: (s) => acts(s) && s.brokerStatus === 'down',
    perform: () => [engine({ type: 'brokerUp' })],
  },
};

/** Every command, in registry order. */
export const COMMAND_LIST: readonly CommandDef<CommandId, never>[] = Object.values(COMMANDS);

// One invocation's definition and arguments, with the id ↔ args link the type system cannot
// follow through an indexed access (each entry is checked where COMMANDS is declared).
function resolve(inv: Invocation): [CommandDef<CommandId, object>, object] {
  return [COMMANDS[inv.id] as unknown as CommandDef<CommandId, object>, inv.args ?? {}];
}

export function isEnabled(inv: Invocation, state: CommandState): boolean {
  const [def, args] = resolve(inv);
  return def.enabled(state, args);
}

/** The label key and its parameters, for `t(...labelOf(inv, state))`. */
export function labelOf(inv: Invocation, state: CommandState): [MessageKey, Params | undefined] {
  const [def, args] = resolve(inv);
  return [def.label, def.params?.(args, state)];
}

/** What the command would do now (nothing when it is not enabled). */
export function effectsOf(inv: Invocation, state: CommandState): Effect[] {
  const [def, args] = resolve(inv);
  return def.enabled(state, args) ? def.perform(args, state) : [];
}

/** The engine commands among the effects (what a menu item "sends"). */
export const engineCommands = (effects: readonly Effect[]): Command[] =>
  effects.flatMap((e) => (e.to === 'engine' ? [e.command] : []));

/** Carries effects out: engine commands and sim-client calls on `client`, page actions on `ui`. */
export function perform(
  effects: readonly Effect[],
  client: CommandClient,
  ui?: (action: UiAction) => void,
): void {
  for (const e of effects) {
    if (e.to === 'engine') client.command(e.command);
    else if (e.to === 'ui') ui?.(e.action);
    else if (e.call === 'setSpeed') client.setSpeed(e.speed);
    else void client[e.call]();
  }
}

/** Runs an invocation if it is enabled; returns whether it ran. */
export function run(
  inv: Invocation,
  state: CommandState,
  client: CommandClient,
  ui?: (action: UiAction) => void,
): boolean {
  const effects = effectsOf(inv, state);
  if (effects.length === 0) return false;
  perform(effects, client, ui);
  return true;
}

// ───────────────────────────── keys ─────────────────────────────

/** The parts of a `KeyboardEvent` a key test reads. */
export interface KeyPress {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

export function keyMatches(b: KeyBinding, e: KeyPress): boolean {
  if (e.altKey || e.ctrlKey || e.metaKey || e.key !== b.key) return false;
  return b.shift === undefined || b.shift === e.shiftKey;
}

/** The command (of `scope`) a key press runs, if any. */
export function commandForKey(e: KeyPress, scope: KeyScope): PlainCommandId | null {
  for (const c of COMMAND_LIST)
    // Commands with keys take no arguments (registry.test checks it).
    if (c.scope === scope && c.keys?.some((b) => keyMatches(b, e))) return c.id as PlainCommandId;
  return null;
}

/** Does this key press run `id`? (For handlers of `focus` commands.) */
export const isKeyFor = (id: CommandId, e: KeyPress): boolean =>
  COMMANDS[id].keys?.some((b) => keyMatches(b, e)) ?? false;

/** Every command that has keys, in registry order (the `?` overlay lists these). */
export const shortcutCommands = (): readonly CommandDef<CommandId, never>[] =>
  COMMAND_LIST.filter((c) => (c.keys?.length ?? 0) > 0);

/** How a key is written: `Shift + F10`, `K`, `.`; a word key through the catalogue. */
export function keyText(b: KeyBinding, t: (key: MessageKey) => string): string {
  const base = b.name ? t(b.name) : b.key.length === 1 ? b.key.toUpperCase() : b.key;
  return b.shift ? `Shift + ${base}` : base;
}

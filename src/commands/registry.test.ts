import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { ptBR } from '../i18n/ptBR';
import { translate } from '../i18n';
import {
  COMMAND_LIST,
  COMMANDS,
  commandForKey,
  effectsOf,
  engineCommands,
  isEnabled,
  isKeyFor,
  keyText,
  labelOf,
  run,
  shortcutCommands,
  type CommandClient,
  type CommandState,
  type KeyPress,
} from './registry';

const state = (over: Partial<CommandState> = {}): CommandState => ({
  phase: 'ready',
  playing: false,
  instances: {
    'orders#1': { status: 'up' },
    'orders#2': { status: 'up', paused: true },
    'users#1': { status: 'down' },
  },
  instanceIds: { orders: ['orders#1', 'orders#2'], users: ['users#1'], empty: [] },
  brokerStatus: 'up',
  speed: 1,
  ...over,
});

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  shiftKey: false,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...mods,
});

function recorder() {
  const calls: unknown[][] = [];
  const client: CommandClient = {
    command: (c) => void calls.push(['command', c]),
    play: () => void calls.push(['play']),
    pause: () => void calls.push(['pause']),
    togglePlay: () => void calls.push(['togglePlay']),
    step: async () => void calls.push(['step']),
    stepBack: async () => void calls.push(['stepBack']),
    reset: async () => void calls.push(['reset']),
    setSpeed: (s) => void calls.push(['setSpeed', s]),
  };
  return { client, calls };
}

describe('command registry', () => {
  it('every entry is filed under its own id and labelled in en and pt-BR', () => {
    for (const [id, def] of Object.entries(COMMANDS)) {
      expect(def.id).toBe(id);
      expect(en[def.label]).toBeTruthy();
      expect(ptBR[def.label]).toBeTruthy();
      for (const b of def.keys ?? []) if (b.name) expect(ptBR[b.name]).toBeTruthy();
    }
  });

  it('scale ± is one definition: n ± 1 from the instances the mirror holds', () => {
    const s = state();
    expect(effectsOf({ id: 'service.scaleUp', args: { service: 'orders' } }, s)).toEqual([
      { to: 'engine', command: { type: 'scale', service: 'orders', replicas: 3 } },
    ]);
    expect(
      engineCommands(effectsOf({ id: 'service.scaleDown', args: { service: 'orders' } }, s)),
    ).toEqual([{ type: 'scale', service: 'orders', replicas: 1 }]);
    expect(isEnabled({ id: 'service.scaleDown', args: { service: 'empty' } }, s)).toBe(false);
    const [key, params] = labelOf({ id: 'service.scaleUp', args: { service: 'orders' } }, s);
    expect(translate('en', key, params)).toBe('Add an instance to orders (2 → 3)');
    expect(translate('pt-BR', key, params)).toBe('Adicionar uma instância a orders (2 → 3)');
  });

  it('a deploy sends what the new version changes, and needs an instance to replace', () => {
    const s = state();
    const deploy = (args: Record<string, unknown>) =>
      engineCommands(
        effectsOf(
          { id: 'service.deploy', args: { service: 'orders', strategy: 'rolling', ...args } },
          s,
        ),
      );
    expect(deploy({})).toEqual([{ type: 'deploy', service: 'orders', strategy: 'rolling' }]);
    expect(deploy({ strategy: 'recreate', startupMs: 800, latencyMs: 2 })).toEqual([
      {
        type: 'deploy',
        service: 'orders',
        strategy: 'recreate',
        startupMs: 800,
        version: { latencyMs: 2 },
      },
    ]);
    expect(deploy({ errorRate: 30 })[0]).toMatchObject({ version: { errorRate: 30 } });
    expect(
      isEnabled({ id: 'service.deploy', args: { service: 'empty', strategy: 'rolling' } }, s),
    ).toBe(false);
  });

  it('a load runs until changed; stopping it is rps 0', () => {
    const s = state();
    expect(
      engineCommands(effectsOf({ id: 'route.load', args: { route: 'GET /x', rps: 40 } }, s)),
    ).toEqual([{ type: 'load', route: 'GET /x', rps: 40, forMs: 3_600_000 }]);
    expect(
      engineCommands(effectsOf({ id: 'route.loadStop', args: { route: 'GET /x' } }, s)),
    ).toEqual([{ type: 'load', route: 'GET /x', rps: 0, forMs: 3_600_000 }]);
  });

  it('enabled() follows the state: down instances restart, paused ones resume, the broker flips', () => {
    const s = state();
    expect(isEnabled({ id: 'instance.kill', args: { instance: 'orders#1' } }, s)).toBe(true);
    expect(isEnabled({ id: 'instance.kill', args: { instance: 'users#1' } }, s)).toBe(false);
    expect(isEnabled({ id: 'instance.restart', args: { instance: 'users#1' } }, s)).toBe(true);
    expect(isEnabled({ id: 'instance.pause', args: { instance: 'orders#2' } }, s)).toBe(false);
    expect(isEnabled({ id: 'instance.resume', args: { instance: 'orders#2' } }, s)).toBe(true);
    expect(isEnabled({ id: 'instance.pause', args: { instance: 'users#1' } }, s)).toBe(false);
    expect(isEnabled({ id: 'broker.down' }, s)).toBe(true);
    expect(isEnabled({ id: 'broker.up' }, s)).toBe(false);
    expect(isEnabled({ id: 'broker.up' }, state({ brokerStatus: 'down' }))).toBe(true);
    expect(isEnabled({ id: 'broker.down' }, state({ brokerStatus: null }))).toBe(false);
    // Nothing reaches the engine before a scenario is ready.
    expect(isEnabled({ id: 'sim.playPause' }, state({ phase: 'loading' }))).toBe(false);
    expect(isEnabled({ id: 'ui.shortcuts' }, state({ phase: 'loading' }))).toBe(true);
  });

  it('run() sends engine commands through client.command and calls the client methods', () => {
    const { client, calls } = recorder();
    const ui: string[] = [];
    run({ id: 'sim.playPause' }, state(), client);
    run({ id: 'sim.step' }, state(), client);
    run({ id: 'sim.speed', args: { speed: 4 } }, state(), client);
    run({ id: 'sim.reset' }, state(), client, (a) => ui.push(a));
    run({ id: 'link.clear', args: { link: ['gateway', 'broker'] } }, state(), client);
    expect(run({ id: 'instance.kill', args: { instance: 'users#1' } }, state(), client)).toBe(
      false,
    );
    expect(calls).toEqual([
      ['togglePlay'],
      ['step'],
      ['setSpeed', 4],
      ['reset'],
      ['command', { type: 'latency', link: ['gateway', 'broker'], addMs: 0, jitterMs: 0 }],
      ['command', { type: 'loss', link: ['gateway', 'broker'], percent: 0 }],
      ['command', { type: 'heal', link: ['gateway', 'broker'] }],
    ]);
    expect(ui).toEqual(['clearSelection']);
  });

  it('keys: Space plays, . and → step, ? opens the overlay; modifiers and other scopes do not', () => {
    expect(commandForKey(press(' '), 'page')).toBe('sim.playPause');
    expect(commandForKey(press('k'), 'page')).toBe('selection.kill');
    expect(commandForKey(press('s'), 'page')).toBe('selection.scaleUp');
    expect(commandForKey(press('S', { shiftKey: true }), 'page')).toBe('selection.scaleDown');
    expect(commandForKey(press('.'), 'page')).toBe('sim.step');
    expect(commandForKey(press('ArrowRight'), 'page')).toBe('sim.step');
    expect(commandForKey(press('?', { shiftKey: true }), 'page')).toBe('ui.shortcuts');
    expect(commandForKey(press('k', { ctrlKey: true }), 'page')).toBeNull();
    expect(commandForKey(press('F10', { shiftKey: true }), 'page')).toBeNull();
    expect(isKeyFor('ui.menu', press('F10', { shiftKey: true }))).toBe(true);
    expect(isKeyFor('ui.menu', press('F10'))).toBe(false);
    expect(isKeyFor('ui.menu', press('ContextMenu'))).toBe(true);
  });

  it('presenter keys act on the selection: K kills the chip pointed at (or the selected service’s first running instance), S / Shift+S scale', () => {
    const effects = (
      id: 'selection.kill' | 'selection.scaleUp' | 'selection.scaleDown',
      target: string | null,
    ) => engineCommands(effectsOf({ id }, state({ target })));
    expect(effects('selection.kill', 'orders#2')).toEqual([{ type: 'kill', instance: 'orders#2' }]);
    expect(effects('selection.kill', 'orders')).toEqual([{ type: 'kill', instance: 'orders#1' }]);
    // Nothing to kill: a down instance, a service with none running, no selection.
    expect(effects('selection.kill', 'users#1')).toEqual([]);
    expect(effects('selection.kill', 'users')).toEqual([]);
    expect(effects('selection.kill', null)).toEqual([]);
    expect(isEnabled({ id: 'selection.kill' }, state({ target: null }))).toBe(false);
    expect(effects('selection.scaleUp', 'orders#2')).toEqual([
      { type: 'scale', service: 'orders', replicas: 3 },
    ]);
    expect(effects('selection.scaleDown', 'orders')).toEqual([
      { type: 'scale', service: 'orders', replicas: 1 },
    ]);
    expect(effects('selection.scaleDown', 'empty')).toEqual([]);
    expect(effects('selection.scaleUp', 'gateway')).toEqual([]);
  });

  it('no two commands of a scope share a key, and every shortcut reads without arguments', () => {
    const seen = new Set<string>();
    for (const c of shortcutCommands()) {
      for (const b of c.keys ?? []) {
        const k = `${c.scope}:${b.key}:${String(b.shift)}`;
        expect(seen.has(k), k).toBe(false);
        seen.add(k);
      }
      expect(c.params).toBeUndefined(); // the overlay shows the label as it is
      // A key press carries no arguments: what it does comes from the state alone.
      const effects = c.perform({} as never, state({ speed: 2 }));
      expect(
        JSON.stringify(effects, (_k, v: unknown) => (v === undefined ? 'MISSING' : v)),
      ).not.toMatch(/MISSING/);
      expect(en[c.label]).not.toMatch(/\{/);
    }
    expect(shortcutCommands().map((c) => c.id)).toEqual([
      'sim.playPause',
      'sim.step',
      'sim.stepBack',
      'sim.reset',
      'sim.faster',
      'sim.slower',
      'selection.kill',
      'selection.scaleUp',
      'selection.scaleDown',
      'ui.presenter',
      'ui.panels',
      'ui.shortcuts',
      'ui.menu',
      'ui.close',
    ]);
    expect(COMMAND_LIST.length).toBe(Object.keys(COMMANDS).length);
  });

  it('+ and − step through the offered speeds and stop at the ends; P and B switch the view', () => {
    const speedOf = (id: 'sim.faster' | 'sim.slower', speed: number) =>
      COMMANDS[id].perform({}, state({ speed }));
    expect(commandForKey(press('+', { shiftKey: true }), 'page')).toBe('sim.faster');
    expect(commandForKey(press('-'), 'page')).toBe('sim.slower');
    expect(speedOf('sim.faster', 1)).toEqual([{ to: 'client', call: 'setSpeed', speed: 2 }]);
    expect(speedOf('sim.slower', 1)).toEqual([{ to: 'client', call: 'setSpeed', speed: 0.5 }]);
    // A speed from the URL that the menu does not offer goes to its neighbours.
    expect(speedOf('sim.faster', 3)).toEqual([{ to: 'client', call: 'setSpeed', speed: 4 }]);
    expect(isEnabled({ id: 'sim.faster' }, state({ speed: 8 }))).toBe(false);
    expect(isEnabled({ id: 'sim.slower' }, state({ speed: 0.25 }))).toBe(false);
    expect(commandForKey(press('p'), 'page')).toBe('ui.presenter');
    expect(COMMANDS['ui.presenter'].perform({}, state())).toEqual([
      { to: 'ui', action: 'presenter' },
    ]);
    expect(commandForKey(press('b'), 'page')).toBe('ui.panels');
  });

  it('keys are written for people', () => {
    const t = (k: Parameters<typeof translate>[1]) => translate('pt-BR', k);
    expect(COMMANDS['sim.playPause'].keys?.map((b) => keyText(b, t))).toEqual(['Espaço']);
    expect(COMMANDS['selection.scaleDown'].keys?.map((b) => keyText(b, t))).toEqual(['Shift + S']);
    expect(COMMANDS['ui.menu'].keys?.map((b) => keyText(b, t))).toEqual([
      'Tecla Menu',
      'Shift + F10',
    ]);
  });
});

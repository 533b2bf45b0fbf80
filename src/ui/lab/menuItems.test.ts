import { describe, expect, it } from 'vitest';
import type { CommandState } from '../../commands';
import { translate } from '../../i18n';
import { linkOfEdge, menuItems, type ActiveFault, type MenuContext } from './menuItems';

const model = {
  gateway: { id: 'gateway', label: 'g' },
  broker: { id: 'broker', label: 'b' },
  services: [{ id: 'orders', autoscale: { enabled: false } }, { id: 'users' }],
  routes: [{ key: 'GET /orders/:id', to: ['orders'] }],
} as unknown as MenuContext['model'];

const state = (over: Partial<CommandState> = {}): CommandState => ({
  phase: 'ready',
  playing: true,
  instances: {
    'orders#1': { status: 'up' },
    'orders#2': { status: 'up' },
    'users#1': { status: 'down' },
  },
  instanceIds: { orders: ['orders#1', 'orders#2'], users: ['users#1'] },
  brokerStatus: 'up',
  speed: 1,
  ...over,
});

const ctx = (over: Partial<MenuContext> = {}): MenuContext => ({
  model,
  state: state(),
  autoscale: {},
  active: [],
  ...over,
});
const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

describe('canvas fault menu items', () => {
  it('an up instance offers kill and pause; a paused one offers resume', () => {
    expect(ids(menuItems({ kind: 'instance', id: 'orders#1' }, ctx()))).toEqual(['kill', 'pause']);
    const pausedState = state({
      instances: { 'orders#1': { status: 'up', paused: true } },
    });
    const paused = menuItems({ kind: 'instance', id: 'orders#1' }, ctx({ state: pausedState }));
    expect(ids(paused)).toEqual(['kill', 'resume']);
    expect(paused[1]?.commands).toEqual([{ type: 'resume', instance: 'orders#1' }]);
  });

  it('a down instance offers restart and cannot be paused', () => {
    const items = menuItems({ kind: 'instance', id: 'users#1' }, ctx());
    expect(ids(items)).toEqual(['restart', 'pause']);
    expect(items[1]?.disabled).toBe(true);
  });

  it('a service offers kill all, slow ×5, errors, poison, scale ±, autoscale and deploys; active faults flip to undo', () => {
    const items = menuItems({ kind: 'service', id: 'orders' }, ctx());
    expect(ids(items)).toEqual([
      'kill-service',
      'slow',
      'errors',
      'poison',
      'scale-up',
      'scale-down',
      'autoscale-on',
      'deploy-rolling',
      'deploy-recreate',
      'deploy-faulty',
      'deploy-custom',
    ]);
    const custom = items.find((i) => i.id === 'deploy-custom');
    expect(custom?.opens).toBe('deploy');
    expect(custom?.commands).toEqual([]);
    expect(custom && translate('en', ...custom.label)).toBe('Deploy a new version of orders…');
    expect(items.find((i) => i.id === 'deploy-faulty')?.commands).toEqual([
      { type: 'deploy', service: 'orders', strategy: 'rolling', version: { errorRate: 50 } },
    ]);
    const deploy = items.find((i) => i.id === 'deploy-recreate');
    expect(deploy?.commands).toEqual([{ type: 'deploy', service: 'orders', strategy: 'recreate' }]);
    expect(deploy && translate('pt-BR', ...deploy.label)).toBe(
      'Fazer o deploy de uma nova versão de orders (recreate)',
    );
    const up = items.find((i) => i.id === 'scale-up');
    expect(up?.commands).toEqual([{ type: 'scale', service: 'orders', replicas: 3 }]);
    expect(up && translate('en', ...up.label)).toBe('Add an instance to orders (2 → 3)');
    const active: ActiveFault[] = [
      { kind: 'slow', target: 'orders', params: { factor: 5 } },
      { kind: 'kill-service', target: 'orders', params: {} },
    ];
    const undo = menuItems({ kind: 'service', id: 'orders' }, ctx({ active }));
    expect(ids(undo).slice(0, 2)).toEqual(['restart-service', 'slow-clear']);
    expect(undo[1]?.commands).toEqual([{ type: 'slow', service: 'orders', factor: 1 }]);
  });

  it('a link edge through a load balancer names the gateway↔service link; partition flips to heal', () => {
    expect(linkOfEdge(model, 'gateway', 'lb:orders')).toEqual(['gateway', 'orders']);
    expect(linkOfEdge(model, 'lb:orders', 'orders')).toEqual(['gateway', 'orders']);
    const target = {
      kind: 'link',
      edge: 'broker->orders',
      source: 'broker',
      target: 'orders',
    } as const;
    expect(ids(menuItems(target, ctx()))).toEqual(['latency', 'loss', 'partition', 'clear']);
    const active = [{ kind: 'partition', target: 'orders<->broker', params: {} }];
    const items = menuItems(target, ctx({ active }));
    expect(ids(items)).toEqual(['latency', 'loss', 'heal', 'clear']);
    expect(items[3]?.disabled).toBe(false);
  });

  it('the broker flips between stop and start', () => {
    expect(ids(menuItems({ kind: 'broker', id: 'broker' }, ctx()))).toEqual(['broker-down']);
    const down = ctx({ state: state({ brokerStatus: 'down' }) });
    expect(ids(menuItems({ kind: 'broker', id: 'broker' }, down))).toEqual(['broker-up']);
  });
});

import { describe, expect, it } from 'vitest';
import { linkOfEdge, menuItems, type ActiveFault, type MenuContext } from './menuItems';

const model = {
  gateway: { id: 'gateway', label: 'g' },
  broker: { id: 'broker', label: 'b' },
  services: [{ id: 'orders', autoscale: { enabled: false } }, { id: 'users' }],
  routes: [{ key: 'GET /orders/:id', to: ['orders'] }],
} as unknown as MenuContext['model'];

const ctx = (over: Partial<MenuContext> = {}): MenuContext => ({
  model,
  status: { 'orders#1': 'up', 'orders#2': 'up', 'users#1': 'down' },
  instanceIds: { orders: ['orders#1', 'orders#2'], users: ['users#1'] },
  paused: [],
  autoscale: {},
  brokerStatus: 'up',
  active: [],
  ...over,
});
const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

describe('canvas fault menu items', () => {
  it('an up instance offers kill and pause; a paused one offers resume', () => {
    expect(ids(menuItems({ kind: 'instance', id: 'orders#1' }, ctx()))).toEqual(['kill', 'pause']);
    const paused = menuItems({ kind: 'instance', id: 'orders#1' }, ctx({ paused: ['orders#1'] }));
    expect(ids(paused)).toEqual(['kill', 'resume']);
    expect(paused[1]?.commands).toEqual([{ type: 'resume', instance: 'orders#1' }]);
  });

  it('a down instance offers restart and cannot be paused', () => {
    const items = menuItems({ kind: 'instance', id: 'users#1' }, ctx());
    expect(ids(items)).toEqual(['restart', 'pause']);
    expect(items[1]?.disabled).toBe(true);
  });

  it('a service offers kill all, slow ×5, errors, poison, scale ± and autoscale; active faults flip to undo', () => {
    const items = menuItems({ kind: 'service', id: 'orders' }, ctx());
    expect(ids(items)).toEqual([
      'kill-service',
      'slow',
      'errors',
      'poison',
      'scale-up',
      'scale-down',
      'autoscale-on',
    ]);
    expect(items.find((i) => i.id === 'scale-up')?.commands).toEqual([
      { type: 'scale', service: 'orders', replicas: 3 },
    ]);
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
    expect(ids(menuItems({ kind: 'broker', id: 'broker' }, ctx({ brokerStatus: 'down' })))).toEqual(
      ['broker-up'],
    );
  });
});

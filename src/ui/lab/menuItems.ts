/**
 * What a canvas context menu offers for a target, as data: each item is a label key, its
 * parameters and the engine commands it sends. An active fault shows its undo instead (pause ↔
 * resume, partition ↔ heal, slow ×5 ↔ back to normal …). Pure, so it is unit-tested.
 */
import type { SimModel } from '../../engine/types';
import type { LabCommand, Link } from './commands';
import type { LabKey, LabParams } from './labI18n';
import { sameLink } from './links';
import type { MenuTarget } from './menuStore';

export interface ActiveFault {
  kind: string;
  target: string;
  params: Record<string, string | number | boolean>;
}

export interface MenuContext {
  model: Pick<SimModel, 'gateway' | 'services' | 'routes' | 'broker'>;
  /** Status by instance id. */
  status: Record<string, 'up' | 'starting' | 'down' | undefined>;
  /** Instance ids by service (as the sim mirror keeps them). */
  instanceIds: Record<string, readonly string[]>;
  paused: readonly string[];
  autoscale: Record<string, boolean>;
  brokerStatus: 'up' | 'down' | null;
  active: readonly ActiveFault[];
}

export interface MenuItem {
  /** `data-id` suffix: `menu:<id>`. */
  id: string;
  label: LabKey;
  params?: LabParams;
  commands: LabCommand[];
  danger?: boolean;
  disabled?: boolean;
}

export const SLOW_FACTOR = 5;
export const ERROR_PERCENT = 50;
export const LATENCY_MS = 200;
export const LOSS_PERCENT = 30;

const lbPrefix = 'lb:';
const stripLb = (id: string) => (id.startsWith(lbPrefix) ? id.slice(lbPrefix.length) : id);

/** The engine link a drawn edge stands for (`gateway → lb:orders → orders` is `gateway↔orders`). */
export function linkOfEdge(model: Pick<SimModel, 'gateway'>, source: string, target: string): Link {
  if (source.startsWith(lbPrefix) || target.startsWith(lbPrefix))
    return [model.gateway.id, stripLb(source.startsWith(lbPrefix) ? source : target)];
  return [source, target];
}

export function menuTitle(target: MenuTarget, ctx: MenuContext): [LabKey, LabParams] {
  switch (target.kind) {
    case 'instance':
      return ['menu.instance', { id: target.id }];
    case 'service':
      return ['menu.service', { id: target.id }];
    case 'broker':
      return ['menu.broker', { id: target.id }];
    case 'link': {
      const [a, b] = linkOfEdge(ctx.model, target.source, target.target);
      return ['menu.link', { a, b }];
    }
  }
}

export function menuItems(target: MenuTarget, ctx: MenuContext): MenuItem[] {
  const find = (kind: string, on: (t: string) => boolean) =>
    ctx.active.find((f) => f.kind === kind && on(f.target));
  switch (target.kind) {
    case 'instance': {
      const instance = target.id;
      const status = ctx.status[instance] ?? 'down';
      const paused = ctx.paused.includes(instance);
      return [
        status === 'down'
          ? { id: 'restart', label: 'faults.restart', commands: [{ type: 'restart', instance }] }
          : {
              id: 'kill',
              label: 'faults.kill',
              danger: true,
              commands: [{ type: 'kill', instance }],
            },
        paused
          ? { id: 'resume', label: 'faults.resume', commands: [{ type: 'resume', instance }] }
          : {
              id: 'pause',
              label: 'faults.pause',
              disabled: status === 'down',
              commands: [{ type: 'pause', instance }],
            },
      ];
    }
    case 'service': {
      const service = target.id;
      const spec = ctx.model.services.find((s) => s.id === service);
      const ids = ctx.instanceIds[service] ?? [];
      const n = ids.length;
      const allDown = n > 0 && ids.every((i) => (ctx.status[i] ?? 'down') === 'down');
      const killed = find('kill-service', (t) => t === service) !== undefined || allDown;
      const slow = find('slow', (t) => t === service);
      const errs = find('error-rate', (t) => t === service);
      const route = ctx.model.routes.find((r) => r.to.includes(service));
      const items: MenuItem[] = [
        killed
          ? {
              id: 'restart-service',
              label: 'faults.restartService',
              commands: [{ type: 'restartService', service }],
            }
          : {
              id: 'kill-service',
              label: 'faults.killService',
              danger: true,
              commands: [{ type: 'killService', service }],
            },
        slow
          ? {
              id: 'slow-clear',
              label: 'menu.slowClear',
              params: { n: Number(slow.params.factor ?? SLOW_FACTOR) },
              commands: [{ type: 'slow', service, factor: 1 }],
            }
          : {
              id: 'slow',
              label: 'menu.slow',
              params: { n: SLOW_FACTOR },
              commands: [{ type: 'slow', service, factor: SLOW_FACTOR }],
            },
        errs
          ? {
              id: 'errors-clear',
              label: 'menu.errorsClear',
              params: { n: Number(errs.params.percent ?? ERROR_PERCENT) },
              commands: [{ type: 'errorRate', service, percent: 0 }],
            }
          : {
              id: 'errors',
              label: 'menu.errors',
              params: { n: ERROR_PERCENT },
              danger: true,
              commands: [{ type: 'errorRate', service, percent: ERROR_PERCENT }],
            },
      ];
      if (route)
        items.push({
          id: 'poison',
          label: 'menu.poison',
          params: { route: route.key },
          danger: true,
          disabled: find('poison', (t) => t === route.key) !== undefined,
          commands: [{ type: 'poison', route: route.key }],
        });
      items.push(
        {
          id: 'scale-up',
          label: 'menu.scaleUp',
          params: { n, m: n + 1 },
          commands: [{ type: 'scale', service, replicas: n + 1 }],
        },
        {
          id: 'scale-down',
          label: 'menu.scaleDown',
          params: { n, m: Math.max(0, n - 1) },
          disabled: n <= 0,
          commands: [{ type: 'scale', service, replicas: Math.max(0, n - 1) }],
        },
      );
      if (spec?.autoscale) {
        const on = ctx.autoscale[service] ?? spec.autoscale.enabled;
        items.push({
          id: on ? 'autoscale-off' : 'autoscale-on',
          label: on ? 'menu.autoscaleOff' : 'menu.autoscaleOn',
          commands: [{ type: 'autoscale', service, enabled: !on }],
        });
      }
      return items;
    }
    case 'broker':
      return ctx.brokerStatus === 'down'
        ? [{ id: 'broker-up', label: 'faults.brokerUp', commands: [{ type: 'brokerUp' }] }]
        : [
            {
              id: 'broker-down',
              label: 'faults.brokerDown',
              danger: true,
              commands: [{ type: 'brokerDown' }],
            },
          ];
    case 'link': {
      const link = linkOfEdge(ctx.model, target.source, target.target);
      const on = (t: string) => sameLink(t, link);
      const latency = find('latency', on);
      const loss = find('loss', on);
      const partition = find('partition', on);
      const clear: LabCommand[] = [
        { type: 'latency', link, addMs: 0, jitterMs: 0 },
        { type: 'loss', link, percent: 0 },
        { type: 'heal', link },
      ];
      return [
        latency
          ? {
              id: 'latency-clear',
              label: 'menu.latencyClear',
              params: { ms: Number(latency.params.addMs ?? LATENCY_MS) },
              commands: [{ type: 'latency', link, addMs: 0, jitterMs: 0 }],
            }
          : {
              id: 'latency',
              label: 'menu.latency',
              params: { ms: LATENCY_MS },
              commands: [{ type: 'latency', link, addMs: LATENCY_MS, jitterMs: 0 }],
            },
        loss
          ? {
              id: 'loss-clear',
              label: 'menu.lossClear',
              params: { n: Number(loss.params.percent ?? LOSS_PERCENT) },
              commands: [{ type: 'loss', link, percent: 0 }],
            }
          : {
              id: 'loss',
              label: 'menu.loss',
              params: { n: LOSS_PERCENT },
              danger: true,
              commands: [{ type: 'loss', link, percent: LOSS_PERCENT }],
            },
        partition
          ? { id: 'heal', label: 'faults.heal', commands: [{ type: 'heal', link }] }
          : {
              id: 'partition',
              label: 'faults.partition',
              danger: true,
              commands: [{ type: 'partition', link }],
            },
        {
          id: 'clear',
          label: 'menu.clearLink',
          disabled: !latency && !loss && !partition,
          commands: clear,
        },
      ];
    }
  }
}

/**
 * What a canvas fault menu offers for a target: registry commands (`src/commands`) with their
 * arguments. An active fault shows its undo instead (pause ↔ resume, partition ↔ heal, slow ×5 ↔
 * back to normal …); an item is disabled when its command is not enabled. Pure, so it is
 * unit-tested.
 */
import {
  COMMANDS,
  effectsOf,
  engineCommands,
  isEnabled,
  labelOf,
  type CommandState,
  type Invocation,
} from '../../commands';
import type { Command, Link, SimModel } from '../../engine/types';
import type { MessageKey, Params } from '../../i18n';
import { lbService } from '../../shared';
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
  /** The sim mirror: instance status and pause, instance ids, broker status. */
  state: CommandState;
  autoscale: Record<string, boolean>;
  active: readonly ActiveFault[];
}

export interface MenuItem {
  /** `data-id` suffix: `menu:<id>`. */
  id: string;
  invocation: Invocation;
  label: [MessageKey, Params | undefined];
  /** The engine commands it sends (none while disabled). */
  commands: Command[];
  danger: boolean;
  disabled: boolean;
  /** Picking it opens a dialog (its own fields, then the command) instead of running it. */
  opens?: 'deploy';
}

export const SLOW_FACTOR = 5;
export const ERROR_PERCENT = 50;
export const LATENCY_MS = 200;
export const LOSS_PERCENT = 30;

/** The engine link a drawn edge stands for (`gateway → lb:orders → orders` is `gateway↔orders`). */
export function linkOfEdge(model: Pick<SimModel, 'gateway'>, source: string, target: string): Link {
  const behind = lbService(source) ?? lbService(target);
  return behind !== null ? [model.gateway.id, behind] : [source, target];
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
  const { state } = ctx;
  const item = (id: string, invocation: Invocation, blocked = false): MenuItem => ({
    id,
    invocation,
    label: labelOf(invocation, state),
    commands: blocked ? [] : engineCommands(effectsOf(invocation, state)),
    danger: COMMANDS[invocation.id].danger === true,
    disabled: blocked || !isEnabled(invocation, state),
  });
  const find = (kind: string, on: (t: string) => boolean) =>
    ctx.active.find((f) => f.kind === kind && on(f.target));
  switch (target.kind) {
    case 'instance': {
      const args = { instance: target.id };
      const down = (state.instances[target.id]?.status ?? 'down') === 'down';
      return [
        down
          ? item('restart', { id: 'instance.restart', args })
          : item('kill', { id: 'instance.kill', args }),
        state.instances[target.id]?.paused === true
          ? item('resume', { id: 'instance.resume', args })
          : item('pause', { id: 'instance.pause', args }),
      ];
    }
    case 'service': {
      const service = target.id;
      const args = { service };
      const spec = ctx.model.services.find((s) => s.id === service);
      const ids = state.instanceIds[service] ?? [];
      const allDown =
        ids.length > 0 && ids.every((i) => (state.instances[i]?.status ?? 'down') === 'down');
      const killed = find('kill-service', (t) => t === service) !== undefined || allDown;
      const route = ctx.model.routes.find((r) => r.to.includes(service));
      const items: MenuItem[] = [
        killed
          ? item('restart-service', { id: 'service.restart', args })
          : item('kill-service', { id: 'service.kill', args }),
        find('slow', (t) => t === service)
          ? item('slow-clear', { id: 'service.slowClear', args })
          : item('slow', { id: 'service.slow', args: { service, factor: SLOW_FACTOR } }),
        find('error-rate', (t) => t === service)
          ? item('errors-clear', { id: 'service.errorsClear', args })
          : item('errors', { id: 'service.errors', args: { service, percent: ERROR_PERCENT } }),
      ];
      if (route)
        items.push(
          item(
            'poison',
            { id: 'route.poison', args: { route: route.key } },
            find('poison', (t) => t === route.key) !== undefined,
          ),
        );
      items.push(
        item('scale-up', { id: 'service.scaleUp', args }),
        item('scale-down', { id: 'service.scaleDown', args }),
      );
      if (spec?.autoscale) {
        const on = ctx.autoscale[service] ?? spec.autoscale.enabled;
        items.push(
          on
            ? item('autoscale-off', { id: 'service.autoscaleOff', args })
            : item('autoscale-on', { id: 'service.autoscaleOn', args }),
        );
      }
      // A new version, as a team ships one: instance by instance, or all at once.
      items.push(
        item('deploy-rolling', { id: 'service.deploy', args: { service, strategy: 'rolling' } }),
        item('deploy-recreate', { id: 'service.deploy', args: { service, strategy: 'recreate' } }),
        // The bad release: the same deploy, its new version failing half of its handlings.
        {
          ...item('deploy-faulty', {
            id: 'service.deploy',
            args: { service, strategy: 'rolling', errorRate: ERROR_PERCENT },
          }),
          label: ['command.deployFaulty', { service, percent: ERROR_PERCENT }],
        },
        {
          ...item('deploy-custom', {
            id: 'service.deploy',
            args: { service, strategy: 'rolling' },
          }),
          label: ['command.deployCustom', { service }],
          commands: [],
          opens: 'deploy',
        },
      );
      return items;
    }
    case 'broker':
      return [
        state.brokerStatus === 'down'
          ? item('broker-up', { id: 'broker.up' })
          : item('broker-down', { id: 'broker.down' }),
      ];
    case 'link': {
      const link = linkOfEdge(ctx.model, target.source, target.target);
      const args = { link };
      const on = (t: string) => sameLink(t, link);
      const latency = find('latency', on);
      const loss = find('loss', on);
      const partition = find('partition', on);
      return [
        latency
          ? item('latency-clear', { id: 'link.latencyClear', args })
          : item('latency', {
              id: 'link.latency',
              args: { link, addMs: LATENCY_MS, jitterMs: 0 },
            }),
        loss
          ? item('loss-clear', { id: 'link.lossClear', args })
          : item('loss', { id: 'link.loss', args: { link, percent: LOSS_PERCENT } }),
        partition
          ? item('heal', { id: 'link.heal', args })
          : item('partition', { id: 'link.partition', args }),
        item('clear', { id: 'link.clear', args }, !latency && !loss && !partition),
      ];
    }
  }
}

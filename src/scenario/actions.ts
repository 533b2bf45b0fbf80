/**
 * Script actions as a table. A step is `{ "at": ms, <action>: value, ...extras }`; to add an
 * action, add one entry here: its value schema, its extra fields, how its references are checked
 * and what engine command it compiles to. The step schema, the checks, the compiler and the JSON
 * Schema (one `oneOf` branch per action) are all derived from this table.
 */
import { z } from 'zod';
import type { DeployStrategy, DeployVersion, ScriptCommand } from '../engine/types';
import { instanceId, parseInstanceId } from '../shared';
import { bool, expected, formatted, list, number, obj, oneOf, wholeNumber } from './fields';
import { unknownName } from './issues';

/** Script steps happen within the first hour of virtual time. */
export const MAX_AT_MS = 3_600_000;
export const MAX_HTTP_COUNT = 100_000;
export const MAX_REPLICAS = 50;

/** Node ids. No regex flags: the pattern is copied into the JSON Schema, which has none. */
export const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;
const ROUTE_REF = /^\s*[A-Za-z]+\s+\/\S*\s*$/;
const INSTANCE_REF = /^[A-Za-z][A-Za-z0-9_-]*#[0-9]{1,6}$/;

/** A step after schema validation: `at` plus the action's own fields (already type-checked). */
export type StepFields = { at: number } & Record<string, unknown>;

/** What an action may look up while checking its references. */
export interface ActionContext {
  /** Route keys of the scenario (`GET /orders/:id`). */
  routeKeys: readonly string[];
  /** Service ids with their replica count when this step runs. */
  services: ReadonlyMap<string, number>;
  /** Whether the scenario has a broker (some service uses redis/nats/rmq/mqtt/kafka). */
  hasBroker: boolean;
  /** Replicas of `service` when this step runs (after the `scale` steps before it). */
  replicas(service: string): number;
  /** Every node id a link may name (client, gateway, broker, services, `lb:<service>`). */
  nodeIds: readonly string[];
  /** Services that have an `autoscale` block. */
  autoscaled: ReadonlySet<string>;
  error(field: string, message: string): void;
  warn(field: string, message: string): void;
}

export interface ExtraField {
  schema: z.ZodType;
  /** Applied by the compiler when the field is absent (and shown in the JSON Schema). */
  default?: unknown;
  required?: boolean;
}

export interface ScriptAction {
  /** One line for the docs and the JSON Schema. */
  help: string;
  value: z.ZodType;
  extras: Record<string, ExtraField>;
  check(step: StepFields, ctx: ActionContext): void;
  compile(step: StepFields): ScriptCommand;
  /**
   * The inverse of `compile`: the step fields (without `at`) that compile to `cmd`, defaults left
   * out. A learner's action is recorded in this form, so a run's commands are script lines.
   */
  toStep(cmd: ScriptCommand): Record<string, unknown>;
  /** Updates the replica counts later steps see (only `scale` does). */
  track?(step: StepFields, replicas: Map<string, number>): void;
}

/** `get  /orders/:id` → `GET /orders/:id`. */
export function normalizeRouteKey(ref: string): string {
  const [method = '', path = ''] = ref.trim().split(/\s+/);
  return `${method.toUpperCase()} ${path}`;
}

const routeRef = formatted('a route like "GET /orders/:id"', ROUTE_REF);
/** A link endpoint: a node id, `lb:<service>` or an instance (`orders#1`). */
const LINK_END = /^(lb:)?[A-Za-z][A-Za-z0-9_-]*(#[0-9]{1,6})?$/;
const linkEnd = formatted('a node id or an instance like "orders#1"', LINK_END, 80);
const linkRef = list(linkEnd, 'link ends', 2, 2).describe(
  'Two nodes, e.g. ["broker", "orders"]; a service id covers all its instances. Both directions.',
);
const instanceRef = formatted('an instance like "orders#1"', INSTANCE_REF, 80);
const serviceRef = formatted('a service id like "orders"', ID_PATTERN, 64);

function checkInstance(key: string, step: StepFields, ctx: ActionContext): void {
  // Validated by INSTANCE_REF, so it parses.
  const ref = parseInstanceId(step[key] as string)!;
  if (!ctx.services.has(ref.service)) {
    ctx.error(
      key,
      unknownName(`no service "${ref.service}"`, ref.service, [...ctx.services.keys()]),
    );
    return;
  }
  if (ref.index < 1) {
    ctx.error(key, `instances are numbered from 1 (${ref.service}#1), got ${ref.index}`);
    return;
  }
  const n = ctx.replicas(ref.service);
  if (ref.index > n)
    ctx.warn(
      key,
      `${ref.service} has ${n} replica${n === 1 ? '' : 's'} at ${step.at} ms, so ${ref.service}#${ref.index} does not exist then; this step does nothing`,
    );
}

/** Narrows a command to the action's own type (the table maps one action to one command). */
function as<T extends ScriptCommand['type']>(
  cmd: ScriptCommand,
  type: T,
): Extract<ScriptCommand, { type: T }> {
  if (cmd.type !== type) throw new Error(`expected a "${type}" command, got "${cmd.type}"`);
  return cmd as Extract<ScriptCommand, { type: T }>;
}

const instanceCommand = (
  type: 'kill' | 'restart',
  key: string,
  step: StepFields,
): ScriptCommand => {
  const ref = parseInstanceId(step[key] as string)!;
  return { type, instance: instanceId(ref.service, ref.index) };
};

/** `{"at": ms, "brokerDown": true}` / `{"at": ms, "brokerUp": true}`: the broker process stops / starts. */
function brokerSwitch(state: 'down' | 'up'): ScriptAction {
  const key = state === 'down' ? 'brokerDown' : 'brokerUp';
  return {
    help:
      state === 'down'
        ? 'Stops the broker process (`true`): every connection drops; what each transport does with clients and messages in flight follows NestJS.'
        : 'Starts the broker again (`true`); clients and servers reconnect after their transport’s delay.',
    value: z.literal(true, { error: (iss) => expected('true', iss.input) }),
    extras: {},
    check(_step, ctx) {
      if (!ctx.hasBroker)
        ctx.warn(key, 'there is no broker (every service uses tcp/grpc); this step does nothing');
    },
    compile: () => ({ type: state === 'down' ? 'brokerDown' : 'brokerUp' }),
    toStep: (cmd) => ({ [as(cmd, key).type]: true }),
  };
}

function checkRoute(key: string, step: StepFields, ctx: ActionContext): void {
  const route = normalizeRouteKey(step[key] as string);
  if (!ctx.routeKeys.includes(route))
    ctx.error(key, unknownName(`no route "${route}"`, route, ctx.routeKeys));
}

function checkService(key: string, id: string, ctx: ActionContext): void {
  if (!ctx.services.has(id))
    ctx.error(key, unknownName(`no service "${id}"`, id, [...ctx.services.keys()]));
}

function checkLink(key: string, link: readonly string[], ctx: ActionContext): void {
  link.forEach((end, i) => {
    const ref = parseInstanceId(end);
    const node = ref ? ref.service : end;
    if (!ctx.nodeIds.includes(node))
      ctx.error(`${key}[${i}]`, unknownName(`no node "${node}"`, node, ctx.nodeIds));
  });
  if (link[0] === link[1]) ctx.error(key, 'a link joins two different nodes');
}

/** `{"at", "partition": [a, b]}` / `{"at", "heal": [a, b]}`. */
function linkSwitch(type: 'partition' | 'heal'): ScriptAction {
  return {
    help:
      type === 'partition'
        ? 'Cuts the link between two nodes (both directions): every message on it is lost until `heal`.'
        : 'Heals a partitioned link.',
    value: linkRef,
    extras: {},
    check: (step, ctx) => checkLink(type, step[type] as string[], ctx),
    compile: (step) => {
      const [a, b] = step[type] as [string, string];
      return { type, link: [a, b] };
    },
    toStep: (cmd) => ({ [type]: [...as(cmd, type).link] }),
  };
}

function instanceSwitch(type: 'pause' | 'resume'): ScriptAction {
  return {
    help:
      type === 'pause'
        ? 'Pauses an instance (`orders#1`): it accepts deliveries but answers nothing until `resume` (a GC pause, a debugger).'
        : 'Resumes a paused instance: it works through what it received.',
    value: instanceRef,
    extras: {},
    check: (step, ctx) => checkInstance(type, step, ctx),
    compile: (step) => {
      const ref = parseInstanceId(step[type] as string)!;
      return { type, instance: instanceId(ref.service, ref.index) };
    },
    toStep: (cmd) => ({ [type]: as(cmd, type).instance }),
  };
}

function serviceSwitch(type: 'killService' | 'restartService'): ScriptAction {
  return {
    help:
      type === 'killService'
        ? 'Stops every instance of a service (its in-flight work is lost).'
        : 'Starts every stopped instance of a service again.',
    value: serviceRef,
    extras: {},
    check: (step, ctx) => checkService(type, step[type] as string, ctx),
    compile: (step) => ({ type, service: step[type] as string }),
    toStep: (cmd) => ({ [type]: as(cmd, type).service }),
  };
}

const latencyValue = obj(
  {
    link: linkRef,
    addMs: wholeNumber(0, MAX_AT_MS),
    jitterMs: wholeNumber(0, MAX_AT_MS).default(0),
  },
  'a latency fault {"link": [a, b], "addMs": …, "jitterMs": …}',
);
const lossValue = obj(
  { link: linkRef, percent: number(0, 100) },
  'a loss fault {"link": [a, b], "percent": …}',
);
const slowValue = obj(
  { service: serviceRef, factor: number(0.01, 1000) },
  'a slow consumer {"service": …, "factor": …}',
);
const errorRateValue = obj(
  { service: serviceRef, percent: number(0, 100) },
  'an error rate {"service": …, "percent": …}',
);
const autoscaleValue = obj(
  { service: serviceRef, enabled: bool() },
  'an autoscaler switch {"service": …, "enabled": true | false}',
);

const idempotentValue = obj(
  { service: serviceRef, enabled: bool() },
  'an idempotency switch {"service": …, "enabled": true | false}',
);
const outboxValue = obj(
  {
    route: routeRef,
    enabled: bool(),
    pollMs: wholeNumber(1, MAX_AT_MS).optional().describe('Relay poll interval (default 500).'),
  },
  'an outbox switch {"route": …, "enabled": true | false, "pollMs"?: ms}',
);

export const LOAD_SHAPES = ['constant', 'burst', 'ramp'] as const;
export const DEPLOY_STRATEGIES = ['rolling', 'recreate'] as const;
const deployVersion = obj(
  { latencyMs: wholeNumber(0, MAX_AT_MS).optional(), errorRate: number(0, 100).optional() },
  'a version {"latencyMs"?: ms, "errorRate"?: percent}',
).describe('What the new version changes: every handler’s latency (ms), an error rate (percent).');
export const MAX_RPS = 100_000;

export const SCRIPT_ACTIONS = {
  http: {
    help: 'The client sends HTTP requests to a gateway route, `count` times, one every `everyMs`.',
    value: routeRef,
    extras: {
      count: { schema: wholeNumber(1, MAX_HTTP_COUNT), default: 1 },
      everyMs: { schema: wholeNumber(0, MAX_AT_MS), default: 0 },
    },
    check(step, ctx) {
      const key = normalizeRouteKey(step.http as string);
      if (!ctx.routeKeys.includes(key))
        ctx.error('http', unknownName(`no route "${key}"`, key, ctx.routeKeys));
    },
    compile(step) {
      return {
        type: 'http',
        route: normalizeRouteKey(step.http as string),
        count: (step.count as number | undefined) ?? 1,
        everyMs: (step.everyMs as number | undefined) ?? 0,
      };
    },
    toStep(cmd) {
      const c = as(cmd, 'http');
      return {
        http: c.route,
        ...(c.count !== 1 ? { count: c.count } : {}),
        ...(c.everyMs !== 0 ? { everyMs: c.everyMs } : {}),
      };
    },
  },
  kill: {
    help: 'Stops one instance (`orders#1`): in-flight work is lost, as when a process dies.',
    value: instanceRef,
    extras: {},
    check: (step, ctx) => checkInstance('kill', step, ctx),
    compile: (step) => instanceCommand('kill', 'kill', step),
    toStep: (cmd) => ({ kill: as(cmd, 'kill').instance }),
  },
  restart: {
    help: 'Starts a stopped instance again; it is `starting` for the service’s `startupMs`.',
    value: instanceRef,
    extras: {},
    check: (step, ctx) => checkInstance('restart', step, ctx),
    compile: (step) => instanceCommand('restart', 'restart', step),
    toStep: (cmd) => ({ restart: as(cmd, 'restart').instance }),
  },
  scale: {
    help: 'Sets the number of replicas of a service (new instances start, extra ones stop).',
    value: serviceRef,
    extras: { replicas: { schema: wholeNumber(0, MAX_REPLICAS), required: true } },
    check(step, ctx) {
      const id = step.scale as string;
      if (!ctx.services.has(id))
        ctx.error('scale', unknownName(`no service "${id}"`, id, [...ctx.services.keys()]));
    },
    compile(step) {
      return { type: 'scale', service: step.scale as string, replicas: step.replicas as number };
    },
    toStep(cmd) {
      const c = as(cmd, 'scale');
      return { scale: c.service, replicas: c.replicas };
    },
    track(step, replicas) {
      if (replicas.has(step.scale as string))
        replicas.set(step.scale as string, step.replicas as number);
    },
  },
  brokerDown: brokerSwitch('down'),
  brokerUp: brokerSwitch('up'),
  load: {
    help: 'Open-loop load on a route: `rps` requests per second for `forMs` (`shape`: constant, ramp to `toRps`, or burst = `burstSize` extra requests every `burstEveryMs`). A new load on the route replaces the running one; `rps` 0 stops it.',
    value: routeRef,
    extras: {
      rps: { schema: number(0, MAX_RPS), required: true },
      forMs: { schema: wholeNumber(1, MAX_AT_MS), required: true },
      shape: { schema: oneOf(LOAD_SHAPES), default: 'constant' },
      toRps: { schema: number(0, MAX_RPS) },
      burstEveryMs: { schema: wholeNumber(1, MAX_AT_MS) },
      burstSize: { schema: wholeNumber(1, 10_000) },
    },
    check(step, ctx) {
      checkRoute('load', step, ctx);
      const shape = (step.shape as string | undefined) ?? 'constant';
      if (shape === 'ramp' && step.toRps === undefined)
        ctx.error('toRps', 'a "ramp" load needs "toRps" (the rate at the end)');
      if (shape === 'burst' && (step.burstEveryMs === undefined || step.burstSize === undefined))
        ctx.error('shape', 'a "burst" load needs "burstEveryMs" and "burstSize"');
      const total = ((step.rps as number) * (step.forMs as number)) / 1000;
      if (total > 2_000_000)
        ctx.warn('rps', `about ${Math.round(total)} requests: the run will be slow`);
    },
    compile(step) {
      const cmd: ScriptCommand = {
        type: 'load',
        route: normalizeRouteKey(step.load as string),
        rps: step.rps as number,
        forMs: step.forMs as number,
        shape: (step.shape as 'constant' | 'burst' | 'ramp' | undefined) ?? 'constant',
      };
      if (step.toRps !== undefined) cmd.toRps = step.toRps as number;
      if (step.burstEveryMs !== undefined) cmd.burstEveryMs = step.burstEveryMs as number;
      if (step.burstSize !== undefined) cmd.burstSize = step.burstSize as number;
      return cmd;
    },
    toStep(cmd) {
      const c = as(cmd, 'load');
      return {
        load: c.route,
        rps: c.rps,
        forMs: c.forMs,
        ...(c.shape !== undefined && c.shape !== 'constant' ? { shape: c.shape } : {}),
        ...(c.toRps !== undefined ? { toRps: c.toRps } : {}),
        ...(c.burstEveryMs !== undefined ? { burstEveryMs: c.burstEveryMs } : {}),
        ...(c.burstSize !== undefined ? { burstSize: c.burstSize } : {}),
      };
    },
  },
  latency: {
    help: 'Adds `addMs` ± `jitterMs` to every hop on a link (both directions); `addMs` 0 clears it.',
    value: latencyValue,
    extras: {},
    check: (step, ctx) => checkLink('latency.link', (step.latency as { link: string[] }).link, ctx),
    compile(step) {
      const v = step.latency as { link: [string, string]; addMs: number; jitterMs?: number };
      return {
        type: 'latency',
        link: [v.link[0], v.link[1]],
        addMs: v.addMs,
        jitterMs: v.jitterMs ?? 0,
      };
    },
    toStep(cmd) {
      const c = as(cmd, 'latency');
      return { latency: { link: [...c.link], addMs: c.addMs, jitterMs: c.jitterMs } };
    },
  },
  loss: {
    help: 'Drops `percent` % of the messages on a link (both directions, seeded); 0 clears it.',
    value: lossValue,
    extras: {},
    check: (step, ctx) => checkLink('loss.link', (step.loss as { link: string[] }).link, ctx),
    compile(step) {
      const v = step.loss as { link: [string, string]; percent: number };
      return { type: 'loss', link: [v.link[0], v.link[1]], percent: v.percent };
    },
    toStep(cmd) {
      const c = as(cmd, 'loss');
      return { loss: { link: [...c.link], percent: c.percent } };
    },
  },
  partition: linkSwitch('partition'),
  heal: linkSwitch('heal'),
  pause: instanceSwitch('pause'),
  resume: instanceSwitch('resume'),
  killService: serviceSwitch('killService'),
  restartService: serviceSwitch('restartService'),
  slow: {
    help: 'A slow consumer: the service’s handlers take `factor` times longer (1 = normal).',
    value: slowValue,
    extras: {},
    check: (step, ctx) =>
      checkService('slow.service', (step.slow as { service: string }).service, ctx),
    compile(step) {
      const v = step.slow as { service: string; factor: number };
      return { type: 'slow', service: v.service, factor: v.factor };
    },
    toStep(cmd) {
      const c = as(cmd, 'slow');
      return { slow: { service: c.service, factor: c.factor } };
    },
  },
  errorRate: {
    help: 'An extra `percent` % of the service’s handlings throw (0 = none).',
    value: errorRateValue,
    extras: {},
    check: (step, ctx) =>
      checkService('errorRate.service', (step.errorRate as { service: string }).service, ctx),
    compile(step) {
      const v = step.errorRate as { service: string; percent: number };
      return { type: 'errorRate', service: v.service, percent: v.percent };
    },
    toStep(cmd) {
      const c = as(cmd, 'errorRate');
      return { errorRate: { service: c.service, percent: c.percent } };
    },
  },
  poison: {
    help: 'The next request on the route carries a payload its handler always throws on (with rmq nack+requeue it loops until the dead-letter queue).',
    value: routeRef,
    extras: {},
    check: (step, ctx) => checkRoute('poison', step, ctx),
    compile: (step) => ({ type: 'poison', route: normalizeRouteKey(step.poison as string) }),
    toStep: (cmd) => ({ poison: as(cmd, 'poison').route }),
  },
  autoscale: {
    help: 'Switches a service’s autoscaler on or off (the service needs an "autoscale" block).',
    value: autoscaleValue,
    extras: {},
    check(step, ctx) {
      const id = (step.autoscale as { service: string }).service;
      checkService('autoscale.service', id, ctx);
      if (ctx.services.has(id) && !ctx.autoscaled.has(id))
        ctx.warn('autoscale.service', `${id} has no "autoscale" block; this step does nothing`);
    },
    compile(step) {
      const v = step.autoscale as { service: string; enabled: boolean };
      return { type: 'autoscale', service: v.service, enabled: v.enabled };
    },
    toStep(cmd) {
      const c = as(cmd, 'autoscale');
      return { autoscale: { service: c.service, enabled: c.enabled } };
    },
  },
  deploy: {
    help: 'Rolls a service to a new version: `rolling` replaces its instances one by one, `recreate` all at once; each is down for `startupMs` (default: the service’s). `version` may change every handler’s latency (`latencyMs`) or add an error rate (`errorRate`, percent).',
    value: serviceRef,
    extras: {
      strategy: { schema: oneOf(DEPLOY_STRATEGIES), default: 'rolling' },
      startupMs: { schema: wholeNumber(0, MAX_AT_MS) },
      version: { schema: deployVersion },
    },
    check: (step, ctx) => checkService('deploy', step.deploy as string, ctx),
    compile(step) {
      const cmd: ScriptCommand = {
        type: 'deploy',
        service: step.deploy as string,
        strategy: (step.strategy as DeployStrategy | undefined) ?? 'rolling',
      };
      if (step.startupMs !== undefined) cmd.startupMs = step.startupMs as number;
      if (step.version !== undefined) cmd.version = { ...(step.version as DeployVersion) };
      return cmd;
    },
    toStep(cmd) {
      const c = as(cmd, 'deploy');
      return {
        deploy: c.service,
        ...(c.strategy !== 'rolling' ? { strategy: c.strategy } : {}),
        ...(c.startupMs !== undefined ? { startupMs: c.startupMs } : {}),
        ...(c.version !== undefined ? { version: { ...c.version } } : {}),
      };
    },
  },
  idempotent: {
    help: 'Makes every handler of a service idempotent (`enabled: true`: a message id it already processed is skipped), or back to what the scenario says.',
    value: idempotentValue,
    extras: {},
    check: (step, ctx) =>
      checkService('idempotent.service', (step.idempotent as { service: string }).service, ctx),
    compile(step) {
      const v = step.idempotent as { service: string; enabled: boolean };
      return { type: 'idempotent', service: v.service, enabled: v.enabled };
    },
    toStep(cmd) {
      const c = as(cmd, 'idempotent');
      return { idempotent: { service: c.service, enabled: c.enabled } };
    },
  },
  outbox: {
    help: 'Switches an emit route’s transactional outbox on or off: the request commits the event as a row, a relay publishes the rows every `pollMs` (default 500) until every target processed them.',
    value: outboxValue,
    extras: {},
    check(step, ctx) {
      const v = step.outbox as { route: string };
      const key = normalizeRouteKey(v.route);
      if (!ctx.routeKeys.includes(key))
        ctx.error('outbox.route', unknownName(`no route "${key}"`, key, ctx.routeKeys));
    },
    compile(step) {
      const v = step.outbox as { route: string; enabled: boolean; pollMs?: number };
      const cmd: ScriptCommand = {
        type: 'outbox',
        route: normalizeRouteKey(v.route),
        enabled: v.enabled,
      };
      if (v.pollMs !== undefined) cmd.pollMs = v.pollMs;
      return cmd;
    },
    toStep(cmd) {
      const c = as(cmd, 'outbox');
      return {
        outbox: {
          route: c.route,
          enabled: c.enabled,
          ...(c.pollMs !== undefined ? { pollMs: c.pollMs } : {}),
        },
      };
    },
  },
} satisfies Record<string, ScriptAction>;

export type ActionKey = keyof typeof SCRIPT_ACTIONS;
export const ACTION_KEYS = Object.keys(SCRIPT_ACTIONS) as ActionKey[];

/** A command in the file's script form, `{at, <action>: …}` (the inverse of `compile`). */
export function commandToStep(at: number, cmd: ScriptCommand): StepFields {
  const action: ScriptAction = SCRIPT_ACTIONS[cmd.type];
  return { at, ...action.toStep(cmd) };
}

/** Which actions accept an extra field (`count` → `["http"]`). */
export function actionsWithExtra(field: string): ActionKey[] {
  return ACTION_KEYS.filter((k) => field in SCRIPT_ACTIONS[k].extras);
}

/**
 * Script actions as a table. A step is `{ "at": ms, <action>: value, ...extras }`; to add an
 * action, add one entry here: its value schema, its extra fields, how its references are checked
 * and what engine command it compiles to. The step schema, the checks, the compiler and the JSON
 * Schema (one `oneOf` branch per action) are all derived from this table.
 */
import { z } from 'zod';
import type { ScriptCommand } from '../engine/types';
import { instanceId, parseInstanceId } from '../shared';
import { expected, formatted, wholeNumber } from './fields';
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
  /** Updates the replica counts later steps see (only `scale` does). */
  track?(step: StepFields, replicas: Map<string, number>): void;
}

/** `get  /orders/:id` → `GET /orders/:id`. */
export function normalizeRouteKey(ref: string): string {
  const [method = '', path = ''] = ref.trim().split(/\s+/);
  return `${method.toUpperCase()} ${path}`;
}

const routeRef = formatted('a route like "GET /orders/:id"', ROUTE_REF);
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
  };
}

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
  },
  kill: {
    help: 'Stops one instance (`orders#1`): in-flight work is lost, as when a process dies.',
    value: instanceRef,
    extras: {},
    check: (step, ctx) => checkInstance('kill', step, ctx),
    compile: (step) => instanceCommand('kill', 'kill', step),
  },
  restart: {
    help: 'Starts a stopped instance again; it is `starting` for the service’s `startupMs`.',
    value: instanceRef,
    extras: {},
    check: (step, ctx) => checkInstance('restart', step, ctx),
    compile: (step) => instanceCommand('restart', 'restart', step),
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
    track(step, replicas) {
      if (replicas.has(step.scale as string))
        replicas.set(step.scale as string, step.replicas as number);
    },
  },
  brokerDown: brokerSwitch('down'),
  brokerUp: brokerSwitch('up'),
} satisfies Record<string, ScriptAction>;

export type ActionKey = keyof typeof SCRIPT_ACTIONS;
export const ACTION_KEYS = Object.keys(SCRIPT_ACTIONS) as ActionKey[];

/** Which actions accept an extra field (`count` → `["http"]`). */
export function actionsWithExtra(field: string): ActionKey[] {
  return ACTION_KEYS.filter((k) => field in SCRIPT_ACTIONS[k].extras);
}

/**
 * Checks that need the whole file: unique ids, one client and one gateway, references between
 * routes, services and script steps. Errors stop the compile; warnings point at legitimate but
 * surprising set-ups (a send() to a service without a handler is a NestJS lesson, not a typo).
 */
import { lbNodeId } from '../shared';
import { SCRIPT_ACTIONS, type ActionContext, type ScriptAction, type StepFields } from './actions';
import { resolveTransport, routeKey, routeTargets, stepAction, usesBroker } from './compile';
import { checkCalls } from './checkCalls';
import { childPath, unknownName, type ScenarioIssue } from './issues';
import { LIMITS, type ScenarioFile, type ServiceNodeFile } from './schema';

/** Which transports each option means something to (others ignore it: a warning). */
export const OPTION_TRANSPORTS: Record<string, readonly string[]> = {
  queue: ['rmq', 'nats'],
  noAck: ['rmq'],
  prefetchCount: ['rmq'],
  persistent: ['rmq'],
  qos: ['mqtt'],
  partitions: ['kafka'],
  retryAttempts: ['redis', 'tcp'],
  retryDelay: ['redis', 'tcp'],
  host: ['tcp', 'redis', 'mqtt', 'grpc'],
  port: ['tcp', 'redis', 'mqtt', 'grpc'],
  loadBalancer: ['tcp', 'grpc'],
  clean: ['mqtt'],
  groupId: ['kafka'],
  subscribeToResponseOf: ['kafka'],
  reconnectTimeInSeconds: ['rmq'],
  grpcService: ['grpc'],
  package: ['grpc'],
  deadLetterAfter: ['rmq'],
};

/** `latency.link[1]` is already a path below the step (actions name nested fields that way). */
const fieldPath = (base: string, field: string) =>
  /^[A-Za-z]\w*(\.[A-Za-z]\w*|\[\d+\])+$/.test(field) ? `${base}.${field}` : childPath(base, field);

export interface CheckResult {
  errors: ScenarioIssue[];
  warnings: ScenarioIssue[];
}

/** Extra script-like lines checked against the scenario: a run's `commands`. */
export interface CheckOptions {
  /** Prefix of every path about the scenario itself (`scenario.` inside a run file). */
  prefix?: string;
  /** Steps checked like the script's, in time order with it; their paths are `<base>[i]`. */
  commands?: { base: string; steps: readonly StepFields[] };
}

export function checkScenario(file: ScenarioFile, opts: CheckOptions = {}): CheckResult {
  const errors: ScenarioIssue[] = [];
  const warnings: ScenarioIssue[] = [];
  const prefix = opts.prefix ?? '';
  // Paths of the run's own commands are not below the scenario: they skip the prefix.
  const full = (path: string) =>
    opts.commands && path.startsWith(`${opts.commands.base}[`)
      ? path
      : path === ''
        ? prefix.replace(/\.$/, '')
        : prefix + path;
  const error = (path: string, message: string) => errors.push({ path: full(path), message });
  const warn = (path: string, message: string) => warnings.push({ path: full(path), message });

  // ── nodes ──
  const firstIndex = new Map<string, number>();
  const services = new Map<string, ServiceNodeFile>();
  const firstOfType = new Map<string, number>();
  let handlerCount = 0;
  file.nodes.forEach((n, i) => {
    const seen = firstIndex.get(n.id);
    if (seen !== undefined)
      error(`nodes[${i}].id`, `duplicate id "${n.id}" (already used by nodes[${seen}])`);
    else firstIndex.set(n.id, i);
    if (n.type === 'service') {
      if (seen === undefined) services.set(n.id, n);
      handlerCount += n.handlers.length;
    } else {
      const first = firstOfType.get(n.type);
      if (first === undefined) firstOfType.set(n.type, i);
      else
        error(
          `nodes[${i}].type`,
          `${n.type === 'broker' ? 'at most' : 'exactly'} one ${n.type} node is allowed (nodes[${first}] is already one)`,
        );
    }
  });
  for (const type of ['client', 'gateway'] as const)
    if (!firstOfType.has(type))
      error('nodes', `missing the ${type} node: add {"id": "${type}", "type": "${type}"}`);
  if (handlerCount > LIMITS.handlers)
    error(
      'nodes',
      `too many handlers: at most ${LIMITS.handlers} in all services, got ${handlerCount}`,
    );

  // ── transports ──
  const optionWarnings = (path: string, kind: string, options: object | undefined) => {
    for (const name of Object.keys(options ?? {})) {
      const kinds = OPTION_TRANSPORTS[name] ?? [];
      if (!kinds.includes(kind))
        warn(
          childPath(path, name),
          `has no effect with the ${kind} transport (it applies to ${kinds.join(', ')})`,
        );
    }
  };
  optionWarnings('transport.options', file.transport.kind, file.transport.options);
  const queues = new Map<string, string>();
  file.nodes.forEach((n, i) => {
    if (n.type !== 'service') return;
    const t = resolveTransport(file, n);
    optionWarnings(`nodes[${i}].transport.options`, t.kind, n.transport?.options);
    if (t.kind !== 'rmq') return;
    const queue = t.options.queue ?? '';
    const other = queues.get(queue);
    if (other === undefined) queues.set(queue, n.id);
    else if (other !== n.id)
      warn(
        `nodes[${i}].transport`,
        `${other} and ${n.id} consume the same rmq queue ${queue ? `"${queue}"` : '(the default, no "queue" option)'}: they compete, and each message reaches only one of them`,
      );
  });
  const brokerIndex = firstOfType.get('broker');
  if (brokerIndex !== undefined && services.size > 0) {
    const anyBroker = [...services.values()].some((s) =>
      usesBroker(resolveTransport(file, s).kind),
    );
    if (!anyBroker)
      warn(
        `nodes[${brokerIndex}]`,
        'no service uses a broker transport (all are tcp/grpc), so this broker node is not used',
      );
  }

  // ── handlers ──
  file.nodes.forEach((n, i) => {
    if (n.type !== 'service') return;
    const seen = new Map<string, number>();
    n.handlers.forEach((h, j) => {
      if (h.kind !== 'request') return;
      const first = seen.get(h.pattern);
      if (first === undefined) seen.set(h.pattern, j);
      else
        warn(
          `nodes[${i}].handlers[${j}].pattern`,
          `a second request handler for "${h.pattern}" (handlers[${first}]); NestJS keeps only one @MessagePattern handler per pattern`,
        );
    });
  });

  // ── routes ──
  const serviceIds = [...services.keys()];
  const routeIndex = new Map<string, number>();
  file.routes.forEach((r, i) => {
    const path = `routes[${i}]`;
    const key = routeKey(r);
    const seen = routeIndex.get(key);
    if (seen !== undefined)
      error(`${path}.path`, `duplicate route "${key}" (already routes[${seen}])`);
    else routeIndex.set(key, i);

    const targets = routeTargets(r);
    const targetPath = (j: number) =>
      typeof r.to === 'string' ? `${path}.to` : `${path}.to[${j}]`;
    const valid: ServiceNodeFile[] = [];
    targets.forEach((id, j) => {
      const svc = services.get(id);
      const idx = firstIndex.get(id);
      if (targets.indexOf(id) !== j) error(targetPath(j), `"${id}" is listed twice`);
      else if (svc) valid.push(svc);
      else if (idx !== undefined)
        error(targetPath(j), `"${id}" is the ${file.nodes[idx]!.type} node, not a service`);
      else error(targetPath(j), unknownName(`no service "${id}"`, id, serviceIds));
    });

    if (r.send !== undefined) {
      if (targets.length !== 1)
        error(
          `${path}.to`,
          `send() goes to exactly one service, got ${targets.length} (${targets.join(', ')}); use "emit" to reach several`,
        );
      for (const svc of valid) {
        const handlers = svc.handlers.filter((h) => h.pattern === r.send);
        if (!handlers.some((h) => h.kind === 'request'))
          warn(
            `${path}.send`,
            `${svc.id} has no request handler (@MessagePattern) for "${r.send}"${handlers.length ? ' (only an event handler)' : ''}: the gateway gets "There is no matching message handler defined in the remote service."`,
          );
      }
      if (r.outbox !== undefined)
        warn(
          `${path}.outbox`,
          'only applies to emit(): an outbox stores events; it does nothing here',
        );
    } else {
      if (r.timeoutMs !== undefined)
        warn(`${path}.timeoutMs`, 'has no effect on emit(): an event expects no reply');
      for (const svc of valid)
        if (!svc.handlers.some((h) => h.pattern === r.emit && h.kind === 'event'))
          warn(
            `${path}.emit`,
            `${svc.id} has no event handler (@EventPattern) for "${r.emit}": it drops the event`,
          );
    }
  });

  checkCalls(file, services, firstIndex, error, warn);

  // ── resilience ──
  file.nodes.forEach((n, i) => {
    if (n.type !== 'service') return;
    const t = resolveTransport(file, n);
    if (n.autoscale && n.autoscale.min > n.autoscale.max)
      error(`nodes[${i}].autoscale.min`, `min ${n.autoscale.min} is above max ${n.autoscale.max}`);
    if (n.autoscale && !n.capacity && 'utilization' in n.autoscale.target)
      warn(
        `nodes[${i}].autoscale`,
        'without "capacity" utilization is measured against a concurrency of 1 (average handlings in progress)',
      );
    const acking = t.kind === 'rmq' && t.options.noAck === false;
    if (t.options.deadLetterAfter !== undefined && !acking)
      warn(
        `nodes[${i}].transport.options.deadLetterAfter`,
        'needs rmq with "noAck": false (and handlers with "ack" and "requeueOnFailure"); it does nothing here',
      );
    n.handlers.forEach((h, j) => {
      if (h.requeueOnFailure && !(acking && h.ack))
        warn(
          `nodes[${i}].handlers[${j}].requeueOnFailure`,
          'applies to rmq with "noAck": false and a handler with "ack": true; it does nothing here',
        );
    });
  });
  file.routes.forEach((r, i) => {
    if (r.send !== undefined) return;
    for (const k of ['retry', 'circuitBreaker', 'fallback'] as const)
      if (r[k] !== undefined)
        warn(
          `routes[${i}].${k}`,
          'has no effect on emit(): only send() calls are retried or broken',
        );
  });

  // ── script ── (in time order, so `scale` steps change the replicas later steps see)
  const routeKeys = [...routeIndex.keys()];
  const anyBroker = [...services.values()].some((s) => usesBroker(resolveTransport(file, s).kind));
  const nodeIds = [
    ...firstIndex.keys(),
    ...(anyBroker && !firstOfType.has('broker') ? ['broker'] : []),
    ...serviceIds.map(lbNodeId),
  ];
  const autoscaled = new Set(
    [...services.values()].filter((s) => s.autoscale !== undefined).map((s) => s.id),
  );
  const replicas = new Map<string, number>([...services].map(([id, s]) => [id, s.replicas]));
  const steps = [
    ...(file.script as StepFields[]).map((step, index) => ({ step, base: `script[${index}]` })),
    ...(opts.commands?.steps ?? []).map((step, index) => ({
      step,
      base: `${opts.commands!.base}[${index}]`,
    })),
  ].sort((a, b) => a.step.at - b.step.at);
  for (const { step, base } of steps) {
    const action = stepAction(step);
    const ctx: ActionContext = {
      nodeIds,
      autoscaled,
      routeKeys,
      hasBroker: [...services.values()].some((s) => usesBroker(resolveTransport(file, s).kind)),
      services: replicas,
      replicas: (id) => replicas.get(id) ?? 0,
      error: (field, message) => error(fieldPath(base, field), message),
      warn: (field, message) => warn(fieldPath(base, field), message),
    };
    const def: ScriptAction = SCRIPT_ACTIONS[action];
    def.check(step, ctx);
    def.track?.(step, replicas);
  }
  return { errors, warnings };
}

/**
 * Validated scenario file → `SimModel`, the engine's input: defaults resolved, transports merged,
 * routes keyed, script sorted, every node placed. Assumes `checkScenario` found no errors.
 */
import type {
  CallSpec,
  HandlerSpec,
  Latency,
  NodeLayout,
  RouteSpec,
  ScriptStep,
  ServiceSpec,
  SimModel,
  TransportSpec,
} from '../engine/types';
import { lbNodeId, type Localized, type NodeId, type TransportKind } from '../shared';
import { SCRIPT_ACTIONS, ACTION_KEYS, type StepFields } from './actions';
import {
  BROKER_TRANSPORTS,
  type RouteFile,
  type ScenarioFile,
  type ServiceNodeFile,
} from './schema';

/** Automatic layout: columns left to right, services stacked. */
export const LAYOUT = {
  clientX: 0,
  gatewayX: 300,
  brokerX: 600,
  serviceX: 950,
  /** A tcp/grpc load balancer sits this far left of its service. */
  lbOffsetX: -300,
  serviceGapY: 200,
} as const;

type LocalizedFile = ScenarioFile['title'];

export function localize(text: LocalizedFile | undefined, fallback: string): Localized {
  if (text === undefined) return { en: fallback };
  if (typeof text === 'string') return { en: text };
  const out: Localized = { en: text.en };
  if (text['pt-BR'] !== undefined) out['pt-BR'] = text['pt-BR'];
  return out;
}

export const usesBroker = (kind: TransportKind) =>
  (BROKER_TRANSPORTS as readonly string[]).includes(kind);

/**
 * A service's transport: its own kind (default: the scenario's). Options are the scenario's
 * options overridden by the service's — inherited only when the kinds match, since rmq options
 * (a queue name, say) mean nothing, or something else, to another transport.
 */
export function resolveTransport(file: ScenarioFile, service: ServiceNodeFile): TransportSpec {
  const kind = service.transport?.kind ?? file.transport.kind;
  const inherited = kind === file.transport.kind ? file.transport.options : undefined;
  return { kind, options: { ...inherited, ...service.transport?.options } };
}

export const toLatency = (l: HandlerFileLatency): Latency =>
  typeof l === 'number' ? { mean: l, jitter: 0 } : { mean: l.mean, jitter: l.jitter };
type HandlerFileLatency = ServiceNodeFile['handlers'][number]['latencyMs'];

export const routeKey = (r: Pick<RouteFile, 'method' | 'path'>) => `${r.method} ${r.path}`;
export const routeTargets = (r: RouteFile): string[] => (typeof r.to === 'string' ? [r.to] : r.to);

function compileService(file: ScenarioFile, s: ServiceNodeFile): ServiceSpec {
  const handlers: HandlerSpec[] = s.handlers.map((h) => ({
    pattern: h.pattern,
    kind: h.kind,
    latency: toLatency(h.latencyMs),
    failureRate: h.failureRate,
    failure: { type: h.failure.type, message: h.failure.message },
    ...(h.ack !== undefined && { ack: h.ack }),
    ...(h.method !== undefined && { method: h.method }),
    ...(h.idempotent !== undefined && { idempotent: h.idempotent }),
    ...(h.requeueOnFailure !== undefined && { requeueOnFailure: h.requeueOnFailure }),
    ...(h.stream !== undefined && h.stream > 1 && { stream: h.stream }),
    ...(h.writes !== undefined && { writes: { ...h.writes } }),
    ...(h.calls !== undefined &&
      h.calls.length > 0 && {
        calls: h.calls.map((c): CallSpec => ({
          action: c.send !== undefined ? 'send' : 'emit',
          pattern: (c.send ?? c.emit)!,
          to: c.to,
          ...(c.send !== undefined && c.timeoutMs !== undefined && { timeoutMs: c.timeoutMs }),
        })),
      }),
  }));
  const spec: ServiceSpec = {
    id: s.id,
    label: localize(s.label, s.id),
    replicas: s.replicas,
    transport: resolveTransport(file, s),
    handlers,
    startupMs: s.startupMs,
  };
  if (s.capacity)
    spec.capacity = { concurrency: s.capacity.concurrency, queue: s.capacity.queue ?? Infinity };
  if (s.records) spec.records = { ...s.records };
  if (s.autoscale)
    spec.autoscale = {
      min: s.autoscale.min,
      max: s.autoscale.max,
      target: { ...s.autoscale.target },
      cooldownMs: s.autoscale.cooldownMs,
      startupMs: s.autoscale.startupMs ?? s.startupMs,
      enabled: s.autoscale.enabled,
    };
  return spec;
}

type Policies = Pick<RouteFile, 'retry' | 'circuitBreaker' | 'fallback'>;

function compileRoute(
  r: RouteFile,
  gatewayTimeoutMs: number | undefined,
  gateway: Policies,
): RouteSpec {
  const action = r.send !== undefined ? 'send' : 'emit';
  const spec: RouteSpec = {
    key: routeKey(r),
    method: r.method,
    path: r.path,
    action,
    pattern: (r.send ?? r.emit)!,
    to: routeTargets(r),
    okStatus: r.okStatus ?? (r.method === 'POST' ? 201 : 200),
    timeoutStatus: r.timeoutStatus,
    errorStatus: r.errorStatus,
  };
  if (r.messageKey !== undefined) spec.messageKey = r.messageKey;
  if (r.outbox !== undefined && action === 'emit') spec.outbox = { pollMs: r.outbox.pollMs };
  const timeoutMs = r.timeoutMs ?? gatewayTimeoutMs;
  if (timeoutMs !== undefined) spec.timeoutMs = timeoutMs;
  // Route policies override the gateway's (each as a whole).
  const retry = r.retry ?? gateway.retry;
  if (retry) spec.retry = { ...retry };
  const breaker = r.circuitBreaker ?? gateway.circuitBreaker;
  if (breaker) spec.circuitBreaker = { ...breaker };
  const fallback = r.fallback ?? gateway.fallback;
  if (fallback) spec.fallback = { status: fallback.status, body: fallback.body ?? {} };
  return spec;
}

/** The one action key present in a validated step. */
export function stepAction(step: StepFields) {
  return ACTION_KEYS.find((k) => step[k] !== undefined)!;
}

/** Steps in time order; steps at the same time keep their file order (the sort is stable). */
export function compileScript(steps: readonly StepFields[]): ScriptStep[] {
  return steps
    .map((step) => ({ at: step.at, command: SCRIPT_ACTIONS[stepAction(step)].compile(step) }))
    .sort((a, b) => a.at - b.at);
}

/** A broker id not taken by another node (`broker`, else `broker_2`, …). */
function freeId(taken: ReadonlySet<string>, wanted: string): string {
  if (!taken.has(wanted)) return wanted;
  for (let i = 2; ; i++) if (!taken.has(`${wanted}_${i}`)) return `${wanted}_${i}`;
}

export function compileScenario(file: ScenarioFile): SimModel {
  const nodes = file.nodes;
  const client = nodes.find((n) => n.type === 'client')!;
  const gateway = nodes.find((n) => n.type === 'gateway')!;
  const brokerNode = nodes.find((n) => n.type === 'broker');
  const serviceNodes = nodes.filter((n) => n.type === 'service');
  const services = serviceNodes.map((s) => compileService(file, s));

  let broker: SimModel['broker'] = null;
  if (services.some((s) => usesBroker(s.transport.kind))) {
    broker = brokerNode
      ? { id: brokerNode.id, label: localize(brokerNode.label, brokerNode.id) }
      : { id: freeId(new Set(nodes.map((n) => n.id)), 'broker'), label: { en: 'Broker' } };
  }

  // Layout: given positions win; the rest go in columns, other nodes centred on the services.
  const layout: Record<NodeId, NodeLayout> = {};
  const centreY =
    serviceNodes.length > 0 ? ((serviceNodes.length - 1) * LAYOUT.serviceGapY) / 2 : 0;
  const place = (id: string, given: NodeLayout | undefined, auto: NodeLayout) => {
    layout[id] = given ? { x: given.x, y: given.y } : auto;
  };
  place(client.id, client.position, { x: LAYOUT.clientX, y: centreY });
  place(gateway.id, gateway.position, { x: LAYOUT.gatewayX, y: centreY });
  if (brokerNode) place(brokerNode.id, brokerNode.position, { x: LAYOUT.brokerX, y: centreY });
  if (broker && !layout[broker.id]) place(broker.id, undefined, { x: LAYOUT.brokerX, y: centreY });
  serviceNodes.forEach((s, i) => {
    place(s.id, s.position, { x: LAYOUT.serviceX, y: i * LAYOUT.serviceGapY });
    const kind = services[i]!.transport.kind;
    if (!usesBroker(kind)) {
      const at = layout[s.id]!;
      layout[lbNodeId(s.id)] = { x: at.x + LAYOUT.lbOffsetX, y: at.y };
    }
  });

  const gatewayTimeoutMs = gateway.type === 'gateway' ? gateway.timeoutMs : undefined;
  const model: SimModel = {
    title: localize(file.title, 'Untitled'),
    ...(file.description !== undefined ? { description: localize(file.description, '') } : {}),
    seed: file.seed,
    transport: { kind: file.transport.kind, options: { ...file.transport.options } },
    client: { id: client.id, label: localize(client.label, client.id) },
    gateway: { id: gateway.id, label: localize(gateway.label, gateway.id) },
    broker,
    services,
    routes: file.routes.map((r) =>
      compileRoute(r, gatewayTimeoutMs, gateway.type === 'gateway' ? gateway : {}),
    ),
    script: compileScript(file.script as StepFields[]),
    layout,
  };
  if (gatewayTimeoutMs !== undefined) model.gateway.timeoutMs = gatewayTimeoutMs;
  return model;
}

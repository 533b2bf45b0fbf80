/**
 * Topology edits on the scenario FILE (plain JSON, the format of `simulations/`): pure functions,
 * `applyEdit(doc, edit) → doc`, never mutating their input. They do the obvious thing and nothing
 * more clever: whether the result is a valid scenario is the worker's call (the same checks and
 * field-path messages as an import), so an edit that breaks the file is refused there and the
 * document the learner had stays.
 */
import { stripShare, TRANSPORT_KINDS, type TransportKind } from '../shared';

export type Json = Record<string, unknown>;
export type ScenarioDoc = Json;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** `stream` is a request handler that answers with several packets (`stream: n`). */
export type HandlerKind = 'request' | 'event' | 'stream';

export interface HandlerSpec {
  pattern: string;
  kind: HandlerKind;
  latencyMs?: number;
  failureRate?: number;
}

export interface RouteSpec {
  method: HttpMethod;
  path: string;
  mode: 'send' | 'emit';
  pattern: string;
  to: string | string[];
}

export interface RetrySpec {
  count: number;
  delayMs?: number;
}
export interface BreakerSpec {
  failureThreshold?: number;
  openMs?: number;
}
export interface FallbackSpec {
  status?: number;
  body?: unknown;
}
/** The scenario's own field names; `null` removes the field (back to the default). */
export interface PolicySpec {
  timeoutMs?: number | null;
  retry?: RetrySpec | null;
  circuitBreaker?: BreakerSpec | null;
  fallback?: FallbackSpec | null;
}

/** A handler's call to another service (`calls` in the scenario format). */
export interface CallSpec {
  mode: 'send' | 'emit';
  pattern: string;
  to: string;
}

export type Edit =
  | { op: 'addService'; id: string }
  | { op: 'removeService'; id: string }
  | { op: 'renameService'; from: string; to: string }
  | { op: 'addHandler'; service: string; handler: HandlerSpec }
  | { op: 'removeHandler'; service: string; index: number }
  | { op: 'addRoute'; route: RouteSpec }
  | { op: 'removeRoute'; key: string }
  /** `route: null` = the gateway's policies (the defaults of every route). */
  | { op: 'setPolicy'; route: string | null; policy: PolicySpec }
  | { op: 'setTransport'; service: string; kind: TransportKind }
  | { op: 'setReplicas'; service: string; replicas: number }
  /** A call from handler `handler` (its index) of `service` to another service, appended. */
  | { op: 'addCall'; service: string; handler: number; call: CallSpec }
  | { op: 'removeCall'; service: string; handler: number; index: number }
  /** Switches one call between `send` (await the reply) and `emit` (fire and forget). */
  | { op: 'setCallMode'; service: string; handler: number; index: number; mode: 'send' | 'emit' }
  /** Points one call at another pattern (of the same target). */
  | { op: 'setCallPattern'; service: string; handler: number; index: number; pattern: string }
  /** Several edits as one step of the history (a drag that adds a handler and a route). */
  | { op: 'batch'; edits: Edit[] };

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isKind = (v: unknown): v is TransportKind =>
  typeof v === 'string' && (TRANSPORT_KINDS as readonly string[]).includes(v);

export const nodesOf = (doc: ScenarioDoc): Json[] =>
  Array.isArray(doc.nodes) ? (doc.nodes as unknown[]).filter(isObj) : [];
export const routesOf = (doc: ScenarioDoc): Json[] =>
  Array.isArray(doc.routes) ? (doc.routes as unknown[]).filter(isObj) : [];
export const servicesOf = (doc: ScenarioDoc): Json[] =>
  nodesOf(doc).filter((n) => n.type === 'service');
export const gatewayOf = (doc: ScenarioDoc): Json | undefined =>
  nodesOf(doc).find((n) => n.type === 'gateway');

/** `"GET /orders/:id"`: how routes are named (buttons, script steps, keys). */
export const routeKey = (r: Json): string => `${String(r.method)} ${String(r.path)}`;

/** A service's transport kind: its own, else the scenario's. */
export function serviceKind(doc: ScenarioDoc, service: Json): TransportKind {
  const own = isObj(service.transport) ? service.transport.kind : undefined;
  const top = isObj(doc.transport) ? doc.transport.kind : undefined;
  return isKind(own) ? own : isKind(top) ? top : 'rmq';
}

/** A string that names the service: its id, one of its instances, its load balancer. */
function renamedRef(s: string, from: string, to: string): string | null {
  if (s === from) return to;
  if (s.startsWith(`${from}#`)) return to + s.slice(from.length);
  if (s === `lb:${from}`) return `lb:${to}`;
  return null;
}

/** Every reference to service `from` inside `value` (script steps, commands) renamed to `to`. */
export function renameRefs<T>(value: T, from: string, to: string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return renamedRef(v, from, to) ?? v;
    if (Array.isArray(v)) return v.map(walk);
    if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** Whether `value` names service `id` anywhere (a script step about a removed service). */
export function mentions(value: unknown, id: string): boolean {
  if (typeof value === 'string') return renamedRef(value, id, id) !== null;
  if (Array.isArray(value)) return value.some((v) => mentions(v, id));
  if (isObj(value)) return Object.values(value).some((v) => mentions(v, id));
  return false;
}

/**
 * The options a service gets when it moves to another transport: the teaching defaults of
 * `app/transportEdits` (rmq gets its own queue; tcp/grpc with replicas get a load balancer).
 */
function optionsFor(kind: TransportKind, service: string, replicas: number): Json {
  if (kind === 'rmq') return { queue: `${service}_queue` };
  if ((kind === 'tcp' || kind === 'grpc') && replicas > 1) return { loadBalancer: true };
  return {};
}

const BROKERLESS: readonly TransportKind[] = ['tcp', 'grpc'];

function handlerOf(h: HandlerSpec): Json {
  const out: Json = {
    pattern: h.pattern,
    kind: h.kind === 'stream' ? 'request' : h.kind,
  };
  if (h.kind === 'stream') out.stream = 3;
  if (h.latencyMs !== undefined) out.latencyMs = h.latencyMs;
  if (h.failureRate !== undefined && h.failureRate > 0) out.failureRate = h.failureRate;
  return out;
}

function routeOf(r: RouteSpec): Json {
  return { method: r.method, path: r.path, [r.mode]: r.pattern, to: r.to };
}

function setPolicyOn(target: Json, policy: PolicySpec): void {
  for (const [k, v] of Object.entries(policy)) {
    if (v === undefined) continue;
    if (v === null) delete target[k];
    else target[k] = v;
  }
}

/** The script without the steps that fire route `key` (they would no longer resolve). */
function withoutRouteSteps(script: unknown, key: string): unknown {
  if (!Array.isArray(script)) return script;
  return script.filter((s) => !(isObj(s) && [s.http, s.load, s.poison].includes(key)));
}

/** Ids in the order they would be appended after `taken`: `service_2`, `service_3` … */
export function freeId(taken: Iterable<string>, base: string): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** A service node's handlers (objects only), editable in place. */
export function handlersOf(service: unknown): Json[] {
  return isObj(service) && Array.isArray(service.handlers)
    ? (service.handlers as unknown[]).filter(isObj)
    : [];
}

/** A handler's calls (objects only), editable in place. */
export function callsOf(handler: unknown): Json[] {
  return isObj(handler) && Array.isArray(handler.calls)
    ? (handler.calls as unknown[]).filter(isObj)
    : [];
}

/**
 * The call a drag from service `from` to service `to` creates, on `from`'s first handler:
 * `send()` to `to`'s first request handler, else `emit()` to its first event handler, else a new
 * request handler on `to` and a `send()` to it. A caller without handlers gets one first.
 */
export function connectCallEdit(doc: ScenarioDoc, from: string, to: string): Edit | null {
  const services = servicesOf(doc);
  const caller = services.find((s) => s.id === from);
  const target = services.find((s) => s.id === to);
  if (!caller || !target || from === to) return null;
  const edits: Edit[] = [];
  const own = handlersOf(caller);
  if (own.length === 0)
    edits.push({
      op: 'addHandler',
      service: from,
      handler: { pattern: `handle_${from}`, kind: 'request' },
    });
  const theirs = handlersOf(target);
  const req = theirs.find((h) => h.kind === 'request' && typeof h.pattern === 'string');
  const evt = theirs.find((h) => h.kind === 'event' && typeof h.pattern === 'string');
  let call: CallSpec;
  if (req) call = { mode: 'send', pattern: String(req.pattern), to };
  else if (evt) call = { mode: 'emit', pattern: String(evt.pattern), to };
  else {
    call = { mode: 'send', pattern: `get_${to}`, to };
    edits.push({
      op: 'addHandler',
      service: to,
      handler: { pattern: call.pattern, kind: 'request' },
    });
  }
  edits.push({ op: 'addCall', service: from, handler: 0, call });
  return edits.length === 1 ? edits[0]! : { op: 'batch', edits };
}

/** The edited document (a deep copy: `doc` is never touched, so history entries stay intact). */
export function applyEdit(doc: ScenarioDoc, edit: Edit): ScenarioDoc {
  const d = structuredClone(doc);
  apply(d, edit);
  return d;
}

function apply(d: Json, edit: Edit): void {
  const nodes = (d.nodes = Array.isArray(d.nodes) ? (d.nodes as unknown[]) : []);
  const routes = (d.routes = Array.isArray(d.routes) ? (d.routes as unknown[]) : []);
  const service = (id: string): Json | undefined =>
    nodes.find((n): n is Json => isObj(n) && n.type === 'service' && n.id === id);
  switch (edit.op) {
    case 'batch':
      for (const e of edit.edits) apply(d, e);
      return;
    case 'addService': {
      // No handlers yet: a route to it, or a handler, comes next. On rmq it gets its own queue,
      // as a transport switch gives it: with NestJS's default queue ('') nobody would answer.
      const kind = isObj(d.transport) && isKind(d.transport.kind) ? d.transport.kind : 'rmq';
      const options = optionsFor(kind, edit.id, 1);
      nodes.push({
        id: edit.id,
        type: 'service',
        replicas: 1,
        ...(Object.keys(options).length ? { transport: { kind, options } } : {}),
        handlers: [],
      });
      return;
    }
    case 'removeService': {
      const id = edit.id;
      d.nodes = nodes.filter((n) => !(isObj(n) && n.type === 'service' && n.id === id));
      const gone = routes.filter(
        (r) =>
          isObj(r) && (r.to === id || (Array.isArray(r.to) && r.to.length === 1 && r.to[0] === id)),
      );
      // Its routes go with it; a fan-out keeps its other targets.
      d.routes = routes
        .map((r) => {
          if (!isObj(r)) return r;
          if (r.to === id) return null;
          if (Array.isArray(r.to)) {
            const to = r.to.filter((t) => t !== id);
            if (to.length === 0) return null;
            return { ...r, to: to.length === 1 && r.send !== undefined ? to[0] : to };
          }
          return r;
        })
        .filter((r) => r !== null);
      // Calls to it from other services' handlers go with it.
      for (const n of d.nodes as unknown[])
        for (const h of handlersOf(n)) {
          const calls = callsOf(h).filter((c) => c.to !== id);
          if (calls.length) h.calls = calls;
          else delete h.calls;
        }
      // Script steps about it (kill orders#1, scale orders, its routes) would no longer resolve.
      if (Array.isArray(d.script)) d.script = d.script.filter((s) => !mentions(s, id));
      for (const r of gone) if (isObj(r)) d.script = withoutRouteSteps(d.script, routeKey(r));
      return;
    }
    case 'renameService': {
      const { from, to } = edit;
      const svc = service(from);
      if (!svc) return;
      svc.id = to;
      for (const r of routes) {
        if (!isObj(r)) continue;
        if (r.to === from) r.to = to;
        else if (Array.isArray(r.to)) r.to = r.to.map((t) => (t === from ? to : t));
      }
      for (const n of nodes)
        for (const h of handlersOf(n)) for (const c of callsOf(h)) if (c.to === from) c.to = to;
      if (Array.isArray(d.script)) d.script = renameRefs(d.script, from, to);
      return;
    }
    case 'addCall': {
      const h = handlersOf(service(edit.service))[edit.handler];
      if (!h) return;
      h.calls = [...callsOf(h), { [edit.call.mode]: edit.call.pattern, to: edit.call.to }];
      return;
    }
    case 'removeCall': {
      const h = handlersOf(service(edit.service))[edit.handler];
      if (!h) return;
      const calls = callsOf(h).filter((_, i) => i !== edit.index);
      if (calls.length) h.calls = calls;
      else delete h.calls;
      return;
    }
    case 'setCallPattern': {
      const c = callsOf(handlersOf(service(edit.service))[edit.handler])[edit.index];
      if (!c) return;
      if (c.send !== undefined) c.send = edit.pattern;
      else c.emit = edit.pattern;
      return;
    }
    case 'setCallMode': {
      const h = handlersOf(service(edit.service))[edit.handler];
      const calls = callsOf(h);
      const c = calls[edit.index];
      if (!h || !c) return;
      // `timeoutMs` means nothing on an emit (it would only raise a warning).
      const timeout =
        edit.mode === 'send' && c.timeoutMs !== undefined ? { timeoutMs: c.timeoutMs } : {};
      calls[edit.index] = { [edit.mode]: c.send ?? c.emit, to: c.to, ...timeout };
      h.calls = calls;
      return;
    }
    case 'addHandler': {
      const svc = service(edit.service);
      if (!svc) return;
      const handlers = Array.isArray(svc.handlers) ? svc.handlers : [];
      svc.handlers = [...handlers, handlerOf(edit.handler)];
      return;
    }
    case 'removeHandler': {
      const svc = service(edit.service);
      if (!svc || !Array.isArray(svc.handlers)) return;
      svc.handlers = svc.handlers.filter((_, i) => i !== edit.index);
      return;
    }
    case 'addRoute':
      routes.push(routeOf(edit.route));
      return;
    case 'removeRoute': {
      const key = edit.key;
      d.routes = routes.filter((r) => !(isObj(r) && routeKey(r) === key));
      d.script = withoutRouteSteps(d.script, key);
      return;
    }
    case 'setPolicy': {
      const target =
        edit.route === null
          ? nodes.find((n): n is Json => isObj(n) && n.type === 'gateway')
          : routes.find((r): r is Json => isObj(r) && routeKey(r) === edit.route);
      if (target) setPolicyOn(target, edit.policy);
      return;
    }
    case 'setReplicas': {
      const svc = service(edit.service);
      if (svc) svc.replicas = edit.replicas;
      return;
    }
    case 'setTransport': {
      const svc = service(edit.service);
      if (!svc) return;
      const kind = edit.kind;
      if (serviceKind(d, svc) === kind) return;
      const replicas = typeof svc.replicas === 'number' ? svc.replicas : 1;
      svc.transport = { kind, options: optionsFor(kind, String(svc.id), replicas) };
      // mqtt's `$share/<group>/` prefix means nothing on another transport.
      if (Array.isArray(svc.handlers))
        for (const h of svc.handlers)
          if (isObj(h) && typeof h.pattern === 'string') h.pattern = stripShare(h.pattern);
      const anyBroker = nodes.some(
        (n) => isObj(n) && n.type === 'service' && !BROKERLESS.includes(serviceKind(d, n)),
      );
      // No broker transport left: the broker node would only raise a warning.
      if (!anyBroker) d.nodes = nodes.filter((n) => !(isObj(n) && n.type === 'broker'));
      return;
    }
  }
}

/** A blank scenario: client, gateway, broker and one service with one route. */
export function blankScenario(title: { en: string; 'pt-BR': string }): ScenarioDoc {
  return {
    version: 1,
    title,
    seed: 1,
    transport: { kind: 'rmq' },
    nodes: [
      { id: 'client', type: 'client' },
      { id: 'gateway', type: 'gateway', timeoutMs: 5000 },
      { id: 'broker', type: 'broker' },
      {
        id: 'orders',
        type: 'service',
        replicas: 1,
        transport: { kind: 'rmq', options: { queue: 'orders_queue' } },
        handlers: [{ pattern: 'get_order', kind: 'request', latencyMs: 20 }],
      },
    ],
    routes: [{ method: 'GET', path: '/orders/:id', send: 'get_order', to: 'orders' }],
  };
}

/**
 * The route a drag from the gateway to `serviceId` creates: `send()` to its first request
 * handler, else `emit()` to its first event handler, else a new request handler and a route to it.
 */
export function connectEdit(doc: ScenarioDoc, serviceId: string): Edit | null {
  const svc = servicesOf(doc).find((s) => s.id === serviceId);
  if (!svc) return null;
  const handlers = (Array.isArray(svc.handlers) ? svc.handlers : []).filter(isObj);
  const taken = new Set(routesOf(doc).map(routeKey));
  const free = (method: HttpMethod, path: string) => {
    let p = path;
    for (let i = 2; taken.has(`${method} ${p}`); i++) p = `${path}/${i}`;
    return p;
  };
  const req = handlers.find((h) => h.kind === 'request' && typeof h.pattern === 'string');
  if (req)
    return {
      op: 'addRoute',
      route: {
        method: 'GET',
        path: free('GET', `/${serviceId}/:id`),
        mode: 'send',
        pattern: String(req.pattern),
        to: serviceId,
      },
    };
  const evt = handlers.find((h) => h.kind === 'event' && typeof h.pattern === 'string');
  if (evt)
    return {
      op: 'addRoute',
      route: {
        method: 'POST',
        path: free('POST', `/${serviceId}`),
        mode: 'emit',
        pattern: String(evt.pattern),
        to: serviceId,
      },
    };
  const pattern = `get_${serviceId}`;
  return {
    op: 'batch',
    edits: [
      { op: 'addHandler', service: serviceId, handler: { pattern, kind: 'request' } },
      {
        op: 'addRoute',
        route: {
          method: 'GET',
          path: free('GET', `/${serviceId}/:id`),
          mode: 'send',
          pattern,
          to: serviceId,
        },
      },
    ],
  };
}

/** Undo/redo: a stack of documents (each edit pushes the one it replaced). */
export interface History {
  past: ScenarioDoc[];
  present: ScenarioDoc;
  future: ScenarioDoc[];
}

/** At most this many undo steps (documents are a few KB). */
export const MAX_UNDO = 100;

export const historyOf = (present: ScenarioDoc): History => ({ past: [], present, future: [] });

export function pushDoc(h: History, next: ScenarioDoc): History {
  return { past: [...h.past, h.present].slice(-MAX_UNDO), present: next, future: [] };
}

export function undo(h: History): History | null {
  const prev = h.past.at(-1);
  if (!prev) return null;
  return { past: h.past.slice(0, -1), present: prev, future: [h.present, ...h.future] };
}

export function redo(h: History): History | null {
  const next = h.future[0];
  if (!next) return null;
  return { past: [...h.past, h.present], present: next, future: h.future.slice(1) };
}

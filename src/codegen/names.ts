/**
 * Names and numbers every generated file spells the same way: class and file names, DI tokens,
 * environment variables and the ports of tcp/grpc services.
 */
import type { ServiceSpec, SimModel } from '../engine/types';
import { grpcMethodName, grpcPackageName, grpcServiceName, lowerFirst } from '../shared';

const words = (s: string) => s.split(/[^A-Za-z0-9]+/).filter(Boolean);
export const pascal = (s: string): string =>
  words(s)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('') || 'X';
/** A valid identifier even when the id starts with a digit. */
export const camel = (s: string): string => {
  const c = lowerFirst(pascal(s));
  return /^[0-9]/.test(c) ? `_${c}` : c;
};
export const upperSnake = (s: string): string => words(s).join('_').toUpperCase() || 'X';
/** A folder / npm package name: lower case, "-" separated. */
export const kebab = (s: string): string => words(s).join('-').toLowerCase() || 'x';

export const controllerClass = (s: ServiceSpec) => `${pascal(s.id)}Controller`;
export const controllerFile = (s: ServiceSpec) => `${kebab(s.id)}.controller`;
/** The DI token of the gateway's client for a service (`ClientsModule.register([{ name }])`). */
export const clientToken = (s: ServiceSpec) => `${upperSnake(s.id)}_CLIENT`;
export const clientProp = (s: ServiceSpec) => `${camel(s.id)}Client`;
/** Where a service's app lives in the workspace. */
export const appDir = (s: ServiceSpec) => `apps/${kebab(s.id)}`;
export const GATEWAY_DIR = 'apps/gateway';
/** The gateway's HTTP port (8080, not NestJS's 3000: a TCP service defaults to 3000). */
export const HTTP_PORT = 8080;

export const grpcNames = (s: ServiceSpec) => ({
  service: grpcServiceName(s.id, s.transport.options),
  package: grpcPackageName(s.id, s.transport.options),
  protoFile: `proto/${kebab(s.id)}.proto`,
});

/** A TS identifier for a method built from a message pattern (`get_order` → `getOrder`). */
export const methodName = (pattern: string) => camel(pattern.replace(/^\$share\/[^/]+\//, ''));

export interface PortPlan {
  /** Port of instance #1; instance i listens on `base + (i − 1) × step`. */
  base: number;
  /** 1 with a load balancer in front (one port per instance), 0 without (they all collide). */
  step: number;
  /** True when the scenario gave no port (NestJS's default would collide with another app). */
  chosen: boolean;
}

const DEFAULT_BASE = { tcp: 3001, grpc: 5001 } as const;

/**
 * Ports of the tcp/grpc services: the scenario's `port` when given, else the next free one from
 * 3001 (tcp) / 5001 (grpc), skipping every port another service's instances use.
 */
export function portPlan(model: SimModel): Map<string, PortPlan> {
  const plans = new Map<string, PortPlan>();
  const used = new Set<number>([HTTP_PORT]);
  const direct = model.services.filter(
    (s) => s.transport.kind === 'tcp' || s.transport.kind === 'grpc',
  );
  const span = (s: ServiceSpec) =>
    s.transport.options.loadBalancer === true ? Math.max(1, s.replicas) : 1;
  const claim = (base: number, n: number) => {
    for (let i = 0; i < n; i++) used.add(base + i);
  };
  for (const s of direct) {
    const port = s.transport.options.port;
    if (typeof port === 'number') {
      plans.set(s.id, {
        base: port,
        step: s.transport.options.loadBalancer ? 1 : 0,
        chosen: false,
      });
      claim(port, span(s));
    }
  }
  for (const s of direct) {
    if (plans.has(s.id)) continue;
    let base: number = DEFAULT_BASE[s.transport.kind as 'tcp' | 'grpc'];
    const fits = (b: number) =>
      Array.from({ length: span(s) }, (_, i) => b + i).every((p) => !used.has(p));
    while (!fits(base)) base++;
    plans.set(s.id, { base, step: s.transport.options.loadBalancer ? 1 : 0, chosen: true });
    claim(base, span(s));
  }
  return plans;
}

export interface GrpcRpc {
  method: string;
  pattern: string;
  streams: boolean;
  /** False: the gateway calls it, the service has no @GrpcMethod for it (12 UNIMPLEMENTED). */
  implemented: boolean;
}

/**
 * The rpcs of a gRPC service's .proto, which the gateway and the service share: one per request
 * handler (server streaming for `stream` > 1), then one per pattern the routes send to it that
 * no handler implements — in the proto, so the gateway can call it and meet UNIMPLEMENTED.
 */
export function grpcRpcs(model: SimModel, s: ServiceSpec): GrpcRpc[] {
  const rpcs = new Map<string, GrpcRpc>();
  for (const h of s.handlers.filter((x) => x.kind === 'request')) {
    const method = grpcMethodName(h);
    if (!rpcs.has(method))
      rpcs.set(method, {
        method,
        pattern: h.pattern,
        streams: (h.stream ?? 0) > 1,
        implemented: true,
      });
  }
  for (const r of model.routes)
    if (r.action === 'send' && r.to.includes(s.id)) {
      const method = grpcMethodName({ pattern: r.pattern });
      if (!rpcs.has(method))
        rpcs.set(method, { method, pattern: r.pattern, streams: false, implemented: false });
    }
  return [...rpcs.values()];
}

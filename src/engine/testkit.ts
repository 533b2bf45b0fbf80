/**
 * A small fluent harness for engine tests (and benchmarks): build a model without a scenario
 * file, run it, and read the trace.
 */
import type { TransportKind } from '../shared';
import { createSimulation, type Simulation } from './simulation';
import type {
  AutoscaleSpec,
  CapacitySpec,
  CircuitBreakerPolicy,
  FallbackPolicy,
  HandlerSpec,
  RetryPolicy,
  RouteSpec,
  ScriptStep,
  ServiceSpec,
  SimModel,
  TraceEvent,
  TransportOptions,
} from './types';

export interface ServiceInput {
  id: string;
  replicas?: number;
  transport?: TransportKind;
  options?: TransportOptions;
  handlers: (Partial<HandlerSpec> & { pattern: string; kind: HandlerSpec['kind'] })[];
  startupMs?: number;
  capacity?: Partial<CapacitySpec> & { concurrency: number };
  autoscale?: Partial<AutoscaleSpec> & Pick<AutoscaleSpec, 'min' | 'max'>;
}

export interface RouteInput {
  method?: string;
  path: string;
  send?: string;
  emit?: string;
  to: string | string[];
  timeoutMs?: number;
  retry?: Partial<RetryPolicy> & { count: number };
  circuitBreaker?: Partial<CircuitBreakerPolicy>;
  fallback?: FallbackPolicy;
}

export function buildModel(input: {
  transport: TransportKind;
  options?: TransportOptions;
  seed?: number;
  services: ServiceInput[];
  routes: RouteInput[];
  script?: ScriptStep[];
  timeoutMs?: number;
}): SimModel {
  const services: ServiceSpec[] = input.services.map((s) => ({
    id: s.id,
    label: { en: s.id },
    replicas: s.replicas ?? 1,
    transport: {
      kind: s.transport ?? input.transport,
      options: { ...input.options, ...s.options },
    },
    startupMs: s.startupMs ?? 500,
    ...(s.capacity ? { capacity: { queue: Infinity, ...s.capacity } } : {}),
    ...(s.autoscale
      ? {
          autoscale: {
            target: { utilization: 0.7 },
            cooldownMs: 3000,
            startupMs: s.startupMs ?? 500,
            enabled: true,
            ...s.autoscale,
          },
        }
      : {}),
    handlers: s.handlers.map((h) => ({
      latency: { mean: 10, jitter: 0 },
      failureRate: 0,
      failure: { type: 'rpc', message: 'boom' },
      ...h,
    })),
  }));
  const routes: RouteSpec[] = input.routes.map((r) => {
    const method = r.method ?? (r.send ? 'GET' : 'POST');
    const timeoutMs = r.timeoutMs ?? input.timeoutMs;
    return {
      key: `${method} ${r.path}`,
      method,
      path: r.path,
      action: r.send ? 'send' : 'emit',
      pattern: (r.send ?? r.emit)!,
      to: Array.isArray(r.to) ? r.to : [r.to],
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      okStatus: method === 'POST' ? 201 : 200,
      timeoutStatus: 504,
      errorStatus: 500,
      ...(r.retry ? { retry: { delayMs: 100, factor: 2, jitter: 0, ...r.retry } } : {}),
      ...(r.circuitBreaker
        ? {
            circuitBreaker: {
              failureThreshold: 5,
              openMs: 5000,
              halfOpenCalls: 1,
              status: 503,
              ...r.circuitBreaker,
            },
          }
        : {}),
      ...(r.fallback ? { fallback: r.fallback } : {}),
    };
  });
  const pointToPoint = services.every(
    (s) => s.transport.kind === 'tcp' || s.transport.kind === 'grpc',
  );
  return {
    title: { en: 'test' },
    seed: input.seed ?? 1,
    transport: { kind: input.transport, options: input.options ?? {} },
    client: { id: 'client', label: { en: 'client' } },
    gateway: {
      id: 'gateway',
      label: { en: 'gateway' },
      ...(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}),
    },
    broker: pointToPoint ? null : { id: 'broker', label: { en: 'broker' } },
    services,
    routes,
    script: input.script ?? [],
    layout: {},
  };
}

/** A simulation that records its trace. */
export function run(
  model: SimModel,
  opts: { seed?: number; metricsEveryMs?: number } = {},
): { sim: Simulation; trace: TraceEvent[] } {
  const trace: TraceEvent[] = [];
  const sim = createSimulation(model, { onTrace: (e) => trace.push(e), ...opts });
  return { sim, trace };
}

/** Trace events of one type, typed. */
export function ofType<T extends TraceEvent['type']>(
  trace: TraceEvent[],
  type: T,
): Extract<TraceEvent, { type: T }>[] {
  return trace.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);
}

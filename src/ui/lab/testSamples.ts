/** Synthetic `metrics.sample` events for unit tests. */
import type { MetricsSample } from '../../trace/labTypes';

export function sample(t: number, over: Partial<MetricsSample> = {}): MetricsSample {
  return {
    type: 'metrics.sample',
    t,
    windowMs: 500,
    ok: 10,
    failed: 5,
    rps: 30,
    latency: { p50: 20, p95: 40, p99: 90 },
    errorRate: 0.25,
    queues: { orders_queue: 3 },
    replicas: { orders: 2 },
    utilization: { 'orders#1': 0.5, 'orders#2': 1 },
    duplicates: 0,
    retries: 0,
    fallbacks: 0,
    waiting: {},
    breakers: { orders: 'closed' },
    ...over,
  };
}

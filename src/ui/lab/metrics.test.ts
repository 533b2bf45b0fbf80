import { describe, expect, it } from 'vitest';
import type { MetricsSample } from './labTypes';
import { MetricsBuffer, rowsOf } from './metrics';

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
    breakers: { orders: 'closed' },
    ...over,
  };
}

describe('metrics rows', () => {
  it('counts per window become per-second rates and fractions become per cent', () => {
    const r = rowsOf(sample(1000));
    expect(r.throughput).toEqual({ t: 1000, ok: 20, failed: 10 });
    expect(r.errors.errorRate).toBe(25);
    expect(r.utilization).toEqual({ t: 1000, 'orders#1': 50, 'orders#2': 100 });
  });
});

describe('MetricsBuffer', () => {
  it('keeps the newest samples and aligns series on x', () => {
    const b = new MetricsBuffer(3);
    for (let i = 1; i <= 4; i++) b.push(sample(i * 100, { latency: { p50: i, p95: i, p99: i } }));
    expect(b.total).toBe(4);
    expect(b.size).toBe(3);
    const [xs, p50] = b.aligned('latency');
    expect(xs).toEqual([200, 300, 400]);
    expect(p50).toEqual([2, 3, 4]);
    expect(b.last('latency', 'p99')).toBe(4);
  });

  it('a queue that appears later is a new series with gaps before it', () => {
    const b = new MetricsBuffer(10);
    b.push(sample(100));
    b.push(sample(200, { queues: { orders_queue: 4, dlq: 1 } }));
    expect(b.seriesOf('queues')).toEqual(['orders_queue', 'dlq']);
    expect(b.aligned('queues')).toEqual([
      [100, 200],
      [3, 4],
      [null, 1],
    ]);
  });
});

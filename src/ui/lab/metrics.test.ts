import { describe, expect, it } from 'vitest';
import { concurrencyOf } from './load';
import { MetricsBuffer, rowsOf } from './metrics';
import { sample } from './testSamples';

describe('metrics rows', () => {
  it('counts per window become per-second rates and fractions become per cent', () => {
    const r = rowsOf(sample(1000));
    expect(r.throughput).toEqual({ t: 1000, ok: 20, failed: 10 });
    expect(r.errors.errorRate).toBeCloseTo(100 / 3); // failed / (ok + failed)
    // No bulkhead in this model: the engine's values are handlings in progress, not per cent.
    expect(r.utilization).toEqual({ t: 1000 });
    expect(r.inProgress).toEqual({ t: 1000, 'orders#1': 0.5, 'orders#2': 1 });
  });

  it('per-instance load: % of capacity behind a bulkhead, an average count without one', () => {
    const conc = concurrencyOf({
      services: [{ id: 'orders', capacity: { concurrency: 4 } }, { id: 'notifications' }],
    });
    const r = rowsOf(
      sample(1000, { utilization: { 'orders#1': 0.75, 'notifications#1': 4.2 } }),
      undefined,
      conc,
    );
    expect(r.utilization).toEqual({ t: 1000, 'orders#1': 75 });
    expect(r.inProgress).toEqual({ t: 1000, 'notifications#1': 4.2 });
    // Nothing reads above 100 % of a capacity.
    const over = rowsOf(sample(1050, { utilization: { 'orders#1': 1.2 } }), undefined, conc);
    expect(over.utilization['orders#1']).toBe(100);
  });
});

describe('rolling rates', () => {
  it('when one window holds 0 or 1 response, the rolling rate stays steady', () => {
    const b = new MetricsBuffer(100);
    for (let i = 1; i <= 20; i++)
      b.push(sample(i * 50, { windowMs: 50, ok: i % 2, failed: 0, errorRate: 0 }));
    const [, ok] = b.aligned('throughput');
    expect(ok?.slice(-5)).toEqual([10, 10, 10, 10, 10]);
  });

  it('error rate is failed / done over the rolling windows', () => {
    const b = new MetricsBuffer(100);
    b.push(sample(50, { ok: 3, failed: 1 }));
    b.push(sample(100, { ok: 0, failed: 0 }));
    expect(b.last('errors', 'errorRate')).toBe(25);
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

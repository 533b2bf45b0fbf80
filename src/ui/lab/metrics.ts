/**
 * `metrics.sample` events → one ring of columns per chart. Fixed charts have fixed columns;
 * keyed charts (queues, replicas, utilisation, in progress) grow a column per queue / service /
 * instance. The engine's per-instance `utilization` is split by what it means (see `load.ts`):
 * instances behind a bulkhead go to `utilization` (% of capacity), the others to `inProgress`
 * (average handlings in progress).
 */
import type { MetricsSample } from '../../trace/labTypes';
import { noBulkheads, type ConcurrencyOf } from './load';
import { ColumnRing } from './ring';

export const SAMPLE_CAPACITY = 600;

export type ChartId =
  'throughput' | 'latency' | 'errors' | 'queues' | 'replicas' | 'utilization' | 'inProgress';
export const CHART_IDS: readonly ChartId[] = [
  'throughput',
  'latency',
  'errors',
  'queues',
  'replicas',
  'utilization',
  'inProgress',
];

/** Fixed series of the fixed charts (keyed charts take their series from the data). */
export const FIXED_SERIES: Partial<Record<ChartId, readonly string[]>> = {
  throughput: ['ok', 'failed'],
  latency: ['p50', 'p95', 'p99'],
  errors: ['errorRate'],
};

const perSecond = (n: number, windowMs: number) => (windowMs > 0 ? (n * 1000) / windowMs : 0);

/** Counts over a span of windows (the rolling sum behind throughput and error rate). */
export interface Counts {
  ok: number;
  failed: number;
  windowMs: number;
}

/**
 * Samples over which throughput and error rate are averaged. Why: a 50 ms window at 20 req/s
 * holds 0 or 1 response, so per-window rates saw-tooth between 0 and 20; ten windows read true.
 */
export const ROLL_SAMPLES = 10;

/**
 * One sample as a row per chart (x = virtual ms). `roll` = counts of the last few windows
 * (this one included) for smoother rates; defaults to this window alone. `concurrency` says
 * which instances have a bulkhead. Pure: unit-tested.
 */
export function rowsOf(
  s: MetricsSample,
  roll: Counts = s,
  concurrency: ConcurrencyOf = noBulkheads,
): Record<ChartId, Record<string, number>> {
  const t = s.t;
  const done = roll.ok + roll.failed;
  const share: Record<string, number> = { t };
  const busy: Record<string, number> = { t };
  for (const [id, u] of Object.entries(s.utilization)) {
    // With a bulkhead the engine's value is busy / concurrency (≤ 1); without one it is divided
    // by 1: the average number of handlings in progress, not a percentage.
    if (concurrency(id) !== undefined) share[id] = Math.min(1, u) * 100;
    else busy[id] = u;
  }
  return {
    throughput: {
      t,
      ok: perSecond(roll.ok, roll.windowMs),
      failed: perSecond(roll.failed, roll.windowMs),
    },
    latency: { t, p50: s.latency.p50, p95: s.latency.p95, p99: s.latency.p99 },
    // Fractions in [0,1] (error rate, share of capacity) are charted in per cent.
    errors: { t, errorRate: done > 0 ? (roll.failed / done) * 100 : 0 },
    queues: { t, ...s.queues },
    replicas: { t, ...s.replicas },
    utilization: share,
    inProgress: busy,
  };
}

/** uPlot's aligned data: x first, then one array per series. */
export type Aligned = [number[], ...(number | null)[][]];

export class MetricsBuffer {
  private readonly rings = new Map<ChartId, ColumnRing>();
  /** Samples ever seen since the last clear (the rings keep only the newest 600). */
  total = 0;
  lastSample: MetricsSample | null = null;
  private recent: Counts[] = [];

  constructor(readonly capacity = SAMPLE_CAPACITY) {
    for (const id of CHART_IDS) this.rings.set(id, new ColumnRing(capacity));
  }

  push(s: MetricsSample, concurrency: ConcurrencyOf = noBulkheads): void {
    this.recent.push({ ok: s.ok, failed: s.failed, windowMs: s.windowMs });
    if (this.recent.length > ROLL_SAMPLES) this.recent.shift();
    const roll = this.recent.reduce(
      (a, c) => ({
        ok: a.ok + c.ok,
        failed: a.failed + c.failed,
        windowMs: a.windowMs + c.windowMs,
      }),
      { ok: 0, failed: 0, windowMs: 0 },
    );
    const rows = rowsOf(s, roll, concurrency);
    for (const id of CHART_IDS) this.ring(id).push(rows[id]);
    this.total++;
    this.lastSample = s;
  }

  private ring(id: ChartId): ColumnRing {
    const r = this.rings.get(id);
    if (!r) throw new Error(`unknown chart ${id}`);
    return r;
  }

  /** Series names of a chart, in stable order (fixed ones first, then first-seen keys). */
  seriesOf(id: ChartId): string[] {
    const fixed = FIXED_SERIES[id];
    if (fixed) return [...fixed];
    return this.ring(id).keys.filter((k) => k !== 't');
  }

  aligned(id: ChartId, series: readonly string[] = this.seriesOf(id)): Aligned {
    const r = this.ring(id);
    const xs = r.series('t').map((v) => v ?? 0);
    return [xs, ...series.map((name) => r.series(name))];
  }

  last(id: ChartId, name: string): number | undefined {
    return this.ring(id).last(name);
  }

  get size(): number {
    return this.ring('throughput').size;
  }

  clear(): void {
    for (const r of this.rings.values()) r.clear();
    this.total = 0;
    this.lastSample = null;
    this.recent = [];
  }
}

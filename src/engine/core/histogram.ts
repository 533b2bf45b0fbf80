import { percentile } from './percentiles';

/**
 * Every latency of a run, as counts per distinct value: memory grows with the number of distinct
 * latencies (whole virtual ms in practice, so at most a few thousand), not with the number of
 * requests — a 30-minute soak keeps a flat heap. Percentiles are exact (nearest rank).
 */
export class Histogram {
  private readonly counts = new Map<number, number>();
  private total = 0;

  get count(): number {
    return this.total;
  }

  add(value: number): void {
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
    this.total++;
  }

  /** Nearest-rank percentile (0 when empty), equal to `percentile()` of the raw values. */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.min(this.total, Math.max(1, Math.ceil((p / 100) * this.total)));
    const values = [...this.counts.keys()].sort((a, b) => a - b);
    let seen = 0;
    for (const v of values) {
      seen += this.counts.get(v)!;
      if (seen >= rank) return v;
    }
    return values[values.length - 1]!;
  }
}

export { percentile };

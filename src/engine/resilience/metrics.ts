/**
 * Per-window counters for the live charts (`metrics.sample`): cheap increments on the hot path,
 * reset at every sample. Latency percentiles are taken over a rolling LATENCY_WINDOW_MS instead:
 * a 50 ms sample holds 0 or 1 response at classroom loads, and per-sample percentiles would draw
 * a saw-tooth between 0 and the real latency.
 */
import { nearestRank } from '../core/percentiles';

/** Latency percentiles of `metrics.sample` cover the responses of the last second (virtual). */
export const LATENCY_WINDOW_MS = 1000;

export class MetricsWindow {
  ok = 0;
  failed = 0;
  retries = 0;
  fallbacks = 0;
  /** Rolling (time, latency) of the last LATENCY_WINDOW_MS; `head` is the oldest kept entry. */
  private times: number[] = [];
  private latencies: number[] = [];
  private head = 0;
  /** Counter values at the window start (for deltas of cumulative counters). */
  duplicatesAtStart = 0;

  response(status: number, ms: number, now: number): void {
    if (status < 400) this.ok++;
    else this.failed++;
    this.times.push(now);
    this.latencies.push(ms);
  }

  /** Percentiles of the responses received in (now − LATENCY_WINDOW_MS, now]. */
  latency(now: number): { p50: number; p95: number; p99: number } {
    const from = now - LATENCY_WINDOW_MS;
    while (this.head < this.times.length && this.times[this.head]! <= from) this.head++;
    // Compact now and then so the arrays do not grow with the run.
    if (this.head > 4096 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.latencies = this.latencies.slice(this.head);
      this.head = 0;
    }
    if (this.head === this.latencies.length) return { p50: 0, p95: 0, p99: 0 };
    // One numeric sort for the three ranks (a sample every 50 ms over a busy second adds up).
    const l = new Float64Array(this.latencies.length - this.head);
    for (let i = 0; i < l.length; i++) l[i] = this.latencies[this.head + i]!;
    l.sort();
    return { p50: nearestRank(l, 50), p95: nearestRank(l, 95), p99: nearestRank(l, 99) };
  }

  reset(duplicates: number): void {
    this.ok = 0;
    this.failed = 0;
    this.retries = 0;
    this.fallbacks = 0;
    this.duplicatesAtStart = duplicates;
  }
}

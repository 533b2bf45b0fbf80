/**
 * Per-window counters for the live charts (`metrics.sample`): cheap increments on the hot path,
 * one small latency array per window, reset at every sample.
 */
import { percentile } from '../core/percentiles';

export class MetricsWindow {
  ok = 0;
  failed = 0;
  retries = 0;
  fallbacks = 0;
  latencies: number[] = [];
  /** Counter values at the window start (for deltas of cumulative counters). */
  duplicatesAtStart = 0;

  response(status: number, ms: number): void {
    if (status < 400) this.ok++;
    else this.failed++;
    this.latencies.push(ms);
  }

  latency(): { p50: number; p95: number; p99: number } {
    const l = this.latencies;
    if (l.length === 0) return { p50: 0, p95: 0, p99: 0 };
    return { p50: percentile(l, 50), p95: percentile(l, 95), p99: percentile(l, 99) };
  }

  reset(duplicates: number): void {
    this.ok = 0;
    this.failed = 0;
    this.retries = 0;
    this.fallbacks = 0;
    this.latencies = [];
    this.duplicatesAtStart = duplicates;
  }
}

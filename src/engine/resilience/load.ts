/**
 * Open-loop load generators: when the k-th request of a load fires. Times are whole virtual ms
 * computed from the start (no drift from summing rounded intervals).
 */
import type { LoadShape } from '../types';

export interface LoadSpec {
  rps: number;
  forMs: number;
  shape: LoadShape;
  toRps?: number;
  burstEveryMs?: number;
  burstSize?: number;
}

/**
 * Offset (ms from the start) of the k-th request (k ≥ 0) of the steady part, or null when past
 * `forMs`. `ramp`: the rate goes linearly from `rps` to `toRps`, so the k-th arrival is where the
 * integral of the rate reaches k.
 */
export function arrivalOffset(spec: LoadSpec, k: number): number | null {
  const { rps, forMs } = spec;
  let t: number;
  if (spec.shape === 'ramp' && spec.toRps !== undefined && spec.toRps !== rps) {
    // n(t) = r0·t + (r1 − r0)·t²/(2T) (t in s); solve n(t) = k.
    const T = forMs / 1000;
    const r0 = rps;
    const a = (spec.toRps - r0) / (2 * T);
    const disc = r0 * r0 + 4 * a * k;
    if (disc < 0) return null;
    t = a === 0 ? k / r0 : (-r0 + Math.sqrt(disc)) / (2 * a);
    t *= 1000;
  } else {
    if (rps <= 0) return null;
    t = (k * 1000) / rps;
  }
  if (!Number.isFinite(t) || t < 0) return null;
  const at = Math.round(t);
  return at < forMs ? at : null;
}

/** Offset of the k-th burst (k ≥ 1), or null (no bursts / past `forMs`). */
export function burstOffset(spec: LoadSpec, k: number): number | null {
  if (spec.shape !== 'burst' || !spec.burstEveryMs || !spec.burstSize) return null;
  const at = k * spec.burstEveryMs;
  return at < spec.forMs ? at : null;
}

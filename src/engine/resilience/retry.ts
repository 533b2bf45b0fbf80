/**
 * RxJS `retry({ count, delay })` with exponential backoff and seeded jitter. The gateway pipes
 * `timeout(t)` before `retry(...)`, so every attempt gets its own timeout and each retry is a new
 * `send()` with a new message id.
 */
import type { Rng } from '../core/rng';
import type { RetryPolicy } from '../types';

/**
 * Delay (whole virtual ms) before retry number `retryCount` (1-based, as RxJS passes it):
 * `delayMs · factor^(retryCount − 1) · (1 + jitter·u)`, u uniform in [−1, 1) from `rng`.
 * No jitter ⇒ no rng draw (traces of scenarios without jitter do not shift).
 */
export function retryDelay(policy: RetryPolicy, retryCount: number, rng: Rng): number {
  const base = policy.delayMs * Math.pow(policy.factor, Math.max(0, retryCount - 1));
  if (policy.jitter <= 0) return Math.round(base);
  return Math.max(0, Math.round(base * (1 + policy.jitter * (rng.next() * 2 - 1))));
}

/** Whether attempt `attempt` (0 = first send) may be followed by another. */
export const mayRetry = (policy: RetryPolicy | undefined, attempt: number): boolean =>
  policy !== undefined && attempt < policy.count;

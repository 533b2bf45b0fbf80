/**
 * A circuit breaker per target service (the state machine of opossum / resilience4j):
 * closed → open after `failureThreshold` consecutive failures; open → half-open once `openMs`
 * have passed (checked lazily when a call asks); half-open lets `halfOpenCalls` trial calls through,
 * closes on a trial success and opens again on a trial failure. Pure: time comes in as `now`,
 * transitions go out through `onChange`.
 */
import type { BreakerState, CircuitBreakerPolicy } from '../types';

export type BreakerListener = (from: BreakerState, to: BreakerState) => void;

export class CircuitBreaker {
  state: BreakerState = 'closed';
  /** Consecutive failures while closed. */
  failures = 0;
  openedAt = 0;
  /** Trial calls let through in this half-open period and not yet settled. */
  trials = 0;

  constructor(
    readonly policy: CircuitBreakerPolicy,
    private readonly onChange: BreakerListener = () => {},
  ) {}

  private go(to: BreakerState, now: number): void {
    const from = this.state;
    if (from === to) return;
    this.state = to;
    if (to === 'open') this.openedAt = now;
    if (to !== 'closed') this.trials = 0;
    if (to === 'closed') this.failures = 0;
    this.onChange(from, to);
  }

  /** May a call go out now? (A half-open trial counts from here.) */
  allow(now: number): boolean {
    if (this.state === 'open') {
      if (now - this.openedAt < this.policy.openMs) return false;
      this.go('half-open', now);
    }
    if (this.state === 'half-open') {
      if (this.trials >= this.policy.halfOpenCalls) return false;
      this.trials++;
    }
    return true;
  }

  success(now: number): void {
    if (this.state === 'half-open') this.go('closed', now);
    else if (this.state === 'closed') this.failures = 0;
  }

  failure(now: number): void {
    if (this.state === 'half-open') this.go('open', now);
    else if (this.state === 'closed' && ++this.failures >= this.policy.failureThreshold)
      this.go('open', now);
  }
}

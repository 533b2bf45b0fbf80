/**
 * BrokerLab's simulation engine: pure, deterministic TypeScript — no DOM, no wall clock, and
 * chance only from its seeded Rng. Same model + seed ⇒ same trace, in Node and in the browser.
 *
 * ```ts
 * const sim = createSimulation(model, { onTrace: (e) => events.push(e) });
 * sim.runUntil(1000);               // virtual ms
 * sim.apply({ type: 'kill', instance: 'orders#1' });
 * sim.snapshot();
 * ```
 */
export * from './types';
export { createSimulation, AUTOSCALE_EVERY_MS, TOO_MANY_REQUESTS } from './simulation';
/** Every `Snapshot.counters` field at zero (for a mirror before its first snapshot). */
export { zeroCounters } from './counters';
/** The fault target of a link: `gateway<->broker`. */
export { linkName } from './resilience/faults';
/** Resilience state machines (pure; the world drives them). */
export { CircuitBreaker } from './resilience/circuitBreaker';
export { retryDelay } from './resilience/retry';
export { decide as autoscaleDecision } from './resilience/autoscaler';
export { arrivalOffset, burstOffset } from './resilience/load';
export type { Simulation, SimulationOptions } from './simulation';
export { summarize } from './summary';
export type { Summary } from './summary';
export { percentile } from './core/percentiles';
/** One-line model assumptions per transport (en, pt-BR), for the UI. */
export { TRANSPORT_NOTES } from './notes';
/** The timing figures (virtual ms) of docs/transports.md. */
export { DEFAULT_TIMING, KAFKA, RECONNECT, timingFor } from './timing';
/** NestJS's own texts (errors and logs) as the engine emits them. */
export * as nestErrors from './nestErrors';

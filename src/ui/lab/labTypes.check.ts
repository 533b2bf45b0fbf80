/**
 * Compile-time only: the lab's structural event shapes must accept what the engine emits.
 * If the engine renames a field, this file stops compiling (no run-time code).
 */
import type { TraceEvent } from '../../engine/types';
import type { AnyEvent, BreakerState as LabBreaker, MetricsSample } from '../../trace/labTypes';

type EngineSample = Extract<TraceEvent, { type: 'metrics.sample' }>;
type EngineBreaker = Extract<TraceEvent, { type: 'breaker.state' }>['to'];

export type SampleFits = EngineSample extends MetricsSample ? true : never;
export type BreakerFits = EngineBreaker extends LabBreaker ? true : never;
export type EventFits = TraceEvent extends AnyEvent ? true : never;

export const checks: [SampleFits, BreakerFits, EventFits] = [true, true, true];

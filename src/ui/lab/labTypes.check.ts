/**
 * Compile-time only: every engine event must fit the lab's loose `AnyEvent`, and the sample event
 * the lab reads must be the engine's (no run-time code).
 */
import type { TraceEvent } from '../../engine/types';
import type { AnyEvent, MetricsSample } from '../../trace/labTypes';

type EngineSample = Extract<TraceEvent, { type: 'metrics.sample' }>;

export type SampleFits = EngineSample extends MetricsSample ? true : never;
export type EventFits = TraceEvent extends AnyEvent ? true : never;

export const checks: [SampleFits, EventFits] = [true, true];

/**
 * The autoscaler's decision (Kubernetes HPA's formula): desired = ceil(current · metric / target),
 * within [min, max], ignoring changes inside a 10 % tolerance and waiting `cooldownMs` between
 * two decisions. Pure: the world measures, this decides.
 */
import type { AutoscaleSpec } from '../types';

export interface AutoscaleInput {
  now: number;
  /** Instances counted as replicas (up or starting). */
  current: number;
  /** Average utilization over the last window (busy / concurrency) of the up instances. */
  utilization: number;
  /** Work waiting (broker queue + instance work queues), total. */
  queueDepth: number;
  /** Time of the last decision (−Infinity if none). */
  lastAt: number;
}

export interface AutoscaleDecision {
  to: number;
  reason: string;
}

export const TOLERANCE = 0.1;

const fmt = (x: number) => String(Math.round(x * 100) / 100);

export function decide(spec: AutoscaleSpec, input: AutoscaleInput): AutoscaleDecision | null {
  const { current } = input;
  const clamp = (n: number) => Math.min(spec.max, Math.max(spec.min, n));
  if (current < spec.min || current > spec.max)
    return { to: clamp(current), reason: `keep within min ${spec.min} / max ${spec.max}` };
  if (input.now - input.lastAt < spec.cooldownMs) return null;
  let ratio: number;
  let what: string;
  if ('utilization' in spec.target) {
    ratio = input.utilization / spec.target.utilization;
    what = `utilization ${fmt(input.utilization)} vs target ${spec.target.utilization}`;
  } else {
    const perInstance = input.queueDepth / Math.max(1, current);
    ratio = perInstance / spec.target.queueDepth;
    what = `queue depth ${fmt(perInstance)}/instance vs target ${spec.target.queueDepth}`;
  }
  if (Math.abs(ratio - 1) <= TOLERANCE) return null;
  const to = clamp(Math.ceil(Math.max(current, 1) * ratio));
  if (to === current) return null;
  return { to, reason: what };
}

/**
 * What the engine's `metrics.sample.utilization` means for one instance, in words a learner can
 * trust. The engine divides the average handlings in progress over the window by the bulkhead's
 * `concurrency`; a service without a `capacity` block (NestJS's default: no limit) is divided by
 * 1. So the value is a share of capacity (≤ 100 %) only with a bulkhead; without one it is the
 * average number of handlings in progress (4.2), not "420 %". Pure: unit-tested.
 */
import { parseInstanceId, type Lang } from '../../shared';

/** The bits of the model this needs (structural: `SimModel` fits). */
export interface CapacityModel {
  services: readonly { id: string; capacity?: { concurrency: number } }[];
}

/** Bulkhead concurrency of the service an instance (`orders#2`) belongs to; undefined = none. */
export type ConcurrencyOf = (instance: string) => number | undefined;

export const noBulkheads: ConcurrencyOf = () => undefined;

export function concurrencyOf(model: CapacityModel | null | undefined): ConcurrencyOf {
  if (!model) return noBulkheads;
  const bySvc = new Map<string, number>();
  for (const s of model.services)
    if (s.capacity && s.capacity.concurrency > 0) bySvc.set(s.id, s.capacity.concurrency);
  if (bySvc.size === 0) return noBulkheads;
  return (instance) => {
    const p = parseInstanceId(instance);
    return p ? bySvc.get(p.service) : undefined;
  };
}

/** `concurrencyOf(model)(instance)` without building a map (for per-render selectors). */
export function bulkheadOf(
  model: CapacityModel | null | undefined,
  instance: string,
): number | undefined {
  const p = parseInstanceId(instance);
  const c = p ? model?.services.find((s) => s.id === p.service)?.capacity?.concurrency : undefined;
  return c !== undefined && c > 0 ? c : undefined;
}

export type InstanceLoad =
  /** With a bulkhead: the share of its concurrency in use, in [0, 1]. */
  | { kind: 'share'; share: number; concurrency: number }
  /** Without one: the average number of handlings in progress over the window. */
  | { kind: 'busy'; busy: number };

export function instanceLoad(utilization: number, concurrency: number | undefined): InstanceLoad {
  const u = Number.isFinite(utilization) ? Math.max(0, utilization) : 0;
  return concurrency !== undefined
    ? { kind: 'share', share: Math.min(1, u), concurrency }
    : { kind: 'busy', busy: u };
}

/**
 * `4.25` → `4.3` (en) / `4,3` (pt-BR), `1` → `1.0`: always one decimal, which reads as the
 * average it is (next to the chip's whole "busy 1" of this instant).
 */
const busyFormats = new Map<Lang, Intl.NumberFormat>();

/** One decimal in the learner's language (`4.2` / `4,2`); the formatter is made once per language. */
export function formatBusy(n: number, lang: Lang): string {
  let f = busyFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    busyFormats.set(lang, f);
  }
  return f.format(n);
}

/** Whole per cent of a share in [0, 1]. */
export const percentOf = (share: number): number =>
  Math.round(Math.min(1, Math.max(0, share)) * 100);

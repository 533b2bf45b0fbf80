/**
 * The fault timeline: faults from `fault` / `fault.cleared` events and the effects that follow
 * them (timeouts, drops, errors, retries, breaker trips, fallbacks, 5xx). An effect belongs to a
 * fault when it carries that `faultId`, or — when it carries none — when it happens while the
 * fault is active (or within `graceMs` after it cleared: queued work keeps failing a little).
 */
import { loose, targetText, type AnyEvent } from './labTypes';

export interface FaultRecord {
  faultId: string;
  kind: string;
  target: string;
  start: number;
  /** null while active. */
  end: number | null;
  /** The event's other fields (addMs, percent, factor …) for the tooltip. */
  params: Record<string, string | number | boolean>;
}

export type EffectKind =
  | 'timeout'
  | 'error'
  | 'drop'
  | 'retry'
  | 'breaker'
  | 'fallback'
  | 'http5xx'
  | 'down'
  | 'autoscale'
  /** A service's data left step (`data.diverged`). */
  | 'data';

export interface EffectRecord {
  /** Monotonic id within a run (React key). */
  id: number;
  t: number;
  kind: EffectKind;
  /** What to select in the app (request id, else message id). */
  select?: string;
  msgId?: string;
  faultId?: string;
  /** Short detail: drop reason, breaker `closed→open`, status … */
  detail: string;
}

const SKIP = new Set(['type', 't', 'faultId', 'kind', 'target']);

function paramsOf(e: AnyEvent): FaultRecord['params'] {
  const out: FaultRecord['params'] = {};
  for (const [k, v] of Object.entries(e)) {
    if (SKIP.has(k)) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.join('↔');
  }
  return out;
}

/** Classify one trace event as an effect (null when it is not one). Pure. */
export function effectOf(e: AnyEvent, id: number): EffectRecord | null {
  const l = loose(e);
  const base = {
    id,
    t: e.t,
    ...(l.msgId !== undefined ? { msgId: l.msgId } : {}),
    ...(l.faultId !== undefined ? { faultId: l.faultId } : {}),
  };
  const select = l.reqId ?? l.msgId;
  const sel = select !== undefined ? { select } : {};
  switch (e.type) {
    case 'request.timeout':
      return { ...base, ...sel, kind: 'timeout', detail: '' };
    case 'request.error':
      return { ...base, ...sel, kind: 'error', detail: '' };
    case 'message.dropped':
      return { ...base, ...sel, kind: 'drop', detail: l.reason ?? '' };
    case 'request.retry':
      return { ...base, ...sel, kind: 'retry', detail: `#${l.attempt ?? '?'}` };
    case 'breaker.state':
      return {
        ...base,
        kind: 'breaker',
        detail: `${targetText(l.target)} ${String(l.from)}→${String(l.to)}`,
      };
    case 'fallback.used':
      return { ...base, ...sel, kind: 'fallback', detail: '' };
    case 'http.response':
      return l.status !== undefined && l.status >= 500
        ? { ...base, ...sel, kind: 'http5xx', detail: String(l.status) }
        : null;
    case 'instance.down':
      return { ...base, kind: 'down', detail: l.instance ?? '' };
    case 'autoscale':
      return {
        ...base,
        kind: 'autoscale',
        detail: `${l.service ?? ''} ${String(l.from)}→${String(l.to)}`,
      };
    case 'data.diverged':
      return { ...base, ...sel, kind: 'data', detail: `${l.service ?? ''} ${l.state ?? ''}` };
    default:
      return null;
  }
}

export const EFFECT_LIMIT = 2000;
export const FAULT_LIMIT = 200;

export class FaultLog {
  faults: FaultRecord[] = [];
  effects: EffectRecord[] = [];
  private seq = 0;
  /** Bumped on every change: views compare it to skip work. */
  version = 0;

  /** Feed one trace event; returns true when the timeline changed. */
  add(e: AnyEvent): boolean {
    const l = loose(e);
    if (e.type === 'fault' && l.faultId !== undefined) {
      this.faults.push({
        faultId: l.faultId,
        kind: l.kind ?? 'fault',
        target: targetText(l.target),
        start: e.t,
        end: null,
        params: paramsOf(e),
      });
      if (this.faults.length > FAULT_LIMIT) this.faults.splice(0, this.faults.length - FAULT_LIMIT);
      this.version++;
      return true;
    }
    if (e.type === 'fault.cleared' && l.faultId !== undefined) {
      const f = this.faults.find((x) => x.faultId === l.faultId && x.end === null);
      if (f) {
        f.end = e.t;
        this.version++;
        return true;
      }
      return false;
    }
    const eff = effectOf(e, ++this.seq);
    if (!eff) return false;
    this.effects.push(eff);
    // Amortised: dropping one from the front per effect moved 2000 entries every time.
    if (this.effects.length >= EFFECT_LIMIT * 1.5)
      this.effects.splice(0, this.effects.length - EFFECT_LIMIT);
    this.version++;
    return true;
  }

  clear(): void {
    this.faults = [];
    this.effects = [];
    this.seq = 0;
    this.version++;
  }
}

/** Grace after a fault clears during which untagged effects still count as its own. */
export const GRACE_MS = 250;

/** The effects of one fault: tagged with its id, or untagged and inside its active window. */
export function effectsOf(
  fault: FaultRecord,
  effects: readonly EffectRecord[],
  now: number,
  graceMs = GRACE_MS,
): EffectRecord[] {
  const end = (fault.end ?? now) + (fault.end === null ? 0 : graceMs);
  return effects.filter((x) =>
    x.faultId !== undefined ? x.faultId === fault.faultId : x.t >= fault.start && x.t <= end,
  );
}

/** Active faults at `t`. */
export const activeAt = (faults: readonly FaultRecord[], t: number): FaultRecord[] =>
  faults.filter((f) => f.start <= t && (f.end === null || f.end >= t));

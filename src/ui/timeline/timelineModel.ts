/**
 * What the run timeline draws, as plain data (unit-tested): the time axis of the run so far and
 * its marks — the learner's actions, the scenario's scripted actions (shown ahead of time: a
 * learner sees what is about to happen), faults as bars, failed calls as a density strip, breaker
 * trips. Pure: no React, no DOM.
 */
import type { ScriptStep } from '../../engine/types';
import type { StepFields } from '../../scenario/actions';
import type { BreakerMark, DataMark, ErrorBucket, FaultRecord } from '../../state';

export interface ActionMark {
  t: number;
  /** `kill orders#1`, `GET /orders/:id`, `scale orders → 3` … */
  text: string;
  by: 'learner' | 'script';
}

export interface FaultBar {
  id: string;
  start: number;
  /** null: still active at the end of the branch. */
  end: number | null;
  kind: string;
  target: string;
}

export interface TimelineModel {
  /** Right end of the axis (virtual ms). */
  end: number;
  actions: ActionMark[];
  faults: FaultBar[];
  /** Failed calls per pixel column of the axis (index = column). */
  errors: number[];
  maxErrors: number;
  breakers: { t: number; target: string }[];
  /** When a service's data left step (`behind` / `ahead`). */
  data: { t: number; service: string; state: 'behind' | 'ahead' }[];
}

/** The short text of a command in script form (the file's own words). */
export function actionText(step: StepFields | Record<string, unknown>): string {
  const { at: _at, ...rest } = step as Record<string, unknown>;
  void _at;
  const [key, value] = Object.entries(rest)[0] ?? ['?', ''];
  if (key === 'http') return String(value);
  if (key === 'scale') return `scale ${String(value)} → ${String(rest.replicas)}`;
  if (key === 'load') return `load ${String(value)} ${String(rest.rps)} req/s`;
  if (value === true) return key;
  if (typeof value === 'string') return `${key} ${value}`;
  if (Array.isArray(value)) return `${key} ${value.join('↔')}`;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    const target = Array.isArray(v.link) ? v.link.join('↔') : String(v.service ?? '');
    const n = v.addMs ?? v.percent ?? v.factor ?? v.enabled;
    return `${key} ${target}${n !== undefined ? ` ${String(n)}` : ''}`;
  }
  return key;
}

/** A compiled script step in the same words (the engine's form). */
export function scriptText(s: ScriptStep): string {
  const c = s.command as unknown as Record<string, unknown>;
  switch (s.command.type) {
    case 'http':
      return s.command.count > 1 ? `${s.command.route} ×${s.command.count}` : s.command.route;
    case 'scale':
      return `scale ${s.command.service} → ${s.command.replicas}`;
    case 'load':
      return `load ${s.command.route} ${s.command.rps} req/s`;
    default: {
      const target =
        c.instance ?? c.service ?? c.route ?? (Array.isArray(c.link) ? c.link.join('↔') : '');
      return `${s.command.type}${target ? ` ${String(target)}` : ''}`;
    }
  }
}

/** A round axis end at or past `t` (so the axis rescales now and then, not every frame). */
export function axisEnd(t: number): number {
  const min = 1000;
  if (t <= min) return min;
  const step = 10 ** Math.floor(Math.log10(t));
  for (const k of [1, 1.5, 2, 3, 4, 5, 6, 8, 10]) if (k * step >= t * 1.05) return k * step;
  return 10 * step;
}

export function timelineModel(input: {
  horizon: number;
  clock: number;
  steps: readonly StepFields[];
  script: readonly ScriptStep[];
  faults: readonly FaultRecord[];
  errors: readonly ErrorBucket[];
  breakers: readonly BreakerMark[];
  dataMarks?: readonly DataMark[];
  columns: number;
}): TimelineModel {
  const lastScript = input.script.at(-1)?.at ?? 0;
  const end = axisEnd(Math.max(input.horizon, input.clock, lastScript + 100));
  const actions: ActionMark[] = [
    ...input.script.map((s) => ({ t: s.at, text: scriptText(s), by: 'script' as const })),
    ...input.steps.map((s) => ({ t: s.at, text: actionText(s), by: 'learner' as const })),
  ].sort((a, b) => a.t - b.t);
  const columns = Math.max(1, Math.floor(input.columns));
  const errors = new Array<number>(columns).fill(0);
  for (const b of input.errors) {
    const col = Math.min(columns - 1, Math.floor((b.t / end) * columns));
    errors[col]! += b.http5xx + b.timeouts;
  }
  return {
    end,
    actions,
    faults: input.faults.map((f) => ({
      id: f.faultId,
      start: f.start,
      end: f.end,
      kind: f.kind,
      target: f.target,
    })),
    errors,
    maxErrors: Math.max(0, ...errors),
    breakers: input.breakers
      .filter((b) => b.to === 'open')
      .map((b) => ({ t: b.t, target: b.target })),
    data: (input.dataMarks ?? []).flatMap((d) =>
      d.state === 'in-step' ? [] : [{ t: d.t, service: d.service, state: d.state }],
    ),
  };
}

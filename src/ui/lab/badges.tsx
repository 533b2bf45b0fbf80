/**
 * Small lab badges for canvas nodes (eager, tiny: they read the lab store only). The gateway
 * shows one breaker pill per target; an instance chip shows its utilisation as a bar, its
 * work-queue depth, and a "paused" tag. Status is colour + icon + text, as elsewhere.
 */
import type { Lang } from '../../shared';
import { useUi } from '../../state/hooks';
import { useLab } from './labStore';
import type { BreakerState } from '../../trace/labTypes';
import './badges.css';

const TEXT: Record<Lang, Record<BreakerState | 'paused' | 'breaker', string>> = {
  en: {
    closed: 'closed',
    open: 'open',
    'half-open': 'half-open',
    paused: 'paused',
    breaker: 'breaker',
  },
  'pt-BR': {
    closed: 'fechado',
    open: 'aberto',
    'half-open': 'semiaberto',
    paused: 'pausada',
    breaker: 'disjuntor',
  },
};
const ICON: Record<BreakerState, string> = { closed: '●', open: '○', 'half-open': '◐' };

/** One pill per circuit breaker the run has (none before the first sample or state change). */
export function BreakerBadges() {
  const breakers = useLab((s) => s.breakers);
  const text = TEXT[useUi((s) => s.lang)];
  const entries = Object.entries(breakers);
  if (entries.length === 0) return null;
  return (
    <div className="lab-badges">
      {entries.map(([target, state]) => (
        <span
          key={target}
          className={`lab-badge breaker-badge breaker-${state}`}
          data-id={`breaker-badge-${target}`}
          data-state={state}
        >
          <span aria-hidden="true">{ICON[state]}</span> {text.breaker} {target}: {text[state]}
        </span>
      ))}
    </div>
  );
}

/** Utilisation bar, work-queue depth and paused tag of one instance (inside its chip). */
export function InstanceBadge({ id }: { id: string }) {
  const util = useLab((s) => s.utilization[id]);
  const waiting = useLab((s) => s.waiting[id] ?? 0);
  const paused = useLab((s) => s.paused.includes(id));
  const text = TEXT[useUi((s) => s.lang)];
  if (util === undefined && !paused && waiting === 0) return null;
  const pct = Math.round(Math.min(1, Math.max(0, util ?? 0)) * 100);
  return (
    <span className="lab-chip-badge" data-id={`${id}:lab`} data-paused={paused} data-util={pct}>
      {paused && <span className="lab-paused">⏸ {text.paused}</span>}
      {waiting > 0 && <span className="lab-waiting">⧗{waiting}</span>}
      <span className={`lab-util ${pct >= 90 ? 'is-hot' : ''}`} style={{ width: `${pct}%` }} />
    </span>
  );
}

/**
 * The breaker to `target` drawn on the edge into it (a ring: solid = closed, hollow = open,
 * dashed = half-open) at a point the edge gives. Null until the run reports that breaker.
 */
export function EdgeBreaker({ target, x, y }: { target: string; x: number; y: number }) {
  const state = useLab((s) => s.breakers[target]);
  const text = TEXT[useUi((s) => s.lang)];
  if (state === undefined) return null;
  return (
    <span
      className={`edge-breaker breaker-${state}`}
      data-id={`edge-breaker:${target}`}
      data-state={state}
      role="img"
      aria-label={`${text.breaker} ${target}: ${text[state]}`}
      title={`${text.breaker} ${target}: ${text[state]}`}
      style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }}
    >
      <span className="edge-breaker-ring" aria-hidden="true">
        {ICON[state]}
      </span>
      <span className="edge-breaker-text" aria-hidden="true">
        {text[state]}
      </span>
    </span>
  );
}

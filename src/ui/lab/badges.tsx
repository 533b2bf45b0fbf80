/**
 * Small lab badges for canvas nodes (eager, tiny: they read the lab store only). The gateway
 * shows one breaker pill per target; an instance chip shows its load (a share of capacity with a
 * bar when its service has a bulkhead, else the average handlings in progress — `load.ts`), its
 * work-queue depth, and a "paused" tag. Status is colour + icon + text, as elsewhere.
 */
import type { Lang } from '../../shared';
import { useSim, useUi } from '../../state/hooks';
import { useLab } from './labStore';
import type { BreakerState } from '../../trace/labTypes';
import { bulkheadOf, formatBusy, instanceLoad, percentOf } from './load';
import './badges.css';

type BadgeText = 'paused' | 'breaker' | 'share' | 'shareHint' | 'busy' | 'busyHint';

const TEXT: Record<Lang, Record<BreakerState | BadgeText, string>> = {
  en: {
    closed: 'closed',
    open: 'open',
    'half-open': 'half-open',
    paused: 'paused',
    breaker: 'breaker',
    share: '{n}% of capacity',
    shareHint:
      'Utilisation: {n}% of its bulkhead ({c} handlings at once), averaged over the last window',
    busy: '{n} in progress',
    busyHint:
      'Average handlings in progress over the last window. This service has no concurrency limit (NestJS default), so there is no percentage.',
  },
  'pt-BR': {
    closed: 'fechado',
    open: 'aberto',
    'half-open': 'semiaberto',
    paused: 'pausada',
    breaker: 'disjuntor',
    share: '{n}% da capacidade',
    shareHint:
      'Utilização: {n}% do bulkhead ({c} processamentos ao mesmo tempo), média da última janela',
    busy: '{n} em andamento',
    busyHint:
      'Média de processamentos em andamento na última janela. Este serviço não tem limite de concorrência (padrão do NestJS), então não há porcentagem.',
  },
};

const fill = (text: string, params: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
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

/**
 * The load line, bar, work-queue depth and paused tag of one instance (inside its chip). The load
 * line is always there (a blank before the first sample) so the chip never changes size.
 */
export function InstanceBadge({ id }: { id: string }) {
  const util = useLab((s) => s.utilization[id]);
  const waiting = useLab((s) => s.waiting[id] ?? 0);
  const paused = useLab((s) => s.paused.includes(id));
  const concurrency = useSim((s) => bulkheadOf(s.model, id));
  const lang = useUi((s) => s.lang);
  const text = TEXT[lang];
  const load = util === undefined ? null : instanceLoad(util, concurrency);
  const pct = load?.kind === 'share' ? percentOf(load.share) : null;
  const busy = load?.kind === 'busy' ? formatBusy(load.busy, lang) : null;
  return (
    <>
      <span
        className="lab-load"
        data-id={`${id}:load`}
        data-kind={load?.kind ?? ''}
        data-value={load === null ? '' : load.kind === 'share' ? pct : load.busy}
        title={
          pct !== null
            ? fill(text.shareHint, { n: pct, c: concurrency ?? 1 })
            : busy !== null
              ? text.busyHint
              : undefined
        }
      >
        {pct !== null
          ? fill(text.share, { n: pct })
          : busy !== null
            ? fill(text.busy, { n: busy })
            : '\u00a0'}
      </span>
      {(pct !== null || paused || waiting > 0) && (
        <span
          className="lab-chip-badge"
          data-id={`${id}:lab`}
          data-paused={paused}
          {...(pct !== null ? { 'data-util': pct } : {})}
        >
          {(paused || waiting > 0) && (
            <span className="lab-tags">
              {paused && <span className="lab-paused">⏸ {text.paused}</span>}
              {waiting > 0 && <span className="lab-waiting">⧗{waiting}</span>}
            </span>
          )}
          {pct !== null && (
            <span
              className={`lab-util ${pct >= 90 ? 'is-hot' : ''}`}
              style={{ width: `${pct}%` }}
            />
          )}
        </span>
      )}
    </>
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

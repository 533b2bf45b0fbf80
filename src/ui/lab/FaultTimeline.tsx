/**
 * A strip under the canvas: each fault as a bar over virtual time, each effect as a tick.
 * Clicking a fault highlights its effects (list here, band on the charts); clicking an effect
 * selects its request so the canvas and the log highlight it.
 */
import { uiStore } from '../../state';
import { collector } from './collector';
import { effectsOf, type EffectKind } from '../../trace/faults';
import { faultName } from './FaultsView';
import { labStore, useLab } from './labStore';
import { useLabT } from './labI18n';
import { useCollectorTick } from './useCollectorTick';

const EFFECT_ROWS = 40;

const TICK_TONE: Record<EffectKind, string> = {
  timeout: 'error',
  error: 'error',
  http5xx: 'error',
  drop: 'warn',
  retry: 'info',
  breaker: 'breaker',
  fallback: 'info',
  down: 'warn',
  autoscale: 'ok',
  data: 'error',
};

export function FaultTimeline() {
  const t = useLabT();
  useCollectorTick(4);
  useLab((s) => s.faultsVersion);
  const selected = useLab((s) => s.selectedFault);
  const { faults, effects } = collector.faults;
  const now = collector.now;
  const t0 = 0;
  const span = Math.max(1, now - t0);
  const pct = (x: number) => `${(((x - t0) / span) * 100).toFixed(2)}%`;
  const sel = faults.find((f) => f.faultId === selected) ?? null;
  const linked = sel ? effectsOf(sel, effects, now) : [];
  const linkedIds = new Set(linked.map((e) => e.id));
  // Ticks: a bounded sample of the newest effects keeps the strip cheap under load.
  const ticks = effects.slice(-400);

  return (
    <section
      className="lab-timeline"
      aria-labelledby="lab-timeline-title"
      data-id="lab-timeline"
      data-faults={faults.length}
    >
      <h3 id="lab-timeline-title">{t('timeline.title')}</h3>
      {faults.length === 0 ? (
        <p className="muted lab-note">{t('timeline.empty')}</p>
      ) : (
        <div className="lab-track" style={{ ['--rows' as string]: Math.min(3, faults.length) }}>
          <ol className="lab-fault-bars">
            {faults.map((f, i) => {
              const end = f.end ?? now;
              const n = effectsOf(f, effects, now).length;
              const name = `${faultName(t, f.kind)} ${f.target}`;
              return (
                <li
                  key={f.faultId}
                  style={{
                    left: pct(f.start),
                    width: `max(1.5rem, calc(${pct(end)} - ${pct(f.start)}))`,
                    top: `${(i % 3) * 1.55}rem`,
                  }}
                >
                  <button
                    type="button"
                    className={`lab-fault fault-kind-${f.kind} ${f.faultId === selected ? 'is-selected' : ''}`}
                    data-id={`lab-fault-${f.faultId}`}
                    data-kind={f.kind}
                    data-state={f.end === null ? 'active' : 'cleared'}
                    aria-pressed={f.faultId === selected}
                    title={`${name} · t=${Math.round(f.start)}–${f.end === null ? '…' : Math.round(f.end)} ms · ${t('timeline.effects', { n })}`}
                    onClick={() =>
                      labStore.getState().selectFault(f.faultId === selected ? null : f.faultId)
                    }
                  >
                    {name}
                    {f.end === null && (
                      <span className="lab-live"> · {t('timeline.active')}</span>
                    )}{' '}
                    · {n}
                  </button>
                </li>
              );
            })}
          </ol>
          <div className="lab-ticks" aria-hidden="true">
            {ticks.map((e) => (
              <span
                key={e.id}
                className={`lab-tick tick-${TICK_TONE[e.kind]} ${linkedIds.has(e.id) ? 'is-linked' : ''}`}
                style={{ left: pct(e.t) }}
              />
            ))}
          </div>
        </div>
      )}
      {sel && (
        <div className="lab-effects" data-id="lab-fault-effects" data-count={linked.length}>
          <h4>{t('timeline.effectsOf', { fault: `${faultName(t, sel.kind)} ${sel.target}` })}</h4>
          {linked.length === 0 ? (
            <p className="muted">{t('timeline.noEffects')}</p>
          ) : (
            <ul>
              {linked.slice(-EFFECT_ROWS).map((e) => (
                <li key={e.id}>
                  <button
                    type="button"
                    className={`lab-effect tick-${TICK_TONE[e.kind]}`}
                    disabled={!e.select}
                    onClick={() => {
                      if (e.select) {
                        uiStore.getState().select(e.select);
                        labStore.getState().setTab('trace');
                      }
                    }}
                  >
                    t={Math.round(e.t)} ms · {t(`effect.${e.kind}`)} {e.detail} {e.select ?? ''}
                  </button>
                </li>
              ))}
              {linked.length > EFFECT_ROWS && (
                <li className="muted">{t('timeline.more', { n: linked.length - EFFECT_ROWS })}</li>
              )}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

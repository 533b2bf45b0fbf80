/**
 * Jaeger-style waterfall of the selected request: one row per span (on the wire, waiting at a
 * node, handling), bars placed on the request's own time axis, marks for timeouts, drops and
 * retries. Built in the worker from its recent events, fetched at most 4× a second.
 */
import { useUi } from '../../state/hooks';
import { useSimClient } from '../simClientContext';
import { useLabT } from './labI18n';
import { useWorkerQuery } from './useWorkerQuery';

export function WaterfallView() {
  const t = useLabT();
  const client = useSimClient();
  const selected = useUi((s) => s.selected);
  const w = useWorkerQuery(`wf:${selected ?? ''}`, () =>
    selected ? client.waterfall(selected) : Promise.resolve(null),
  );
  if (!selected) return <p className="muted lab-note">{t('trace.pick')}</p>;
  if (w === undefined) return null;
  if (!w) return <p className="muted lab-note">{t('trace.gone')}</p>;
  const span = Math.max(1, w.end - w.start);
  const pct = (x: number) => ((x - w.start) / span) * 100;
  return (
    <div className="lab-waterfall" data-id="waterfall" data-spans={w.spans.length}>
      <p className="lab-wf-head">
        <b>{selected}</b> ·{' '}
        {w.status !== undefined ? t('trace.status', { status: w.status }) : t('trace.open')} ·{' '}
        {Math.round(w.end - w.start)} ms
        <span className="lab-legend">
          <span className="wf-key wf-transit" /> {t('trace.transit')}{' '}
          <span className="wf-key wf-wait" /> {t('trace.wait')} <span className="wf-key wf-work" />{' '}
          {t('trace.work')}
        </span>
      </p>
      <ol className="lab-wf-rows" aria-label={t('trace.label', { id: selected })}>
        {w.spans.map((s, i) => {
          const left = pct(s.start);
          const width = Math.max(0.4, pct(s.end) - left);
          const kindText = t(`trace.${s.kind}`);
          const ms = Math.round((s.end - s.start) * 10) / 10;
          return (
            <li
              key={i}
              className={`wf-row wf-row-${s.kind} ${s.ok === false ? 'wf-failed' : ''}`}
              data-kind={s.kind}
            >
              <span className="wf-label" title={s.label}>
                {s.label}
              </span>
              <span className="wf-track">
                <span
                  className={`wf-bar wf-${s.kind} ${s.msgKind ? `msg-${s.msgKind}` : ''}`}
                  style={{ left: `${left}%`, width: `${width}%` }}
                  title={`${kindText} ${ms} ms`}
                />
                <span className="wf-ms" style={{ left: `${Math.min(left + width, 80)}%` }}>
                  {kindText} {ms} ms
                </span>
                {i === 0 &&
                  w.marks.map((m, k) => (
                    <span
                      key={k}
                      className={`wf-mark mark-${m.kind}`}
                      style={{ left: `${pct(m.t)}%` }}
                      title={`${m.label} t=${Math.round(m.t)} ms`}
                    />
                  ))}
              </span>
            </li>
          );
        })}
      </ol>
      {w.marks.length > 0 && (
        <ul className="lab-wf-marks">
          {w.marks.map((m, k) => (
            <li key={k} className={`mark-${m.kind}`}>
              t={Math.round(m.t)} ms · {m.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Jaeger-style waterfall of the selected request: one row per span (on the wire, waiting at a
 * node, handling), bars placed on the request's own time axis, marks for timeouts, drops and
 * retries. Legs on the wire wear their message's token look (request ●, reply ◆, event ▲, HTTP ■,
 * error ✕); handling and waiting have their own (`looks.ts`). Built in the worker from its recent
 * events, fetched at most 4× a second.
 */
import { useT } from '../useT';
import type { MessageKind } from '../../engine/types';
import { useSim, useUi } from '../../state/hooks';
import { grpcCall, shownPattern } from '../grpcNames';
import { useSimClient } from '../simClientContext';
import { KIND_GLYPH, kindColor, kindLegendKey } from '../tokenKinds';
import { useLabT } from './labI18n';
import { FAILED_COLOR, HANDLING_COLOR, spanLook } from './looks';
import { useWorkerQuery } from './useWorkerQuery';

/** Legend order of the kinds on the wire (http-response is drawn as HTTP). */
const WIRE_KINDS: readonly MessageKind[] = ['http', 'request', 'reply', 'event', 'error'];
const legendKind = (k: string | undefined): string => (k === 'http-response' ? 'http' : (k ?? ''));

export function WaterfallView() {
  const t = useLabT();
  const client = useSimClient();
  const appT = useT();
  const services = useSim((s) => s.model?.services);
  const selected = useUi((s) => s.selected);
  const w = useWorkerQuery(`wf:${selected ?? ''}`, () =>
    selected ? client.waterfall(selected) : Promise.resolve(null),
  );
  if (!selected) return <p className="muted lab-note">{t('trace.pick')}</p>;
  if (w === undefined) return null;
  if (!w) return <p className="muted lab-note">{t('trace.gone')}</p>;
  const span = Math.max(1, w.end - w.start);
  const onWire = new Set(
    w.spans.filter((x) => x.kind === 'transit').map((x) => legendKind(x.msgKind)),
  );
  const failedWork = w.spans.some((x) => x.kind === 'work' && x.ok === false);
  // On gRPC the route timeout is the call's deadline: the mark says what the client got.
  const grpc =
    w.target !== undefined &&
    grpcCall(
      services?.find((x) => x.id === w.target),
      '',
    );
  const markLabel = (m: { kind: string; label: string }) =>
    grpc && m.kind === 'timeout' ? '4 DEADLINE_EXCEEDED' : m.label;
  const pct = (x: number) => ((x - w.start) / span) * 100;
  return (
    <div className="lab-waterfall" data-id="waterfall" data-spans={w.spans.length}>
      <p className="lab-wf-head">
        <b>{selected}</b> ·{' '}
        {w.status !== undefined ? t('trace.status', { status: w.status }) : t('trace.open')} ·{' '}
        {Math.round(w.end - w.start)} ms
        <span className="lab-legend" data-id="waterfall-legend">
          {WIRE_KINDS.filter((k) => onWire.has(k)).map((k) => (
            <span key={k} className="wf-legend-item" data-kind={k}>
              <span aria-hidden="true" className="wf-glyph" style={{ color: kindColor(k) }}>
                {KIND_GLYPH[k]}
              </span>{' '}
              {appT(kindLegendKey(k))}
            </span>
          ))}
          <span className="wf-legend-item" data-kind="wait">
            <span className="wf-key wf-wait" /> {t('trace.wait')}
          </span>
          <span className="wf-legend-item" data-kind="work">
            <span className="wf-key" style={{ background: HANDLING_COLOR }} /> {t('trace.work')}
          </span>
          {failedWork && (
            <span className="wf-legend-item" data-kind="failed">
              <span className="wf-key" style={{ background: FAILED_COLOR }} /> {t('trace.failed')}
            </span>
          )}
        </span>
      </p>
      <ol className="lab-wf-rows" aria-label={t('trace.label', { id: selected })}>
        {w.spans.map((s, i) => {
          const left = pct(s.start);
          const width = Math.max(0.4, pct(s.end) - left);
          const kindText = t(`trace.${s.kind}`);
          const ms = Math.round((s.end - s.start) * 10) / 10;
          const look = spanLook(s);
          // A handling on gRPC reads as the proto method it serves.
          const label =
            s.kind === 'work' && s.pattern !== undefined
              ? `${s.node} ${shownPattern(services, s.node, s.pattern)}`
              : s.label;
          return (
            <li
              key={i}
              className={`wf-row wf-row-${s.kind} ${s.ok === false ? 'wf-failed' : ''}`}
              data-kind={s.kind}
              {...(s.msgKind ? { 'data-msg-kind': s.msgKind } : {})}
            >
              <span className="wf-label" title={label}>
                {look.glyph && (
                  <span aria-hidden="true" className="wf-glyph" style={{ color: look.color }}>
                    {look.glyph}{' '}
                  </span>
                )}
                {label}
              </span>
              <span className="wf-track">
                <span
                  className={`wf-bar wf-${s.kind}`}
                  data-color={look.color}
                  style={{
                    left: `${left}%`,
                    width: `${width}%`,
                    ...(s.kind !== 'wait' ? { background: look.color } : {}),
                  }}
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
                      title={`${markLabel(m)} t=${Math.round(m.t)} ms`}
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
              t={Math.round(m.t)} ms · {markLabel(m)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

import { memo, useMemo, useState } from 'react';
import { useT, type Translate } from '../useT';
import { uiStore, type LogEntry } from '../../state';
import { useSim, useUi } from '../../state/hooks';
import { lineText, sendTargets, type Services } from './logText';

/** One line; memoised on the entry (entries are immutable), so a new batch renders only new rows. */
const Line = memo(function Line(props: {
  e: LogEntry;
  t: Translate;
  selected: boolean;
  services: Services;
  /** Timeout lines: the service the message was sent to. */
  target: string | undefined;
}) {
  const { e, t, selected, services, target } = props;
  const text = lineText(t, e, services, target);
  const label = `t=${Math.round(e.t)}ms ${e.actor} ${text}`;
  return (
    <li
      className={`log-line tone-${e.tone} ${selected ? 'is-selected' : ''}`}
      data-kind={e.kind}
      data-t={e.t}
    >
      <button
        type="button"
        aria-pressed={selected}
        disabled={!e.select}
        onClick={() => {
          const ui = uiStore.getState();
          ui.select(selected ? null : (e.select ?? null));
          // The line's message (if any) opens in the inspector with its wire envelopes.
          ui.inspect(selected || !e.msg ? null : { msgId: e.msg });
        }}
        aria-label={label}
      >
        <span className="log-t">t={Math.round(e.t)}ms</span>{' '}
        <span className="log-actor">{e.actor}</span> <span className="log-text">{text}</span>
      </button>
    </li>
  );
});

/**
 * While playing under load nearly every line is replaced at each publication; rendering only the
 * newest ones keeps that churn small. Paused, the whole bounded log is there to scroll through.
 */
const LINES_WHILE_PLAYING = 120;
/**
 * Under a firehose (a publication brings at least this many new lines) every rendered row is new
 * at each publication, ~10 times a second: keep only about what the panel shows, because
 * mounting and unmounting 120 rows each time was the main style/layout/paint cost at 4× CPU.
 */
const LINES_UNDER_LOAD = 30;

/** Newest first; click a line to highlight that message's tokens on the canvas. */
export function EventLog() {
  const t = useT();
  const playing = useSim((s) => s.playing);
  const all = useSim((s) => s.log);
  // New lines in the last publication (ids are consecutive), kept from the previous render.
  const top = all[0]?.id ?? 0;
  const [last, setLast] = useState({ top, burst: 0 });
  if (last.top !== top) setLast({ top, burst: top - last.top });
  const limit = last.burst >= LINES_UNDER_LOAD ? LINES_UNDER_LOAD : LINES_WHILE_PLAYING;
  const log = playing ? all.slice(0, limit) : all;
  const selected = useUi((s) => s.selected);
  const services = useSim((s) => s.model?.services);
  // Only gRPC runs need to know where a timed-out message went (its deadline line).
  const anyGrpc = services?.some((s) => s.transport.kind === 'grpc') ?? false;
  const targets = useMemo(() => (anyGrpc ? sendTargets(all) : null), [anyGrpc, all]);
  return (
    <section className="panel log" aria-labelledby="log-title">
      <h2 id="log-title">{t('log.title')}</h2>
      {log.length === 0 && <p className="muted">{t('log.empty')}</p>}
      <ol className="log-lines" aria-live="polite" aria-relevant="additions" data-id="event-log">
        {log.map((e) => (
          <Line
            key={e.id}
            e={e}
            t={t}
            services={services}
            target={e.kind === 'timeout' && e.msg ? targets?.get(e.msg) : undefined}
            selected={selected !== null && e.select === selected}
          />
        ))}
      </ol>
    </section>
  );
}

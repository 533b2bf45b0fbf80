import { memo } from 'react';
import { useT, type Translate } from '../../app/i18n';
import { uiStore, type LogEntry } from '../../state';
import { useSim, useUi } from '../../state/hooks';

function lineText(t: Translate, e: LogEntry): string {
  // `as const` keeps the template types: a LogKind or an engine DropReason without a catalogue
  // key fails to compile.
  const params = e.reason ? { ...e.params, reason: t(`drop.${e.reason}` as const) } : e.params;
  return t(`log.${e.kind}` as const, params);
}

/** One line; memoised on the entry (entries are immutable), so a new batch renders only new rows. */
const Line = memo(function Line(props: { e: LogEntry; t: Translate; selected: boolean }) {
  const { e, t, selected } = props;
  const text = lineText(t, e);
  const label = `t=${Math.round(e.t)}ms ${e.actor} ${text}`;
  return (
    <li className={`log-line tone-${e.tone} ${selected ? 'is-selected' : ''}`} data-kind={e.kind}>
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

/** Newest first; click a line to highlight that message's tokens on the canvas. */
export function EventLog() {
  const t = useT();
  const playing = useSim((s) => s.playing);
  const all = useSim((s) => s.log);
  const log = playing ? all.slice(0, LINES_WHILE_PLAYING) : all;
  const selected = useUi((s) => s.selected);
  return (
    <section className="panel log" aria-labelledby="log-title">
      <h2 id="log-title">{t('log.title')}</h2>
      {log.length === 0 && <p className="muted">{t('log.empty')}</p>}
      <ol className="log-lines" aria-live="polite" aria-relevant="additions" data-id="event-log">
        {log.map((e) => (
          <Line key={e.id} e={e} t={t} selected={selected !== null && e.select === selected} />
        ))}
      </ol>
    </section>
  );
}

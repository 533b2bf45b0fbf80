import { useEffect, useState } from 'react';
import { useLive, useSim } from '../../state/hooks';
import { useLiveT } from './liveI18n';
import './live.css';

const BROKERS: Record<string, string> = {
  redis: 'Redis',
  nats: 'NATS',
  mqtt: 'MQTT',
  rmq: 'RabbitMQ',
};

/** Seconds until `at` (performance.now time), counted down twice a second while waiting. */
function useCountdown(at: number | null): number {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (at === null) return;
    const update = () => setLeft(Math.max(0, Math.ceil((at - performance.now()) / 1000)));
    update();
    const id = setInterval(update, 500);
    return () => clearInterval(id);
  }, [at]);
  return at === null ? 0 : left;
}

/**
 * What the Live view is connected to, and every way it can go wrong, in words: a refused URL, no
 * bridge, a bridge that died (with the reconnect countdown), a broker that dropped, refused
 * frames, a pause that keeps listening. Never a blank screen: the canvas stays under it.
 */
export default function LiveBanner() {
  const t = useLiveT();
  const s = useLive((x) => x);
  const playing = useSim((x) => x.playing);
  const seconds = useCountdown(s.phase === 'closed' ? s.retryAt : null);
  const url = s.url ?? '';
  let tone: 'ok' | 'warn' | 'error' = 'ok';
  let text: string;
  if (s.phase === 'refused') {
    tone = 'error';
    text = t('live.refused', { raw: s.raw });
  } else if (s.phase === 'connecting') text = t('live.connecting', { url });
  else if (s.phase === 'closed') {
    tone = 'error';
    text = t(s.everOpen ? 'live.lost' : 'live.neverOpen', { url, s: seconds });
  } else
    text = t('live.open', {
      broker: s.broker,
      transport: BROKERS[s.transport ?? ''] ?? s.transport ?? '',
      listening: s.listening,
      url,
    });
  if (s.phase === 'open' && s.brokerDown) tone = 'warn';
  return (
    <section
      className={`live-banner live-${tone}`}
      data-id="live-banner"
      data-state={s.phase}
      role={tone === 'error' ? 'alert' : 'status'}
      aria-label={t('live.label')}
    >
      <p className="live-main">
        <strong className="live-badge">● {t('live.label')}</strong>{' '}
        <span data-id="live-text">{text}</span>
      </p>
      {s.phase !== 'refused' && (
        <p className="live-detail">
          {s.brokerDown && <span data-id="live-broker-down">{t('live.brokerDown')} </span>}
          {!playing && s.phase !== 'connecting' && (
            <span data-id="live-paused">{t('live.paused', { waiting: s.waiting })} </span>
          )}
          {s.skipped > 0 && <span>{t('live.skipped', { n: s.skipped })} </span>}
          {s.phase === 'open' && s.messages === 0 && <span>{t('live.waiting')} </span>}
          <span data-id="live-counts">
            {t('live.counts', {
              messages: s.messages,
              notices: s.notices,
              refused: s.refusedFrames,
            })}
          </span>
        </p>
      )}
      {s.phase === 'open' && <p className="live-note">{t('live.inferred')}</p>}
    </section>
  );
}

import { useT } from '../useT';
import { useSim } from '../../state/hooks';

const tone = (status: string) =>
  status.startsWith('5') ? 'error' : status.startsWith('4') ? 'warn' : 'ok';

/** HTTP responses by status, pending requests, dropped and duplicate messages. */
export function CountersPanel() {
  const t = useT();
  const c = useSim((s) => s.counters);
  const statuses = Object.entries(c.byStatus).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section className="panel counters" aria-labelledby="counters-title">
      <h2 id="counters-title">{t('counters.title')}</h2>
      <dl>
        <div>
          <dt>{t('counters.http')}</dt>
          <dd data-id="http-total">
            {c.httpTotal}
            {statuses.map(([status, n]) => (
              <span
                key={status}
                className={`status tone-${tone(status)}`}
                data-id={`status-${status}`}
              >
                {status}: {n}
              </span>
            ))}
          </dd>
        </div>
        <div>
          <dt>{t('counters.pending')}</dt>
          <dd data-id="pending">{c.pending}</dd>
        </div>
        <div>
          <dt>{t('counters.dropped')}</dt>
          <dd data-id="dropped">{c.dropped}</dd>
        </div>
        <div>
          <dt>{t('counters.duplicates')}</dt>
          <dd data-id="duplicates">{c.duplicates}</dd>
        </div>
      </dl>
    </section>
  );
}

import { memo } from 'react';
import { useSim } from '../../state/hooks';
import { useT } from '../useT';

/**
 * A service's own records on its node (`stock: 98`). While they are out of step with what
 * exactly-once handling would give, each differing record shows expected next to actual, and a
 * status line says which way (an icon and a word, not colour alone). Renders nothing for a service
 * without records.
 */
function ServiceRecordsImpl({ id }: { id: string }) {
  const t = useT();
  const data = useSim((s) => s.data[id]);
  if (!data) return null;
  const diverged = data.state !== 'in-step';
  return (
    <div className="svc-records" data-id={`records:${id}`} data-state={data.state}>
      <ul aria-label={t('data.recordsOf', { service: id })}>
        {Object.entries(data.actual).map(([name, actual]) => {
          const expected = data.expected[name] ?? 0;
          const gap = diverged && expected !== actual;
          return (
            <li key={name} className={gap ? 'rec rec-gap' : 'rec'}>
              <span className="rec-name">{name}:</span>{' '}
              <b data-id={`record:${id}:${name}`} data-value={actual}>
                {actual}
              </b>
              {gap && (
                <span className="rec-expected" data-id={`expected:${id}:${name}`}>
                  {' '}
                  {t('data.expectedShort', { n: expected })}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {diverged && (
        <div className="rec-status" role="status" data-id={`data-state:${id}`}>
          <span aria-hidden="true">⚠ </span>
          {t(data.state === 'behind' ? 'data.behind' : 'data.ahead')}
        </div>
      )}
    </div>
  );
}

export const ServiceRecords = memo(ServiceRecordsImpl);

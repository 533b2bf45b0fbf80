/**
 * Each service's own data (docs/scenario-format.md#records): its records now, actual next to
 * expected (what exactly-once handling would give), whether they are in step, the fixes a learner
 * can switch on (idempotent handlers per service, an outbox per emit route) and the moments the
 * data left step or came back. All of it is the engine's state at the clock (the snapshot) or
 * history filtered by the clock, so a rewind shows the past exactly.
 */
import { useStore } from 'zustand';
import { historyStore } from '../../state';
import { useSim } from '../../state/hooks';
import { useCommands } from '../useCommand';
import { useLabT } from './labI18n';

export function DataView() {
  const t = useLabT();
  const command = useCommands();
  const data = useSim((s) => s.data);
  const outboxes = useSim((s) => s.outboxes);
  const routes = useSim((s) => s.model?.routes);
  const now = useSim((s) => s.now);
  useStore(historyStore, (s) => s.version);
  const marks = historyStore.getState().dataMarks.filter((m) => m.t <= now);
  const services = Object.entries(data);
  const emitRoutes = (routes ?? []).filter((r) => r.action === 'emit');

  if (services.length === 0 && emitRoutes.length === 0)
    return <p className="muted">{t('data.none')}</p>;
  return (
    <div className="lab-data" data-id="lab-data">
      <table className="data-table">
        <caption className="sr-only">{t('data.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('data.service')}</th>
            <th scope="col">{t('data.record')}</th>
            <th scope="col">{t('data.actual')}</th>
            <th scope="col">{t('data.expected')}</th>
            <th scope="col">{t('data.state')}</th>
            <th scope="col">{t('data.fix')}</th>
          </tr>
        </thead>
        <tbody>
          {services.flatMap(([id, d]) =>
            Object.keys(d.actual).map((name, k) => {
              const gap = d.state !== 'in-step' && d.actual[name] !== d.expected[name];
              return (
                <tr key={`${id}:${name}`} data-id={`data-row:${id}:${name}`} data-state={d.state}>
                  {k === 0 && (
                    <th scope="row" rowSpan={Object.keys(d.actual).length}>
                      {id}
                    </th>
                  )}
                  <td>{name}</td>
                  <td className={gap ? 'data-gap' : undefined}>{d.actual[name]}</td>
                  <td>{d.expected[name]}</td>
                  {k === 0 && (
                    <td rowSpan={Object.keys(d.actual).length} className={`data-${d.state}`}>
                      <span aria-hidden="true">{d.state === 'in-step' ? '✓ ' : '⚠ '}</span>
                      {t(`data.state.${d.state}`)}
                      {d.overdue > 0 && (
                        <span className="muted"> · {t('data.overdue', { n: d.overdue })}</span>
                      )}
                      {d.extra > 0 && (
                        <span className="muted"> · {t('data.extra', { n: d.extra })}</span>
                      )}
                    </td>
                  )}
                  {k === 0 && (
                    <td rowSpan={Object.keys(d.actual).length}>
                      <label className="lab-check">
                        <input
                          type="checkbox"
                          data-id={`idempotent-${id}`}
                          checked={d.idempotent}
                          onChange={(e) =>
                            command({
                              id: e.target.checked
                                ? 'service.idempotentOn'
                                : 'service.idempotentOff',
                              args: { service: id },
                            }).run()
                          }
                        />
                        {t('data.idempotent')}
                      </label>
                    </td>
                  )}
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
      {emitRoutes.length > 0 && (
        <div className="lab-row data-outboxes">
          {emitRoutes.map((r) => {
            const box = outboxes[r.key];
            return (
              <label key={r.key} className="lab-check" title={t('data.outboxHint')}>
                <input
                  type="checkbox"
                  data-id={`outbox-${r.key}`}
                  checked={box?.enabled ?? false}
                  onChange={(e) =>
                    command({
                      id: e.target.checked ? 'route.outboxOn' : 'route.outboxOff',
                      args: { route: r.key },
                    }).run()
                  }
                />
                {t('data.outbox', { route: r.key })}
                {box?.enabled && (
                  <span className="muted" data-id={`outbox-rows-${r.key}`}>
                    {' '}
                    {t('data.outboxRows', { n: box.rows, ms: box.pollMs })}
                  </span>
                )}
              </label>
            );
          })}
        </div>
      )}
      <section className="data-marks" aria-label={t('data.marks')}>
        <h3>{t('data.marks')}</h3>
        {marks.length === 0 ? (
          <p className="muted">{t('data.noMarks')}</p>
        ) : (
          <ol>
            {marks.slice(-8).map((m, i) => (
              <li key={i} className={`data-${m.state}`} data-id={`data-mark-${i}`}>
                <code>t={Math.round(m.t)} ms</code> {m.service}:{' '}
                <span aria-hidden="true">{m.state === 'in-step' ? '✓ ' : '⚠ '}</span>
                {t(`data.state.${m.state}`)} —{' '}
                {Object.keys(m.actual)
                  .map((k) =>
                    t('data.pair', {
                      record: k,
                      actual: m.actual[k]!,
                      expected: m.expected[k] ?? 0,
                    }),
                  )
                  .join(', ')}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

import { useT } from '../useT';
import type { Issue } from '../../state';

/** A scenario that fails validation: every issue with its field path — never a blank screen. */
export function LoadErrors({ issues, scenario }: { issues: Issue[]; scenario: string }) {
  const t = useT();
  return (
    <section className="load-errors" role="alert" data-id="load-errors">
      <h2>
        {t('errors.title')} <code>{scenario}</code>
      </h2>
      <p>{t('errors.hint')}</p>
      <ul>
        {issues.map((i, k) => (
          <li key={k}>
            <code className="issue-path">{i.path || t('errors.root')}</code>{' '}
            <span className="issue-message">{i.message}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Warnings({ issues }: { issues: Issue[] }) {
  const t = useT();
  if (issues.length === 0) return null;
  return (
    <details className="panel warnings">
      <summary>
        {t('warnings.title')} ({issues.length})
      </summary>
      <ul>
        {issues.map((i, k) => (
          <li key={k}>{i.text}</li>
        ))}
      </ul>
    </details>
  );
}

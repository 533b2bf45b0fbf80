import { useT } from '../useT';
import { noticeStore, type Notice } from '../../state';
import { useNotices } from '../../state/hooks';
import { Button } from '../primitives/Button';
import './share.css';

/**
 * What happened to the learner's work (restored session, unreadable storage, refused link,
 * restarted worker). Errors are alerts, the rest polite status messages. User-supplied text
 * (issue messages from a file or link) is rendered as React text: inert, never HTML.
 */
export function Notices({ onStartFresh }: { onStartFresh(): void }) {
  const t = useT();
  const notices = useNotices((s) => s.notices);
  const dismiss = (id: Notice['id']) => noticeStore.getState().dismiss(id);
  return (
    <div className="notices" aria-label={t('notice.region')} role="region">
      {notices.map((n) => (
        <div
          key={n.id}
          className={`notice notice-${n.tone}`}
          role={n.tone === 'error' ? 'alert' : 'status'}
          data-id={`notice-${n.id}`}
          data-kind={n.key}
        >
          <p className="notice-text">
            {t(n.key, n.params)}
            {n.detail && <> {t(n.detail, n.params)}</>}
          </p>
          {n.issues && n.issues.length > 0 && <IssueList issues={n.issues} />}
          <div className="notice-actions">
            {n.action === 'startFresh' && (
              <Button
                data-id="start-fresh"
                onClick={() => {
                  dismiss(n.id);
                  onStartFresh();
                }}
              >
                {t('session.startFresh')}
              </Button>
            )}
            <Button variant="ghost" data-id="dismiss" onClick={() => dismiss(n.id)}>
              {t('notice.dismiss')}
            </Button>
          </div>
        </div>
      ))}
    </div>
  );
}

/** `path: message` per issue, paths in code style; `(file)` for the whole file. */
export function IssueList({ issues }: { issues: readonly { path: string; message: string }[] }) {
  const t = useT();
  return (
    <ul className="issue-list" data-id="issues">
      {issues.map((i, k) => (
        <li key={k}>
          <code className="issue-path">{i.path || t('errors.root')}</code>
          {': '}
          <span className="issue-message">{i.message}</span>
        </li>
      ))}
    </ul>
  );
}

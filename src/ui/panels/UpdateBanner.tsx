import { useT } from '../useT';
import { useUi } from '../../state/hooks';

/** Shown when a new build is cached: the learner chooses when to reload. */
export function UpdateBanner() {
  const t = useT();
  const update = useUi((s) => s.update);
  if (!update) return null;
  return (
    <div className="update-banner" role="status">
      {t('app.updateReady')}{' '}
      <button type="button" className="btn btn-primary" onClick={update}>
        {t('app.update')}
      </button>
    </div>
  );
}

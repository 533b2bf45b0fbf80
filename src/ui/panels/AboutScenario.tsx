/** The scenario's own description (its file's `description`): what it shows and what to try. */
import { useSim } from '../../state/hooks';
import { useLocalized, useT } from '../useT';

export function AboutScenario() {
  const t = useT();
  const loc = useLocalized();
  const description = useSim((s) => s.model?.description);
  if (!description) return null;
  return (
    <details className="panel about" data-id="about-scenario" open>
      <summary>
        <h2>{t('about.title')}</h2>
      </summary>
      {loc(description)
        .split(/\n+/)
        .map((p, i) => (
          <p key={i}>{p}</p>
        ))}
    </details>
  );
}

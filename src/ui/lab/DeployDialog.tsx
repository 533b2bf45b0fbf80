/**
 * "Deploy a new version…" from a service's ⋯ menu: the learner picks the strategy, the start-up
 * time and what the new version changes (every handler's time, an error rate), then the registry's
 * `service.deploy` runs — the same command a lesson's solution or a scenario script uses.
 */
import { useState, type FormEvent } from 'react';
import { useSim } from '../../state/hooks';
import type { DeployStrategy } from '../../engine/types';
import { Button } from '../primitives/Button';
import { Dialog } from '../primitives/Dialog';
import { useRunCommand } from '../useCommand';
import { useLabT } from './labI18n';
import { closeDeployDialog } from './menuStore';
import './faultMenu.css';

/** A whole number in [min, max] from a field, or undefined when the field is empty. */
function wholeNumber(text: string, min: number, max: number): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Math.round(Number(text));
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : undefined;
}

export default function DeployDialog({ service }: { service: string }) {
  const t = useLabT();
  const runCommand = useRunCommand();
  const spec = useSim((s) => s.model?.services.find((x) => x.id === service));
  const [strategy, setStrategy] = useState<DeployStrategy>('rolling');
  const [startup, setStartup] = useState(String(spec?.startupMs ?? 500));
  const [latency, setLatency] = useState('');
  const [errors, setErrors] = useState('0');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const startupMs = wholeNumber(startup, 0, 60_000);
    const latencyMs = wholeNumber(latency, 0, 60_000);
    const errorRate = wholeNumber(errors, 0, 100);
    runCommand({
      id: 'service.deploy',
      args: {
        service,
        strategy,
        ...(startupMs !== undefined && { startupMs }),
        ...(latencyMs !== undefined && { latencyMs }),
        ...(errorRate ? { errorRate } : {}),
      },
    });
    closeDeployDialog();
  };

  return (
    <Dialog
      title={t('deploy.title', { service })}
      dataId="deploy-dialog"
      closeLabel={t('deploy.cancel')}
      onClose={closeDeployDialog}
      className="deploy-dialog"
    >
      <form onSubmit={submit} className="deploy-form">
        <p>{t('deploy.intro')}</p>
        <fieldset>
          <legend>{t('deploy.strategy')}</legend>
          {(['rolling', 'recreate'] as const).map((s) => (
            <label key={s} className="deploy-choice">
              <input
                type="radio"
                name="strategy"
                value={s}
                data-id={`deploy-strategy-${s}`}
                checked={strategy === s}
                onChange={() => setStrategy(s)}
              />{' '}
              {t(s === 'rolling' ? 'deploy.rolling' : 'deploy.recreate')}
            </label>
          ))}
        </fieldset>
        <label>
          {t('deploy.startup')}
          <input
            type="number"
            min={0}
            max={60000}
            step={50}
            data-id="deploy-startup"
            value={startup}
            onChange={(e) => setStartup(e.target.value)}
          />
        </label>
        <label>
          {t('deploy.latency')}
          <input
            type="number"
            min={0}
            max={60000}
            data-id="deploy-latency"
            value={latency}
            onChange={(e) => setLatency(e.target.value)}
          />
        </label>
        <label>
          {t('deploy.errors')}
          <input
            type="number"
            min={0}
            max={100}
            data-id="deploy-errors"
            value={errors}
            onChange={(e) => setErrors(e.target.value)}
          />
        </label>
        <Button type="submit" variant="primary" data-id="deploy-submit">
          {t('deploy.submit')}
        </Button>
      </form>
    </Dialog>
  );
}

import { useLocalized, useT } from '../useT';
import { LANGS, type Lang } from '../../shared';
import { SPEEDS } from '../../sim-client';
import { uiStore } from '../../state';
import { useSim, useUi } from '../../state/hooks';
import { Button } from '../primitives/Button';
import { Icon } from '../primitives/Icon';
import { Select } from '../primitives/Select';
import { useSimClient } from '../simClientContext';
import { ClockReadout } from './ClockReadout';

const LANG_NAMES: Record<Lang, string> = { en: 'English', 'pt-BR': 'Português' };

const speedLabel = (s: number) => `${s}×`;

export interface ToolbarProps {
  scenarios: readonly string[];
  onScenario(name: string): void;
  onLang(lang: Lang): void;
  onSpeed(speed: number): void;
}

/** Controls on top: transport (play/step/reset), speed, clock, scenario and language. */
export function Toolbar({ scenarios, onScenario, onLang, onSpeed }: ToolbarProps) {
  const t = useT();
  const loc = useLocalized();
  const client = useSimClient();
  const playing = useSim((s) => s.playing);
  const ready = useSim((s) => s.phase === 'ready');
  const speed = useSim((s) => s.speed);
  const scenario = useSim((s) => s.scenario);
  const title = useSim((s) => s.model?.title);
  const lang = useUi((s) => s.lang);

  const speeds: number[] = SPEEDS.includes(speed as (typeof SPEEDS)[number])
    ? [...SPEEDS]
    : [...SPEEDS, speed].sort((a, b) => a - b);
  const names = scenarios.includes(scenario) || !scenario ? scenarios : [...scenarios, scenario];

  return (
    <div className="toolbar" role="toolbar" aria-label={t('controls.label')}>
      <div className="toolbar-group">
        <Button
          variant="primary"
          className="play"
          data-id="play"
          data-state={playing ? 'playing' : 'paused'}
          disabled={!ready}
          aria-pressed={playing}
          icon={<Icon name={playing ? 'pause' : 'play'} />}
          onClick={() => client.togglePlay()}
        >
          {playing ? t('controls.pause') : t('controls.play')}
        </Button>
        <Button
          data-id="step"
          disabled={!ready}
          title={t('controls.stepHint')}
          icon={<Icon name="step" />}
          onClick={() => void client.step()}
        >
          {t('controls.step')}
        </Button>
        <Button
          data-id="reset"
          disabled={!ready}
          icon={<Icon name="reset" />}
          onClick={() => {
            uiStore.getState().select(null);
            void client.reset();
          }}
        >
          {t('controls.reset')}
        </Button>
        <Select
          label={t('controls.speed')}
          title={t('controls.speedHint')}
          data-id="speed"
          value={String(speed)}
          options={speeds.map((s) => ({ value: String(s), label: speedLabel(s) }))}
          onChange={(e) => onSpeed(Number(e.target.value))}
        />
      </div>
      <ClockReadout />
      <div className="toolbar-group">
        <Select
          label={t('controls.scenario')}
          data-id="scenario"
          value={scenario}
          options={names.map((n) => ({
            value: n,
            label: n === scenario && title ? loc(title) : n,
          }))}
          onChange={(e) => onScenario(e.target.value)}
        />
        <Select
          label={t('controls.language')}
          data-id="lang"
          value={lang}
          options={LANGS.map((l) => ({ value: l, label: LANG_NAMES[l] }))}
          onChange={(e) => onLang(e.target.value as Lang)}
        />
      </div>
    </div>
  );
}

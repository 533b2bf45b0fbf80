import { useLocalized, useT } from '../useT';
import { LANGS, type Lang } from '../../shared';
import { SPEEDS } from '../../sim-client';
import { useSim, useUi } from '../../state/hooks';
import { Button } from '../primitives/Button';
import { Icon } from '../primitives/Icon';
import { Select } from '../primitives/Select';
import { useCommands } from '../useCommand';
import { ClockReadout } from './ClockReadout';

const LANG_NAMES: Record<Lang, string> = { en: 'English', 'pt-BR': 'Português' };

const speedLabel = (s: number) => `${s}×`;

export interface ToolbarProps {
  /** The Live view: no rewind, step, reset or scenario picker (a real app has no past to replay). */
  live?: boolean;
  scenarios: readonly string[];
  /** A scenario's title in both languages, when the page knows it (the picker shows it). */
  titleOf?(name: string): { en: string; 'pt-BR': string } | undefined;
  onScenario(name: string): void;
  onLang(lang: Lang): void;
  /** After the speed changed (the app mirrors it in the URL). */
  onSpeed(speed: number): void;
}

/**
 * Controls on top: transport (play/step/reset), speed, clock, scenario, language and the `?`
 * shortcuts overlay. The buttons are registry commands (`src/commands`).
 */
export function Toolbar({
  live = false,
  scenarios,
  titleOf,
  onScenario,
  onLang,
  onSpeed,
}: ToolbarProps) {
  const t = useT();
  const loc = useLocalized();
  const command = useCommands();
  const playing = useSim((s) => s.playing);
  useSim((s) => s.phase === 'ready'); // re-render when the buttons' commands become enabled
  const speed = useSim((s) => s.speed);
  const scenario = useSim((s) => s.scenario);
  const title = useSim((s) => s.model?.title);
  const lang = useUi((s) => s.lang);

  const speeds: number[] = SPEEDS.includes(speed as (typeof SPEEDS)[number])
    ? [...SPEEDS]
    : [...SPEEDS, speed].sort((a, b) => a - b);
  const names = scenarios.includes(scenario) || !scenario ? scenarios : [...scenarios, scenario];
  const play = command({ id: playing ? 'sim.pause' : 'sim.play' });
  const step = command({ id: 'sim.step' });
  const back = command({ id: 'sim.stepBack' });
  const reset = command({ id: 'sim.reset' });
  const shortcuts = command({ id: 'ui.shortcuts' });
  const presenter = command({ id: 'ui.presenter' });
  const panels = command({ id: 'ui.panels' });
  const view = useUi((s) => s.view);
  const panelsHidden = useUi((s) => s.panelsHidden);

  return (
    <div className="toolbar" role="toolbar" aria-label={t('controls.label')}>
      <div className="toolbar-group">
        <Button
          variant="primary"
          className="play"
          data-id="play"
          data-state={playing ? 'playing' : 'paused'}
          disabled={play.disabled}
          aria-pressed={playing}
          icon={<Icon name={playing ? 'pause' : 'play'} />}
          onClick={play.run}
        >
          {play.label}
        </Button>
        {!live && (
          <Button
            data-id="step-back"
            disabled={back.disabled}
            title={back.hint}
            icon={<Icon name="stepBack" />}
            onClick={back.run}
          >
            {back.label}
          </Button>
        )}
        {!live && (
          <Button
            data-id="step"
            disabled={step.disabled}
            title={step.hint}
            icon={<Icon name="step" />}
            onClick={step.run}
          >
            {step.label}
          </Button>
        )}
        {!live && (
          <Button
            data-id="reset"
            disabled={reset.disabled}
            title={reset.hint}
            icon={<Icon name="reset" />}
            onClick={reset.run}
          >
            {reset.label}
          </Button>
        )}
        <Select
          label={t('controls.speed')}
          title={t('controls.speedHint')}
          data-id="speed"
          value={String(speed)}
          options={speeds.map((s) => ({ value: String(s), label: speedLabel(s) }))}
          onChange={(e) => {
            const next = Number(e.target.value);
            command({ id: 'sim.speed', args: { speed: next } }).run();
            onSpeed(next);
          }}
        />
      </div>
      <ClockReadout />
      <div className="toolbar-group">
        {!live && (
          <Select
            label={t('controls.scenario')}
            data-id="scenario"
            value={scenario}
            options={names
              .map((n) => {
                const known = n === scenario && title ? title : titleOf?.(n);
                return { value: n, label: known ? loc(known) : n };
              })
              .sort((a, b) => a.label.localeCompare(b.label, lang))}
            onChange={(e) => onScenario(e.target.value)}
          />
        )}
        <Select
          label={t('controls.language')}
          data-id="lang"
          value={lang}
          options={LANGS.map((l) => ({ value: l, label: LANG_NAMES[l] }))}
          onChange={(e) => onLang(e.target.value as Lang)}
        />
        {view !== 'embed' && (
          <Button
            data-id="presenter"
            variant="ghost"
            aria-pressed={view === 'presenter'}
            title={presenter.hint}
            onClick={presenter.run}
          >
            {t('controls.presenter')}
          </Button>
        )}
        <Button
          data-id="panels"
          variant="ghost"
          aria-pressed={!panelsHidden}
          title={panels.label}
          onClick={panels.run}
        >
          {t(panelsHidden ? 'controls.showPanels' : 'controls.hidePanels')}
        </Button>
        <Button
          data-id="shortcuts"
          variant="ghost"
          aria-label={t('shortcuts.open')}
          aria-haspopup="dialog"
          title={shortcuts.label}
          onClick={shortcuts.run}
        >
          ?
        </Button>
      </div>
    </div>
  );
}

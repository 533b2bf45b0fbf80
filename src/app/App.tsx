import { useCallback, useEffect, useState } from 'react';
import { LazyMotion, domAnimation } from 'framer-motion';
import type { Lang } from '../shared';
import { uiStore, type Issue } from '../state';
import { useSim } from '../state/hooks';
import { FlowCanvas } from '../ui/canvas/FlowCanvas';
import { Toolbar } from '../ui/controls/Toolbar';
import { CountersPanel } from '../ui/panels/CountersPanel';
import { EventLog } from '../ui/panels/EventLog';
import { LoadErrors, Warnings } from '../ui/panels/LoadErrors';
import { useSimClient } from '../ui/simClientContext';
import { translate, useLocalized, useT } from './i18n';
import { updateUrl, type Route } from './routing';
import { loadScenarioText, scenarioNames } from './scenarios';

export function App({ route }: { route: Route }) {
  const t = useT();
  const loc = useLocalized();
  const client = useSimClient();
  const phase = useSim((s) => s.phase);
  const issues = useSim((s) => s.issues);
  const warnings = useSim((s) => s.warnings);
  const scenario = useSim((s) => s.scenario);
  const title = useSim((s) => s.model?.title);
  // Problems found before the worker sees the file (unknown name, broken JSON).
  const [fileIssues, setFileIssues] = useState<{ name: string; issues: Issue[] } | null>(null);

  const open = useCallback(
    async (name: string, seed?: number): Promise<boolean> => {
      const text = await loadScenarioText(name);
      if (text === null) {
        const lang = uiStore.getState().lang;
        const list = scenarioNames.join(', ');
        const message = translate(lang, 'errors.unknownScenario', { name, list });
        client.pause();
        setFileIssues({ name, issues: [{ path: '', message, text: message }] });
        return false;
      }
      setFileIssues(null);
      const r = await client.load(name, text, seed !== undefined ? { seed } : undefined);
      return r?.ok === true;
    },
    [client],
  );

  useEffect(() => {
    void open(route.scenario, route.seed).then((ok) => {
      if (ok && route.autoplay) client.play();
    });
  }, [client, open, route]);

  const onScenario = (name: string) => {
    uiStore.getState().clearPositions();
    uiStore.getState().select(null);
    updateUrl({ scenario: name, seed: null });
    void open(name);
  };
  const onLang = (lang: Lang) => {
    uiStore.getState().setLang(lang);
    updateUrl({ lang });
  };
  const onSpeed = (speed: number) => {
    client.setSpeed(speed);
    updateUrl({ speed: String(speed) });
  };

  const shownIssues = fileIssues?.issues ?? (phase === 'error' ? issues : null);
  return (
    <LazyMotion features={domAnimation} strict>
      <div className="app">
        <header className="app-header">
          <h1>
            {t('app.title')}
            {title && <span className="scenario-title"> — {loc(title)}</span>}
          </h1>
          <p className="subtitle">{t('app.subtitle')}</p>
        </header>
        <Toolbar
          scenarios={scenarioNames}
          onScenario={onScenario}
          onLang={onLang}
          onSpeed={onSpeed}
        />
        <main className="app-main">
          <div className="stage">
            {shownIssues ? (
              <LoadErrors issues={shownIssues} scenario={fileIssues?.name ?? scenario} />
            ) : phase === 'ready' ? (
              <FlowCanvas />
            ) : (
              <p className="loading" role="status">
                {t('app.loading')}
              </p>
            )}
          </div>
          <aside className="side">
            <CountersPanel />
            <Warnings issues={warnings} />
            <EventLog />
          </aside>
        </main>
      </div>
    </LazyMotion>
  );
}

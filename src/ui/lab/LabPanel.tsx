/** The lab drawer: fault timeline on top, then one of five views (lazy chunk with uPlot). */
import { useId, type KeyboardEvent } from 'react';
import { ChartsView } from './ChartsView';
import { CompareView } from './CompareView';
import { DataView } from './DataView';
import type { ScenarioTexts } from './compareRun';
import { FaultsView } from './FaultsView';
import { FaultTimeline } from './FaultTimeline';
import { labStore, useLab, type LabTab } from './labStore';
import { useLabT } from './labI18n';
import { SequenceView } from './SequenceView';
import { WaterfallView } from './WaterfallView';
import { useSim } from '../../state/hooks';
import './lab.css';

const ALL_TABS: readonly LabTab[] = ['charts', 'faults', 'trace', 'sequence', 'compare', 'data'];
const NO_DATA_TABS = ALL_TABS.filter((x) => x !== 'data');

export default function LabPanel({ scenarioTexts }: { scenarioTexts: ScenarioTexts }) {
  const t = useLabT();
  const tab = useLab((s) => s.tab);
  // The Data tab only where some service keeps records.
  const hasData = useSim((s) => Object.keys(s.data).length > 0);
  const TABS = hasData ? ALL_TABS : NO_DATA_TABS;
  const base = useId();
  const tabId = (x: LabTab) => `${base}-tab-${x}`;
  const onKey = (e: KeyboardEvent) => {
    const i = TABS.indexOf(tab);
    const next =
      e.key === 'ArrowRight'
        ? TABS[(i + 1) % TABS.length]
        : e.key === 'ArrowLeft'
          ? TABS[(i + TABS.length - 1) % TABS.length]
          : undefined;
    if (next) {
      e.preventDefault();
      labStore.getState().setTab(next);
      document.getElementById(tabId(next))?.focus();
    }
  };
  return (
    <section className="lab" id="lab-panel" data-id="lab-panel" aria-label={t('lab.title')}>
      <div className="lab-head">
        <h2 className="lab-title">{t('lab.title')}</h2>
        <div className="lab-tabs" role="tablist" aria-label={t('lab.tabs')} onKeyDown={onKey}>
          {TABS.map((x) => (
            <button
              key={x}
              id={tabId(x)}
              type="button"
              role="tab"
              className="lab-tab"
              data-id={`lab-tab-${x}`}
              aria-selected={tab === x}
              aria-controls={`${base}-panel`}
              tabIndex={tab === x ? 0 : -1}
              onClick={() => labStore.getState().setTab(x)}
            >
              {t(`lab.tab.${x}`)}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="lab-close"
          aria-label={t('lab.close')}
          onClick={() => labStore.getState().setOpen(false)}
        >
          ✕
        </button>
      </div>
      <FaultTimeline />
      <div
        className="lab-body"
        id={`${base}-panel`}
        role="tabpanel"
        tabIndex={0}
        aria-labelledby={tabId(tab)}
        data-tab={tab}
      >
        {tab === 'charts' && <ChartsView />}
        {tab === 'faults' && <FaultsView />}
        {tab === 'trace' && <WaterfallView />}
        {tab === 'sequence' && <SequenceView />}
        {tab === 'compare' && <CompareView scenarioTexts={scenarioTexts} />}
        {tab === 'data' && <DataView />}
      </div>
    </section>
  );
}

/**
 * The lab's only eager part: a toggle button and the lazy panel. uPlot, the charts, the fault
 * controls and the trace views load on first open (`React.lazy`), so the initial JS does not
 * grow. The collector starts as soon as a scenario is ready (its own small chunk) so the charts
 * have history when the learner opens the lab.
 */
import { lazy, Suspense, useEffect } from 'react';
import type { TraceEvent } from '../../engine/types';
import type { SimClient, TraceListener } from '../../sim-client';
import { useSim, useUi } from '../../state/hooks';
import { useSimClient } from '../simClientContext';
import type { ScenarioTexts } from './compareRun';
import { labStore, useLab } from './labStore';
import { DOCK_TEXT } from './dockText';
import './labDock.css';

const LabPanel = lazy(() => import('./LabPanel'));

/** Batches seen before the collector chunk arrived are kept (bounded) and replayed to it. */
const EARLY_LIMIT = 50_000;

/**
 * Page lifetime, like the sim client. The tap is registered synchronously (so the run's first
 * batch — with its scripted `load.started` — is not missed) and buffers until the collector's
 * chunk has loaded.
 */
const booted = new WeakSet<SimClient>();
function boot(client: SimClient) {
  if (booted.has(client)) return;
  booted.add(client);
  let early: (readonly TraceEvent[])[] = [];
  let count = 0;
  let target: TraceListener | null = null;
  client.tap({
    events(batch) {
      if (target) return target.events(batch);
      early.push(batch);
      count += batch.length;
      while (count > EARLY_LIMIT && early.length > 1) count -= early.shift()?.length ?? 0;
    },
    reset() {
      if (target) return target.reset();
      early = [];
      count = 0;
    },
  });
  void import('./boot').then((m) => {
    target = m.collectorTap();
    target.reset();
    for (const b of early) target.events(b);
    early = [];
  });
}

/** `scenarioTexts`: the bundled scenarios' texts (the Compare tab runs two of them). */
export function LabDock({ scenarioTexts }: { scenarioTexts: ScenarioTexts }) {
  const text = DOCK_TEXT[useUi((s) => s.lang)];
  const client = useSimClient();
  const open = useLab((s) => s.open);
  const ready = useSim((s) => s.phase === 'ready');
  useEffect(() => {
    if (ready) boot(client);
  }, [client, ready]);
  return (
    <div className="lab-dock" data-open={open ? 'true' : 'false'}>
      {!open && (
        <button
          type="button"
          className="lab-toggle"
          data-id="lab-toggle"
          aria-expanded={false}
          title={text.hint}
          onClick={() => labStore.getState().setOpen(true)}
        >
          <span aria-hidden="true">▴</span> {text.toggle}
        </button>
      )}
      {open && (
        <Suspense
          fallback={
            <p className="lab-loading" role="status">
              {text.loading}
            </p>
          }
        >
          <LabPanel scenarioTexts={scenarioTexts} />
        </Suspense>
      )}
    </div>
  );
}

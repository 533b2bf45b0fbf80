/**
 * The lab's only eager part: a toggle button and the lazy panel. uPlot, the charts, the fault
 * controls and the trace views load on first open (`React.lazy`), so the initial JS does not
 * grow. The collector follows the run as soon as a scenario is ready (its own small chunk); the
 * history it reads is kept from the run's start, so the charts are complete whenever it opens.
 */
import { lazy, Suspense, useEffect } from 'react';
import type { SimClient } from '../../sim-client';
import { useSim, useUi } from '../../state/hooks';
import { useSimClient } from '../simClientContext';
import type { ScenarioTexts } from './compareRun';
import { labStore, useLab } from './labStore';
import { DOCK_TEXT } from './dockText';
import './labDock.css';

const LabPanel = lazy(() => import('./LabPanel'));

/** Page lifetime, like the sim client: the collector follows the run once its chunk loads. */
const booted = new WeakSet<SimClient>();
function boot(client: SimClient) {
  if (booted.has(client)) return;
  booted.add(client);
  void import('./boot').then((m) => m.followRun(client));
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

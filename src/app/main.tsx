import { StrictMode, useSyncExternalStore, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { simStore, uiStore } from '../state';
import { SimClientContext } from '../ui/simClientContext';
import '../ui/styles.css';
import { App } from './App';
import { ErrorBoundary } from './ErrorBoundary';
import { langFrom, translate } from '../i18n';
import { parseRoute } from './routing';
import { installTestHook } from './testHook';
import { registerPwa } from './pwa';
import { createSupervisor } from './persistence/supervisor';
import {
  installAutosave,
  openInitialScenario,
  openLink,
  readSavedChoices,
} from './persistence/startup';
import { sharePayload } from './persistence/shareLink';
import { openLesson } from './lessons';
import type { SimClient } from '../sim-client';

const { search, hash } = window.location;
const route = parseRoute(search);
const explicit = new URLSearchParams(search);
// The autosave is read before the first render: a restored language paints at once. Explicit
// URL parameters win over it.
const saved = readSavedChoices();

uiStore.setState({ lang: route.lang ?? saved?.lang ?? langFrom(navigator.language) ?? 'en' });
if (route.embed) uiStore.getState().setView('embed');
else if (route.presenter) uiStore.getState().setView('presenter');
// A phone: the canvas first; the panels (counters, log …) wait until asked for.
else if (window.innerWidth <= 820) uiStore.getState().setPanelsHidden(true);
const syncLang = () => {
  document.documentElement.lang = uiStore.getState().lang;
};
syncLang();
uiStore.subscribe(syncLang);

const testMode = import.meta.env.DEV || import.meta.env.MODE === 'test' || route.test;
// `?live=ws://127.0.0.1:PORT`: the Live view of a real app (docs/live.md), in its own chunk; no
// worker, no scenario. Without the parameter the page never opens a connection.
const liveParam = explicit.get('live');

interface ClientSource {
  current(): SimClient;
  subscribe(listener: () => void): () => void;
}
let source: ClientSource | null = null;
let opening: Promise<unknown>;

if (liveParam !== null) {
  opening = import('./live').then(
    ({ startLive }) => {
      const live = startLive(liveParam);
      source = live;
      if (testMode) installTestHook(live.current());
    },
    (e: unknown) => {
      // The chunk did not arrive (a dev server gone, a stale cache): say so, never a blank page.
      const el = document.getElementById('root');
      const error = e instanceof Error ? e.message : String(e);
      if (el) el.textContent = translate(uiStore.getState().lang, 'app.liveFailed', { error });
    },
  );
} else {
  // One sim client at a time for the page's lifetime, outside React so StrictMode's double mount
  // cannot create two workers. The supervisor replaces it when its worker crashes or hangs.
  const supervisor = createSupervisor({ test: testMode });
  source = supervisor;
  const installHook = () => {
    if (!testMode) return;
    installTestHook(supervisor.current());
    if (window.__brokerlab)
      Object.assign(window.__brokerlab, {
        crashWorker: supervisor.crashWorker,
        hangWorker: supervisor.hangWorker,
      });
  };
  installHook();
  supervisor.subscribe(installHook);

  const client = supervisor.current();
  client.setSpeed(explicit.has('speed') ? route.speed : (saved?.speed ?? route.speed));
  const opened = route.lesson
    ? openLesson(client, route.lesson)
    : openInitialScenario(client, route, search, hash);
  opening = opened;
  void opened
    .then((ok) => {
      if (ok && route.autoplay) supervisor.current().play();
    })
    .finally(() => installAutosave(() => supervisor.current()));
  // A share link pasted into this tab's address bar changes only the fragment: no reload happens.
  window.addEventListener('hashchange', () => {
    const payload = sharePayload(window.location.hash);
    if (payload !== null) {
      uiStore.getState().clearPositions();
      void openLink(supervisor.current(), payload);
    }
  });
  // Hot reload replaces this module: release the proxy and terminate the old worker.
  import.meta.hot?.dispose(() => supervisor.dispose());
}
// Not in dev (no service worker there) nor in e2e runs (a cached build would outlive rebuilds).
if (import.meta.env.PROD && !route.test) registerPwa();

function ClientProvider({ src, children }: { src: ClientSource; children: ReactNode }) {
  const current = useSyncExternalStore(src.subscribe, src.current);
  return <SimClientContext.Provider value={current}>{children}</SimClientContext.Provider>;
}

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
let rendered = false;
let stopWaiting = () => {};
function render() {
  // Live mode renders once its chunk has made the client.
  if (rendered || !root || !source) return;
  const src = source;
  rendered = true;
  stopWaiting();
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary>
        <ClientProvider src={src}>
          <App />
        </ClientProvider>
      </ErrorBoundary>
    </StrictMode>,
  );
}
// React's first render is one long task (~250 ms at 4× CPU throttling). Started before the
// scenario file's chunk had arrived, it held back the worker's `load` until it was done; now the
// worker compiles the scenario while React renders. Rendering starts once the load is under way
// (the phase leaves 'idle' just before the request is posted, and React renders in a later
// task), when opening ends without a load (unknown scenario), or after RENDER_WAIT_MS.
const RENDER_WAIT_MS = 150;
stopWaiting = simStore.subscribe((s) => {
  if (s.phase !== 'idle') render();
});
// (A rejection is reported by the chain above; this one only renders.)
opening.finally(render).catch(() => undefined);
setTimeout(render, RENDER_WAIT_MS);

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createSimClient } from '../sim-client';
import { uiStore } from '../state';
import { SimClientContext } from '../ui/simClientContext';
import '../ui/styles.css';
import { App } from './App';
import { ErrorBoundary } from './ErrorBoundary';
import { langFrom } from './i18n';
import { parseRoute } from './routing';
import { installTestHook } from './testHook';
import { openScenario } from './openScenario';
import { registerPwa } from './pwa';

const route = parseRoute(window.location.search);

uiStore.setState({ lang: route.lang ?? langFrom(navigator.language) ?? 'en' });
const syncLang = () => {
  document.documentElement.lang = uiStore.getState().lang;
};
syncLang();
uiStore.subscribe(syncLang);

// One client (one worker) for the page's lifetime, outside React so StrictMode's double
// mount cannot create two workers.
const client = createSimClient();
client.setSpeed(route.speed);
void openScenario(
  client,
  route.scenario,
  route.seed,
  route.transport ? { kind: route.transport, services: {} } : undefined,
).then((ok) => {
  if (ok && route.autoplay) client.play();
});
if (import.meta.env.DEV || import.meta.env.MODE === 'test' || route.test) installTestHook(client);
// Not in dev (no service worker there) nor in e2e runs (a cached build would outlive rebuilds).
if (import.meta.env.PROD && !route.test) registerPwa();
// Hot reload replaces this module: release the proxy and terminate the old worker.
import.meta.hot?.dispose(() => client.dispose());

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>
      <SimClientContext.Provider value={client}>
        <App />
      </SimClientContext.Provider>
    </ErrorBoundary>
  </StrictMode>,
);

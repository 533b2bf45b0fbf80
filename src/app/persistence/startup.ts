/**
 * Which scenario the page opens, in order: a share link (`#s=…`), an explicit `?scenario=` (the
 * URL contract: it wins over the autosave, whose edits are kept only when they are about that same
 * scenario), the autosaved session, the default — each switched to `?transport=` when the URL has
 * one (`startPlan`). Whatever fails says so and falls back to the default scenario. Then autosave
 * starts.
 */
import type { Lang } from '../../shared';
import type { SimClient } from '../../sim-client';
import { lessonStore, notify, simStore, uiStore } from '../../state';
import {
  currentRun,
  lastGoodLoad,
  onGoodLoad,
  openScenario,
  openScenarioText,
  type RunCarry,
} from '../openScenario';
import { DEFAULT_SCENARIO, updateUrl, type Route } from '../routing';
import { hasScenario } from '../scenarios';
import { NO_EDITS, withScenarioKind, type TransportEdits } from '../transportEdits';
import {
  AUTOSAVE_DELAY_MS,
  browserStorage,
  clearSession,
  discard,
  readSession,
  writeSession,
  type ReadResult,
  type SavedSession,
} from './session';
import { decodeScenario, MAX_SHARE_BYTES, sharePayload } from './shareLink';

/** The name a scenario opened from a share link runs under. */
export const SHARED_NAME = 'shared';

let saved: ReadResult = { kind: 'none' };

/**
 * Read the autosave before the first render (so a restored language paints at once). Returns
 * the language and speed to start with when the URL does not say.
 */
export function readSavedChoices(): { lang: Lang; speed: number } | null {
  saved = readSession(browserStorage());
  if (saved.kind === 'corrupt') {
    notify(
      saved.backupKey
        ? { id: 'storage', tone: 'error', key: 'session.corrupt', params: { key: saved.backupKey } }
        : { id: 'storage', tone: 'error', key: 'session.corruptNoBackup' },
    );
  }
  return saved.kind === 'ok' ? { lang: saved.session.lang, speed: saved.session.speed } : null;
}

const sameEdits = (route: Route, edits: TransportEdits) =>
  route.transport === null || route.transport === edits.kind;

async function openDefault(client: SimClient): Promise<boolean> {
  updateUrl({ scenario: null, transport: null, seed: null });
  return openScenario(client, DEFAULT_SCENARIO);
}

export async function openLink(client: SimClient, payload: string): Promise<boolean> {
  // Always leave the fragment: a reload then restores the autosave (with later edits).
  history.replaceState(null, '', window.location.pathname + window.location.search);
  const decoded = await decodeScenario(payload);
  if (!decoded.ok) {
    notify({
      id: 'link',
      tone: 'error',
      key: 'link.refused',
      detail: `link.${decoded.reason}`,
      params: { max: Math.round(MAX_SHARE_BYTES / 1024) },
    });
    return openDefault(client);
  }
  updateUrl({ scenario: null, transport: null, seed: null });
  const ok = await openScenarioText(client, {
    name: SHARED_NAME,
    text: decoded.text,
    origin: 'shared',
  });
  if (ok) return true;
  notify({
    id: 'link',
    tone: 'error',
    key: 'link.refused',
    detail: 'link.invalid',
    issues: simStore.getState().issues,
  });
  return openDefault(client);
}

async function openSaved(client: SimClient, s: SavedSession): Promise<boolean> {
  const { scenario, edits } = s;
  // The learner's run comes back too: their actions, replayed to the moment they left.
  const carry: RunCarry | undefined =
    s.run && (s.run.steps.length > 0 || s.run.at > 0)
      ? { seed: s.run.seed, at: s.run.at, steps: s.run.steps as RunCarry['steps'] }
      : undefined;
  const ok =
    scenario.origin === 'bundled' && hasScenario(scenario.name)
      ? await openScenario(client, scenario.name, scenario.seed, edits, carry)
      : await openScenarioText(client, scenario, edits, carry);
  if (ok) {
    notify({
      id: 'session',
      tone: 'info',
      key: 'session.restored',
      params: { scenario: scenario.name },
      action: 'startFresh',
    });
    return true;
  }
  const storage = browserStorage();
  const key = storage ? discard(storage, JSON.stringify(s)) : null;
  notify({
    id: 'storage',
    tone: 'error',
    key: key ? 'session.restoreFailed' : 'session.corruptNoBackup',
    params: { key: key ?? '' },
    issues: simStore.getState().issues,
  });
  return openDefault(client);
}

/** What the page opens when there is no share link (pure: unit-tested). */
export type StartPlan =
  | { open: 'bundled'; name: string; seed?: number; edits: TransportEdits }
  | { open: 'saved'; session: SavedSession };

/**
 * The URL contract without a share link: an explicit `?scenario=` wins (the autosave is kept only
 * when it is about that same scenario and transport); otherwise the autosaved scenario, else the
 * default. `?transport=` applies in every case: alone (`?transport=redis`) it switches whatever
 * scenario opens — the autosaved one or the default — to that transport.
 */
export function startPlan(
  route: Route,
  explicitScenario: boolean,
  session: SavedSession | null,
): StartPlan {
  const urlEdits = route.transport ? withScenarioKind(route.transport) : NO_EDITS;
  const seed = route.seed !== undefined ? { seed: route.seed } : {};
  if (explicitScenario) {
    const same =
      session?.scenario.origin === 'bundled' &&
      session.scenario.name === route.scenario &&
      sameEdits(route, session.edits);
    if (session && same) return { open: 'saved', session };
    return { open: 'bundled', name: route.scenario, ...seed, edits: urlEdits };
  }
  if (session)
    return sameEdits(route, session.edits)
      ? { open: 'saved', session }
      : { open: 'saved', session: { ...session, edits: urlEdits } };
  return { open: 'bundled', name: route.scenario, ...seed, edits: urlEdits };
}

export async function openInitialScenario(
  client: SimClient,
  route: Route,
  search: string,
  hash: string,
): Promise<boolean> {
  const payload = sharePayload(hash);
  if (payload !== null) return openLink(client, payload);
  const session = saved.kind === 'ok' ? saved.session : null;
  const plan = startPlan(route, new URLSearchParams(search).has('scenario'), session);
  if (plan.open === 'saved') return openSaved(client, plan.session);
  return openScenario(client, plan.name, plan.seed, plan.edits);
}

/** Drop the autosave and open the default scenario without edits. */
export async function startFresh(client: SimClient): Promise<void> {
  clearSession(browserStorage());
  uiStore.getState().clearPositions();
  uiStore.getState().select(null);
  await openDefault(client);
}

/**
 * Save (debounced) after every accepted load, every language or speed change, every command the
 * learner gives (the run) and every pause or rewind (the moment).
 */
export function installAutosave(client: () => SimClient): () => void {
  const storage = browserStorage();
  if (!storage) return () => {};
  let timer = 0;
  let reported = false;
  const save = () => {
    timer = 0;
    const good = lastGoodLoad();
    // A lesson's run is not the learner's scenario: the lesson keeps its own progress.
    if (!good || lessonStore.getState().id !== null) return;
    const outcome = writeSession(storage, {
      v: 1,
      savedAt: Date.now(),
      scenario: good.source,
      edits: good.edits,
      lang: uiStore.getState().lang,
      speed: simStore.getState().speed,
      run: currentRun(client()),
    });
    if (outcome !== 'saved' && !reported) {
      reported = true; // once per page: a full disk stays full
      notify({
        id: 'autosave',
        tone: 'error',
        key: outcome === 'quota' ? 'session.quota' : 'session.saveFailed',
      });
    }
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = window.setTimeout(save, AUTOSAVE_DELAY_MS);
  };
  const flush = () => {
    if (timer) {
      clearTimeout(timer);
      save();
    }
  };
  const offLoad = onGoodLoad(schedule);
  const offUi = uiStore.subscribe((s, p) => {
    if (s.lang !== p.lang) schedule();
  });
  const offSim = simStore.subscribe((s, p) => {
    if (
      s.speed !== p.speed ||
      s.run.steps !== p.run.steps ||
      (s.playing !== p.playing && !s.playing) ||
      s.horizon < p.horizon
    )
      schedule();
  });
  // A closing tab must not lose the last 400 ms.
  window.addEventListener('pagehide', flush);
  if (lastGoodLoad()) schedule();
  return () => {
    offLoad();
    offUi();
    offSim();
    window.removeEventListener('pagehide', flush);
  };
}

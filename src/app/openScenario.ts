/**
 * Opening a scenario: an app action shared by startup, the scenario picker, file import, share
 * links, autosave and worker recovery. The file behind the current run (`source`) is kept here so
 * transport switches re-edit it, Share encodes it, autosave stores it and a restarted worker
 * reloads it.
 */
import type { SimClient } from '../sim-client';
import { uiStore } from '../state';
import { translate } from '../i18n';
import { loadScenarioText, scenarioNames } from './scenarios';
import type { ScenarioSource } from './persistence/source';
import { applyTransportEdits, isEmpty, NO_EDITS, type TransportEdits } from './transportEdits';

/** The file behind the current run: transport switches re-edit it and reload. */
let source: ScenarioSource | null = null;

export type { ScenarioOrigin, ScenarioSource } from './persistence/source';
/** The last source + edits the worker accepted: what recovery and autosave go back to. */
let lastGood: { source: ScenarioSource; edits: TransportEdits } | null = null;
const goodListeners = new Set<() => void>();

export function currentSource(): ScenarioSource | null {
  return source;
}

export function lastGoodLoad(): { source: ScenarioSource; edits: TransportEdits } | null {
  return lastGood;
}

/** Called after every successful load (autosave listens). Returns the unsubscribe function. */
export function onGoodLoad(listener: () => void): () => void {
  goodListeners.add(listener);
  return () => void goodListeners.delete(listener);
}

export async function openScenario(
  client: SimClient,
  name: string,
  seed?: number,
  edits: TransportEdits = NO_EDITS,
): Promise<boolean> {
  const ui = uiStore.getState();
  const text = await loadScenarioText(name);
  if (text === null) {
    const list = scenarioNames.join(', ');
    const message = translate(ui.lang, 'errors.unknownScenario', { name, list });
    client.pause();
    ui.setFileError({ name, issues: [{ path: '', message, text: message }] });
    return false;
  }
  return openScenarioText(
    client,
    {
      name,
      text,
      origin: 'bundled',
      ...(seed !== undefined ? { seed } : {}),
    },
    edits,
  );
}

/** Open scenario text that is not (or no longer) a bundled file: an import, a link, a restore. */
export async function openScenarioText(
  client: SimClient,
  next: ScenarioSource,
  edits: TransportEdits = NO_EDITS,
): Promise<boolean> {
  uiStore.getState().setFileError(null);
  source = next;
  return reload(client, edits);
}

/**
 * Reload the current scenario with other transport choices. The worker validates and compiles
 * the edited file (syntax errors of the original file still get line and column: unedited
 * files go over as text).
 */
export async function switchTransport(client: SimClient, edits: TransportEdits): Promise<boolean> {
  if (!source) return false;
  uiStore.getState().select(null);
  uiStore.getState().inspect(null);
  return reload(client, edits);
}

/** Restart the last scenario the worker accepted, with its edits (after a worker crash). */
export async function reopenLastGood(client: SimClient): Promise<boolean> {
  if (!lastGood) return false;
  source = lastGood.source;
  return reload(client, lastGood.edits);
}

/** The scenario file with the edits applied, as a JSON value or the original text. */
export function effectiveInput(src: ScenarioSource, edits: TransportEdits): unknown {
  if (isEmpty(edits)) return src.text;
  try {
    return applyTransportEdits(JSON.parse(src.text), edits);
  } catch {
    return src.text; // not even JSON: let the worker report where
  }
}

async function reload(client: SimClient, edits: TransportEdits): Promise<boolean> {
  if (!source) return false;
  const current = source;
  uiStore.getState().setTransportEdits(edits);
  const { seed } = current;
  const r = await client.load(
    current.name,
    effectiveInput(current, edits),
    seed !== undefined ? { seed } : undefined,
  );
  const ok = r?.ok === true;
  if (ok && source === current) {
    lastGood = { source: current, edits };
    for (const l of goodListeners) l();
  }
  return ok;
}

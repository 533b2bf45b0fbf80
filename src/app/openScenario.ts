/** Opening a scenario by name: an app action shared by startup and the scenario picker. */
import type { SimClient } from '../sim-client';
import { uiStore } from '../state';
import { translate } from './i18n';
import { loadScenarioText, scenarioNames } from './scenarios';
import { applyTransportEdits, isEmpty, NO_EDITS, type TransportEdits } from './transportEdits';

/** The file behind the current run: transport switches re-edit it and reload. */
let source: { name: string; text: string; seed?: number } | null = null;

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
  ui.setFileError(null);
  source = { name, text, ...(seed !== undefined ? { seed } : {}) };
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

async function reload(client: SimClient, edits: TransportEdits): Promise<boolean> {
  if (!source) return false;
  const { name, text, seed } = source;
  uiStore.getState().setTransportEdits(edits);
  let input: unknown = text;
  if (!isEmpty(edits)) {
    try {
      input = applyTransportEdits(JSON.parse(text), edits);
    } catch {
      input = text; // not even JSON: let the worker report where
    }
  }
  const r = await client.load(name, input, seed !== undefined ? { seed } : undefined);
  return r?.ok === true;
}

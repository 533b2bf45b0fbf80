/** Opening a scenario by name: an app action shared by startup and the scenario picker. */
import type { SimClient } from '../sim-client';
import { uiStore } from '../state';
import { translate } from './i18n';
import { loadScenarioText, scenarioNames } from './scenarios';

export async function openScenario(
  client: SimClient,
  name: string,
  seed?: number,
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
  const r = await client.load(name, text, seed !== undefined ? { seed } : undefined);
  return r?.ok === true;
}

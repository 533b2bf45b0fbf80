/** App actions behind the Open… and Share dialogs (the dialogs themselves are a lazy chunk). */
import type { SimClient } from '../../sim-client';
import { notify, simStore, uiStore, type Issue } from '../../state';
import type { ShareResult } from '../../ui/share/dialogs';
import { translate } from '../../i18n';
import { effectiveInput, lastGoodLoad, openScenarioText } from '../openScenario';
import { updateUrl } from '../routing';
import { NO_EDITS } from '../transportEdits';
import { canShare, encodeScenario, isTooLarge, MAX_SHARE_BYTES, shareUrl } from './shareLink';

/** A scenario name from a file name: `my orders.json` → `my orders` (`pasted` without one). */
export function importName(fileName: string | null): string {
  const base = (fileName ?? '').replace(/^.*[\\/]/, '').replace(/\.json$/i, '');
  const clean = [...base]
    .filter((c) => c >= ' ')
    .join('')
    .trim()
    .slice(0, 60);
  return clean || 'pasted';
}

/**
 * Check the text in a separate worker first; only an accepted scenario replaces the running one.
 * Returns the issues of a refused scenario, or null once it runs.
 */
export async function importScenario(
  client: SimClient,
  text: string,
  fileName: string | null,
): Promise<Issue[] | null> {
  const { validateScenarioText } = await import('./validate');
  const checked = await validateScenarioText(text);
  if (!checked.ok) return checked.issues;
  const ui = uiStore.getState();
  ui.clearPositions();
  ui.select(null);
  updateUrl({ scenario: null, transport: null, seed: null });
  const ok = await openScenarioText(
    client,
    { name: importName(fileName), text, origin: 'imported' },
    NO_EDITS,
  );
  if (ok) {
    const lang = uiStore.getState().lang;
    const title = checked.title[lang] ?? checked.title.en;
    notify({ id: 'import', tone: 'info', key: 'import.opened', params: { title } });
  }
  return null;
}

/**
 * A `#s=` link: the current scenario with its edits (from the start), or — `withRun` — the run as
 * the worker has it: the scenario, the seed and the learner's actions, opening at this moment.
 */
export async function makeShareLink(client: SimClient, withRun: boolean): Promise<ShareResult> {
  const lang = uiStore.getState().lang;
  const good = lastGoodLoad();
  if (!good) return { ok: false, reason: translate(lang, 'share.nothing') };
  if (!canShare()) return { ok: false, reason: translate(lang, 'share.unsupported') };
  try {
    let content: unknown;
    if (withRun) content = await client.runFile();
    else {
      const input = effectiveInput(good.source, good.edits);
      // A run opened from a file or link: share its scenario alone.
      const file = typeof input === 'string' ? JSON.parse(input) : input;
      const scenario =
        typeof file === 'object' && file !== null && 'kind' in file && file.kind === 'run'
          ? (file as { scenario: unknown }).scenario
          : file;
      content =
        good.source.seed !== undefined && typeof scenario === 'object' && scenario !== null
          ? { ...scenario, seed: good.source.seed }
          : scenario;
    }
    const payload = await encodeScenario(JSON.stringify(content));
    return { ok: true, url: shareUrl(window.location, payload) };
  } catch (e) {
    const max = Math.round(MAX_SHARE_BYTES / 1024);
    const reason = isTooLarge(e) ? translate(lang, 'share.tooLarge', { max }) : String(e);
    return { ok: false, reason };
  }
}

/** Downloads the run (scenario, seed, the learner's actions, this moment) as a run file. */
export async function saveRunFile(client: SimClient): Promise<void> {
  const file = await client.runFile();
  const name = simStore.getState().scenario || 'run';
  const at = typeof file.at === 'number' ? file.at : 0;
  const blob = new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${importName(name)}-run-${at}ms.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** App actions behind the Open… and Share dialogs (the dialogs themselves are a lazy chunk). */
import type { SimClient } from '../../sim-client';
import { notify, uiStore, type Issue } from '../../state';
import type { ShareResult } from '../../ui/share/dialogs';
import { translate } from '../../i18n';
import { lastGoodLoad, openScenarioText } from '../openScenario';
import { updateUrl } from '../routing';
import { applyTransportEdits, NO_EDITS } from '../transportEdits';
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

/** The current scenario, edits applied, as a `#s=` link. */
export async function makeShareLink(): Promise<ShareResult> {
  const lang = uiStore.getState().lang;
  const good = lastGoodLoad();
  if (!good) return { ok: false, reason: translate(lang, 'share.nothing') };
  if (!canShare()) return { ok: false, reason: translate(lang, 'share.unsupported') };
  try {
    const file = applyTransportEdits(JSON.parse(good.source.text), good.edits);
    const withSeed =
      good.source.seed !== undefined && typeof file === 'object' && file !== null
        ? { ...file, seed: good.source.seed }
        : file;
    const payload = await encodeScenario(JSON.stringify(withSeed));
    return { ok: true, url: shareUrl(window.location, payload) };
  } catch (e) {
    const max = Math.round(MAX_SHARE_BYTES / 1024);
    const reason = isTooLarge(e) ? translate(lang, 'share.tooLarge', { max }) : String(e);
    return { ok: false, reason };
  }
}

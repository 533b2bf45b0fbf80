/**
 * The UI's i18n hooks: `src/i18n` (catalogues, `translate`) bound to the language in `uiStore`.
 * They subscribe only to the language, so switching it re-renders text, nothing else.
 */
import { useCallback } from 'react';
import type { Localized } from '../shared';
import { translate, type Translate } from '../i18n';
import { useUi } from '../state/hooks';

export type { MessageKey, Params, Translate } from '../i18n';

export function useT(): Translate {
  const lang = useUi((s) => s.lang);
  return useCallback((key, params) => translate(lang, key, params), [lang]);
}

/** Pick a scenario text in the UI language, falling back to English. */
export function useLocalized(): (text: Localized | undefined) => string {
  const lang = useUi((s) => s.lang);
  return useCallback((text) => (text ? (text[lang] ?? text.en) : ''), [lang]);
}

/**
 * i18n: typed catalogues and a `t(key, params)` that interpolates `{name}` placeholders.
 * The hook subscribes only to the language, so switching it re-renders text, nothing else.
 */
import { useCallback } from 'react';
import type { Lang, Localized } from '../../shared';
import { useUi } from '../../state/hooks';
import { en, type Catalogue, type MessageKey } from './en';
import { ptBR } from './ptBR';

export type { MessageKey } from './en';

const catalogues: Record<Lang, Catalogue> = { en, 'pt-BR': ptBR };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  // `??` guards keys built at run time (`log.${kind}`) against an engine newer than the UI.
  const text: string = catalogues[lang][key] ?? catalogues.en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

export function useT(): Translate {
  const lang = useUi((s) => s.lang);
  return useCallback((key, params) => translate(lang, key, params), [lang]);
}

/** Pick a scenario text in the UI language, falling back to English. */
export function useLocalized(): (text: Localized | undefined) => string {
  const lang = useUi((s) => s.lang);
  return useCallback((text) => (text ? (text[lang] ?? text.en) : ''), [lang]);
}

/** `pt`, `pt-BR`, `pt-PT` → pt-BR; everything else → en. */
export function langFrom(tag: string | null | undefined): Lang | null {
  if (!tag) return null;
  const lower = tag.toLowerCase();
  if (lower.startsWith('pt')) return 'pt-BR';
  if (lower.startsWith('en')) return 'en';
  return null;
}

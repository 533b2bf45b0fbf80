/**
 * i18n: typed catalogues and a `translate(lang, key, params)` that interpolates `{name}`
 * placeholders. Pure data and functions (no React, no stores): the React hooks that read the
 * UI language live in `src/ui/useT.ts`; app code and the notice store use this directly.
 */
import type { Lang } from '../shared';
import { en, type Catalogue, type MessageKey } from './en';
import { ptBR } from './ptBR';

export type { Catalogue, MessageKey } from './en';

const catalogues: Record<Lang, Catalogue> = { en, 'pt-BR': ptBR };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/**
 * `{n:instância|instâncias}` → the first word when `n` is 1 (or −1), the second otherwise — in
 * both languages a teacher writes "1 instância", "0 instâncias", "2 instâncias".
 */
export function plural(n: number, one: string, other: string): string {
  return Math.abs(n) === 1 ? one : other;
}

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  // `??` guards keys built at run time (`log.${kind}`) against an engine newer than the UI.
  const text: string = catalogues[lang][key] ?? catalogues.en[key] ?? key;
  if (!params) return text;
  return text
    .replace(/\{(\w+):([^{}|]*)\|([^{}]*)\}/g, (m, name: string, one: string, other: string) =>
      name in params ? plural(Number(params[name]), one, other) : m,
    )
    .replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** `pt`, `pt-BR`, `pt-PT` → pt-BR; everything else → en. */
export function langFrom(tag: string | null | undefined): Lang | null {
  if (!tag) return null;
  const lower = tag.toLowerCase();
  if (lower.startsWith('pt')) return 'pt-BR';
  if (lower.startsWith('en')) return 'en';
  return null;
}

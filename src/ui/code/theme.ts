import type { PrismTheme } from 'prism-react-renderer';

/**
 * A light theme whose every colour keeps WCAG AA contrast (≥ 4.5:1) on the panel and on the
 * highlighted-line background: the packaged themes' pale comments fail it.
 */
export const codeTheme: PrismTheme = {
  plain: { color: '#0f172a', backgroundColor: '#f8fafc' },
  styles: [
    {
      types: ['comment', 'prolog', 'doctype', 'cdata'],
      style: { color: '#475569', fontStyle: 'italic' },
    },
    { types: ['keyword', 'atrule', 'important', 'builtin'], style: { color: '#6d28d9' } },
    {
      types: ['string', 'char', 'attr-value', 'regex', 'template-string'],
      style: { color: '#046c4e' },
    },
    { types: ['number', 'boolean', 'constant', 'symbol'], style: { color: '#9a3412' } },
    { types: ['function', 'class-name', 'maybe-class-name'], style: { color: '#1d4ed8' } },
    { types: ['decorator', 'annotation'], style: { color: '#9d174d' } },
    { types: ['property', 'key', 'tag'], style: { color: '#0f4c81' } },
    { types: ['punctuation', 'operator'], style: { color: '#334155' } },
  ],
};

/** Prism's language for a generated file (`.proto` reads well enough as C-like). */
export function languageOf(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  switch (ext) {
    case 'ts':
      return 'typescript';
    case 'mjs':
    case 'js':
      return 'javascript';
    case 'json':
      return 'json';
    case 'yml':
    case 'yaml':
      return 'yaml';
    case 'md':
      return 'markdown';
    case 'proto':
      return 'clike';
    default:
      return 'plain';
  }
}

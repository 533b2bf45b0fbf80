/**
 * The code panel's strings, kept beside its components so they ship in its lazy chunk (as the
 * lab does). `codePtBR` is typed by the English keys: a missing translation fails to compile.
 * The panel's title and loading line, shown before the chunk loads, are in `src/i18n`.
 */
import { useCallback } from 'react';
import { useUi } from '../../state/hooks';

export const codeEn = {
  'code.node': 'Code of',
  'code.files': 'Files',
  'code.none': 'The HTTP client has no NestJS code: pick the gateway or a service.',
  'code.lineHint': 'Sends or handles {pattern}: select its most recent message',
  'code.selected': 'Lines highlighted: the code of the selected message ({pattern}).',
  'code.export': 'Export as NestJS project',
  'code.exportHint': 'Download a runnable NestJS 12 workspace (zip) of this scenario',
  'code.exportFailed': 'The export failed: {error}',
} as const;

export type CodeKey = keyof typeof codeEn;

export const codePtBR: Record<CodeKey, string> = {
  'code.node': 'Código de',
  'code.files': 'Arquivos',
  'code.none': 'O cliente HTTP não tem código NestJS: escolha o gateway ou um serviço.',
  'code.lineHint': 'Envia ou trata {pattern}: selecionar a mensagem mais recente',
  'code.selected': 'Linhas destacadas: o código da mensagem selecionada ({pattern}).',
  'code.export': 'Exportar como projeto NestJS',
  'code.exportHint': 'Baixar um workspace NestJS 12 executável (zip) deste cenário',
  'code.exportFailed': 'A exportação falhou: {error}',
};

export type CodeT = (key: CodeKey, params?: Record<string, string | number>) => string;

export function useCodeT(): CodeT {
  const lang = useUi((s) => s.lang);
  return useCallback(
    (key, params) =>
      (lang === 'pt-BR' ? codePtBR : codeEn)[key].replace(/\{(\w+)\}/g, (m, name: string) =>
        params && name in params ? String(params[name]) : m,
      ),
    [lang],
  );
}

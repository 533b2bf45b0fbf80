/**
 * The code panel's body (a lazy chunk with the generator and the highlighter): the NestJS 12
 * files behind one canvas node, re-derived from the loaded model, so a transport switch or a
 * language change shows new code at once. The lines that send or handle the selected message's
 * pattern are highlighted; their line numbers select the newest message of that pattern.
 */
import { useMemo, useState } from 'react';
import { Highlight } from 'prism-react-renderer';
import { codeForNode, type CodeFile } from '../../codegen';
import { simStore, uiStore } from '../../state';
import { useSim, useUi } from '../../state/hooks';
import { Select } from '../primitives/Select';
import { useLocalized } from '../useT';
import { useCodeT } from './codeI18n';
import { ExportButton } from './ExportButton';
import { latestMessage, selectedPattern } from './patterns';
import { codeTheme, languageOf } from './theme';

/** Line number → the patterns it sends or handles. */
function marksOf(file: CodeFile): Map<number, string[]> {
  const marks = new Map<number, string[]>();
  for (const [pattern, lines] of Object.entries(file.lines ?? {}))
    for (const n of lines) marks.set(n, [...(marks.get(n) ?? []), pattern]);
  return marks;
}

function CodeFileView({ file, hot }: { file: CodeFile; hot: string | null }) {
  const t = useCodeT();
  const marks = useMemo(() => marksOf(file), [file]);
  // Read on click, not subscribed: the log changes with every frame while playing.
  const pick = (pattern: string) => {
    const hit = latestMessage(simStore.getState().log, pattern);
    if (!hit) return;
    uiStore.getState().select(hit.select);
    uiStore.getState().inspect({ msgId: hit.msg });
  };
  return (
    <Highlight
      theme={codeTheme}
      code={file.contents.replace(/\n$/, '')}
      language={languageOf(file.path)}
    >
      {({ className, style, tokens, getLineProps, getTokenProps }) => (
        <pre
          className={`${className} code-block`}
          style={style}
          tabIndex={0}
          data-id="code-block"
          aria-label={file.path}
        >
          {tokens.map((line, i) => {
            const n = i + 1;
            const patterns = marks.get(n);
            const isHot = hot !== null && (patterns?.includes(hot) ?? false);
            const props = getLineProps({ line });
            return (
              <div
                key={n}
                {...props}
                className={`${props.className} code-line${isHot ? ' is-hot' : ''}`}
                data-line={n}
                data-hot={isHot || undefined}
              >
                {patterns ? (
                  <button
                    type="button"
                    className="code-ln code-ln-mark"
                    data-id={`code-line:${patterns[0]}`}
                    aria-label={t('code.lineHint', { pattern: patterns.join(', ') })}
                    title={t('code.lineHint', { pattern: patterns.join(', ') })}
                    onClick={() => pick(patterns[0]!)}
                  >
                    {n}
                  </button>
                ) : (
                  <span className="code-ln" aria-hidden="true">
                    {n}
                  </span>
                )}
                {line.map((token, k) => (
                  <span key={k} {...getTokenProps({ token })} />
                ))}
              </div>
            );
          })}
        </pre>
      )}
    </Highlight>
  );
}

export default function CodeView({ nodeId }: { nodeId: string }) {
  const t = useCodeT();
  const loc = useLocalized();
  const model = useSim((s) => s.model);
  const lang = useUi((s) => s.lang);
  const selected = useUi((s) => s.selected);
  const inspected = useUi((s) => s.inspected?.msgId ?? null);
  // A string: re-renders only when the selected message's pattern changes, not per log batch.
  const hot = useSim((s) => selectedPattern(s.log, selected, inspected));
  const files = useMemo(
    () => (model ? codeForNode(model, nodeId, lang) : []),
    [model, nodeId, lang],
  );
  const [path, setPath] = useState<string | null>(null);
  if (!model) return null;
  // The chosen tab survives a transport switch when the file still exists, else the first file.
  const file = files.find((f) => f.path === path) ?? files[0];
  const nodes = [
    { value: model.gateway.id, label: loc(model.gateway.label) || model.gateway.id },
    ...model.services.map((s) => ({ value: s.id, label: loc(s.label) || s.id })),
    ...(model.broker
      ? [{ value: model.broker.id, label: loc(model.broker.label) || model.broker.id }]
      : []),
  ];
  return (
    <div className="code-view" data-node={nodeId}>
      <div className="code-tools">
        <Select
          label={t('code.node')}
          data-id="code-node"
          value={nodeId}
          options={nodes}
          onChange={(e) => uiStore.getState().setCodeNode(e.target.value)}
        />
        <ExportButton model={model} />
      </div>
      {files.length === 0 || !file ? (
        <p className="muted">{t('code.none')}</p>
      ) : (
        <>
          <ul className="code-files" aria-label={t('code.files')}>
            {files.map((f) => (
              <li key={f.path}>
                <button
                  type="button"
                  className="code-file"
                  data-id={`code-file:${f.path}`}
                  aria-pressed={f === file}
                  onClick={() => setPath(f.path)}
                >
                  {f.path.slice(f.path.lastIndexOf('/') + 1)}
                </button>
              </li>
            ))}
          </ul>
          <p className="code-path muted" data-id="code-path">
            <code>{file.path}</code>
          </p>
          {hot && file.lines?.[hot] && (
            <p className="code-hot-note" data-id="code-hot-note">
              {t('code.selected', { pattern: hot })}
            </p>
          )}
          <CodeFileView file={file} hot={hot} />
        </>
      )}
    </div>
  );
}

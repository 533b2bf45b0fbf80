import { lazy, Suspense } from 'react';
import { uiStore } from '../../state';
import { useSim, useUi } from '../../state/hooks';
import { useT } from '../useT';

// The generator, the highlighter and the zip library load only when the panel first opens.
const CodeView = lazy(() => import('./CodeView'));

/**
 * "NestJS code" (side panel, collapsed by default): the code behind the node chosen here or with
 * a node's `</>` button (`uiStore.codeNode`; opening the panel shows the gateway).
 */
export function CodePanel() {
  const t = useT();
  const codeNode = useUi((s) => s.codeNode);
  const gateway = useSim((s) => s.model?.gateway.id ?? null);
  const open = codeNode !== null;
  return (
    <details
      className="panel code-panel"
      data-id="code-panel"
      id="code-panel"
      open={open}
      onToggle={(e) => {
        const nowOpen = e.currentTarget.open;
        if (nowOpen !== open) uiStore.getState().setCodeNode(nowOpen ? gateway : null);
      }}
    >
      <summary>
        <h2>{t('code.title')}</h2>
      </summary>
      {codeNode !== null && (
        <Suspense
          fallback={
            <p className="muted" role="status">
              {t('code.loading')}
            </p>
          }
        >
          <CodeView nodeId={codeNode} />
        </Suspense>
      )}
    </details>
  );
}

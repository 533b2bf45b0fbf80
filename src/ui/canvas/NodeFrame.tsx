import { Handle, Position } from '@xyflow/react';
import type { ReactNode } from 'react';
import { uiStore } from '../../state';
import { useLesson, useUi } from '../../state/hooks';

/**
 * The shared box of every node: handles for the straight edges (connectable only when the canvas
 * is in Edit mode: React Flow's `nodesConnectable`), a header, a body.
 */
export function NodeFrame(props: {
  id: string;
  kind: string;
  title: string;
  subtitle?: string;
  badge?: ReactNode;
  /** The accessible label of a `</>` button that shows this node's NestJS code in the side panel. */
  codeLabel?: string;
  source?: boolean;
  target?: boolean;
  children?: ReactNode;
}) {
  const { id, kind, title, subtitle, badge, codeLabel, source = true, target = true } = props;
  const { children } = props;
  // A lesson step's spotlight: the nodes its narration talks about.
  const spot = useLesson((s) => s.file?.steps[s.step]?.spotlight?.includes(id) ?? false);
  // A service node clicked is what K and S act on (a chip pointed at takes over).
  const service = kind === 'service';
  const targeted = useUi((s) => service && s.target === id);
  return (
    <div
      className={`node node-${kind}`}
      data-id={id}
      data-kind={kind}
      data-spot={spot ? 'true' : undefined}
      data-target={targeted ? 'true' : undefined}
      onPointerDown={
        service
          ? (e) => {
              if (!(e.target as Element).closest('[data-chip]')) uiStore.getState().setTarget(id);
            }
          : undefined
      }
    >
      {target && <Handle type="target" position={Position.Left} />}
      <div className="node-head">
        <div className="node-title">{title}</div>
        {codeLabel && <CodeButton id={id} label={codeLabel} />}
        {badge}
      </div>
      {subtitle && <div className="node-sub">{subtitle}</div>}
      {children}
      {source && <Handle type="source" position={Position.Right} />}
    </div>
  );
}

function CodeButton({ id, label }: { id: string; label: string }) {
  // An embedded canvas has no side panel to show the code in.
  const embed = useUi((s) => s.view === 'embed');
  if (embed) return null;
  return (
    <button
      type="button"
      className="nodrag code-toggle"
      data-id={`code-toggle:${id}`}
      aria-label={label}
      title={label}
      aria-controls="code-panel"
      onClick={() => {
        const ui = uiStore.getState();
        ui.setCodeNode(id);
        ui.setPanelsHidden(false);
        // Bring the panel into view once it has rendered open.
        requestAnimationFrame(() =>
          document.getElementById('code-panel')?.scrollIntoView({ block: 'nearest' }),
        );
      }}
    >
      {'</>'}
    </button>
  );
}

import { Handle, Position } from '@xyflow/react';
import type { ReactNode } from 'react';
import { useLesson } from '../../state/hooks';

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
  source?: boolean;
  target?: boolean;
  children?: ReactNode;
}) {
  const { id, kind, title, subtitle, badge, source = true, target = true, children } = props;
  // A lesson step's spotlight: the nodes its narration talks about.
  const spot = useLesson((s) => s.file?.steps[s.step]?.spotlight?.includes(id) ?? false);
  return (
    <div
      className={`node node-${kind}`}
      data-id={id}
      data-kind={kind}
      data-spot={spot ? 'true' : undefined}
    >
      {target && <Handle type="target" position={Position.Left} />}
      <div className="node-head">
        <div className="node-title">{title}</div>
        {badge}
      </div>
      {subtitle && <div className="node-sub">{subtitle}</div>}
      {children}
      {source && <Handle type="source" position={Position.Right} />}
    </div>
  );
}

/**
 * A service calling another (handler `calls`): a dashed curve from caller to target labelled
 * with its calls (`send('reserve_stock')`). Services usually share a column, so the curve leaves
 * the caller's right side and bows out to the target's right side instead of crossing the nodes;
 * a target further right is reached on its left side. The tokens themselves travel the engine's
 * hops (through the broker, or straight for tcp/grpc), drawn by the token layer.
 */
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, useInternalNode, type EdgeProps } from '@xyflow/react';

/** Geometry of the curve between two node boxes (flow coordinates). */
export function callPath(
  a: { x: number; y: number; w: number; h: number },
  b: { x: number; y: number; w: number; h: number },
): { path: string; lx: number; ly: number } {
  const sx = a.x + a.w;
  const sy = a.y + a.h / 2;
  const ty = b.y + b.h / 2;
  const right = b.x > sx + 40;
  const tx = right ? b.x : b.x + b.w;
  const bow = right ? Math.max(40, (tx - sx) / 2) : Math.max(70, Math.abs(ty - sy) * 0.35);
  const c1x = sx + bow;
  const c2x = right ? tx - bow : tx + bow;
  // The label sits at the curve's middle (t = ½ of the cubic).
  return {
    path: `M ${sx} ${sy} C ${c1x} ${sy}, ${c2x} ${ty}, ${tx} ${ty}`,
    lx: (sx + 3 * c1x + 3 * c2x + tx) / 8,
    ly: (sy + 3 * sy + 3 * ty + ty) / 8,
  };
}

function CallEdgeImpl({ id, source, target, data }: EdgeProps) {
  const a = useInternalNode(source);
  const b = useInternalNode(target);
  if (!a?.measured.width || !b?.measured.width) return null;
  const box = (n: NonNullable<typeof a>) => ({
    x: n.internals.positionAbsolute.x,
    y: n.internals.positionAbsolute.y,
    w: n.measured.width ?? 0,
    h: n.measured.height ?? 0,
  });
  const { path, lx, ly } = callPath(box(a), box(b));
  const labels = ((data as { labels?: string[] } | undefined)?.labels ?? []).join(' · ');
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        className="call-edge"
        markerEnd="url(#call-arrow)"
        interactionWidth={0}
      />
      <EdgeLabelRenderer>
        <div
          className="call-edge-label"
          data-id={`call-edge:${source}->${target}`}
          style={{ transform: `translate(-50%, -50%) translate(${lx}px, ${ly}px)` }}
        >
          {labels}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const CallEdge = memo(CallEdgeImpl);

/** The arrow head of call edges (one shared SVG marker). */
export function CallArrowDefs() {
  return (
    <svg width="0" height="0" style={{ position: 'absolute' }} aria-hidden="true">
      <defs>
        <marker
          id="call-arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#7c3aed" />
        </marker>
      </defs>
    </svg>
  );
}

/**
 * A service calling another (handler `calls`): a dashed violet bracket from the caller's right
 * side to the target's. Services usually share a column, so it bows just past their right edges
 * (within the fit's padding, so nothing runs off the canvas) instead of crossing nodes; a target
 * further right is reached on its left side. What it calls is written in the caller's handler
 * rows (and the edge's label for screen readers); the tokens travel the engine's own hops
 * (through the broker, or straight for tcp/grpc), drawn by the token layer.
 */
import { memo } from 'react';
import { BaseEdge, useInternalNode, type EdgeProps } from '@xyflow/react';

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The bracket between two node boxes (flow coordinates). */
export function callPath(a: Box, b: Box): string {
  const sx = a.x + a.w;
  const sy = a.y + a.h / 2;
  const ty = b.y + b.h / 2;
  if (b.x > sx + 40) {
    const bow = (b.x - sx) / 2;
    return `M ${sx} ${sy} C ${sx + bow} ${sy}, ${b.x - bow} ${ty}, ${b.x} ${ty}`;
  }
  const tx = b.x + b.w;
  // The curve's furthest point is ¾ of the control offset: at most 18 units past the nodes, inside
  // the fit's padding.
  const bow = Math.min(24, 10 + Math.abs(ty - sy) * 0.04);
  const x = Math.max(sx, tx) + bow;
  return `M ${sx} ${sy} C ${x} ${sy}, ${x} ${ty}, ${tx} ${ty}`;
}

function CallEdgeImpl({ id, source, target }: EdgeProps) {
  const a = useInternalNode(source);
  const b = useInternalNode(target);
  if (!a?.measured.width || !b?.measured.width) return null;
  const box = (n: NonNullable<typeof a>): Box => ({
    x: n.internals.positionAbsolute.x,
    y: n.internals.positionAbsolute.y,
    w: n.measured.width ?? 0,
    h: n.measured.height ?? 0,
  });
  return (
    <BaseEdge
      id={id}
      path={callPath(box(a), box(b))}
      className="call-edge"
      markerEnd="url(#call-arrow)"
      interactionWidth={0}
    />
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

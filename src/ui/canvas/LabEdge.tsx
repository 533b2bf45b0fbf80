/**
 * A straight edge with a "⋯" fault menu at its middle and, on the edge into a service, that
 * service's circuit breaker. Labels render through `EdgeLabelRenderer` (HTML over the pane);
 * each subscribes only to its own breaker state, so a busy run never re-renders edges.
 */
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getStraightPath, type EdgeProps } from '@xyflow/react';
import { EdgeBreaker } from '../lab/badges';
import { MenuButton } from './MenuButton';

/** Breaker ring position along the edge (towards the service). */
const BREAKER_AT = 0.72;

function LabEdgeImpl(props: EdgeProps) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, style, markerEnd } = props;
  const [path, lx, ly] = getStraightPath({ sourceX, sourceY, targetX, targetY });
  const bx = sourceX + (targetX - sourceX) * BREAKER_AT;
  const by = sourceY + (targetY - sourceY) * BREAKER_AT;
  return (
    <>
      <BaseEdge id={id} path={path} style={style} markerEnd={markerEnd} interactionWidth={18} />
      <EdgeLabelRenderer>
        <div
          className="edge-tools nodrag nopan"
          style={{ transform: `translate(-50%, -50%) translate(${lx}px, ${ly}px)` }}
        >
          <MenuButton
            kind="link"
            id={id}
            name={`${source} ↔ ${target}`}
            source={source}
            target={target}
            className="edge-menu"
          />
        </div>
        <EdgeBreaker target={target} x={bx} y={by} />
      </EdgeLabelRenderer>
    </>
  );
}

export const LabEdge = memo(LabEdgeImpl);

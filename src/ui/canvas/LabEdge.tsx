/**
 * A straight edge with a "⋯" fault menu at its middle and, on the edge into a service, that
 * service's circuit breaker. Labels render through `EdgeLabelRenderer` (HTML over the pane);
 * each subscribes only to its own breaker state, so a busy run never re-renders edges.
 */
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getStraightPath, type EdgeProps } from '@xyflow/react';
import { EdgeBreaker } from '../lab/badges';
import { MenuButton } from './MenuButton';

/** The breaker ring sits just under the edge's middle, the "⋯" on it (short edges fit both). */
const BREAKER_DY = 24;

function LabEdgeImpl(props: EdgeProps) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, style, markerEnd } = props;
  const [path, lx, ly] = getStraightPath({ sourceX, sourceY, targetX, targetY });
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
        <EdgeBreaker target={target} x={lx} y={ly + BREAKER_DY} />
      </EdgeLabelRenderer>
    </>
  );
}

export const LabEdge = memo(LabEdgeImpl);

/**
 * A straight edge with a "⋯" fault menu at its middle and, on the edge into a service, that
 * service's circuit breaker. Labels render through `EdgeLabelRenderer` (HTML over the pane);
 * each subscribes only to its own breaker state, so a busy run never re-renders edges.
 */
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getStraightPath, type EdgeProps } from '@xyflow/react';
import { EdgeBreaker } from '../lab/badges';
import { MenuButton } from './MenuButton';

/**
 * Both labels sit beside the edge's middle, off the line (the "⋯" on one side, the breaker ring
 * on the other): a token half-way along the edge must stay clickable on the pane.
 */
const MENU_OFF = 20;
const BREAKER_OFF = 24;

function LabEdgeImpl(props: EdgeProps) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, style, markerEnd } = props;
  const [path, lx, ly] = getStraightPath({ sourceX, sourceY, targetX, targetY });
  const len = Math.hypot(targetX - sourceX, targetY - sourceY) || 1;
  // Unit normal: "up" for a left-to-right edge.
  const nx = (targetY - sourceY) / len;
  const ny = -(targetX - sourceX) / len;
  return (
    <>
      <BaseEdge id={id} path={path} style={style} markerEnd={markerEnd} interactionWidth={18} />
      <EdgeLabelRenderer>
        <div
          className="edge-tools nodrag nopan"
          style={{
            transform: `translate(-50%, -50%) translate(${lx + nx * MENU_OFF}px, ${ly + ny * MENU_OFF}px)`,
          }}
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
        <EdgeBreaker target={target} x={lx - nx * BREAKER_OFF} y={ly - ny * BREAKER_OFF} />
      </EdgeLabelRenderer>
    </>
  );
}

export const LabEdge = memo(LabEdgeImpl);

/**
 * Inside <ReactFlow>: once nodes are measured (and whenever one changes size), push apart the
 * nodes that run into the next column (`spread`), so no node covers another whatever the
 * language, the transport or the resilience lines a node shows. A node the learner dragged is
 * theirs: it is never moved.
 */
import { useEffect } from 'react';
import { useReactFlow, useStore, useStoreApi } from '@xyflow/react';
import { uiStore } from '../../state';
import { fitClear } from '../fit';
import { nodeSizeKey } from './RefitOnGrow';
import { spread, type NodeBox } from './spread';
import type { FlowNode } from './graph';

export function SpreadOnMeasure() {
  const sizes = useStore(nodeSizeKey);
  const store = useStoreApi();
  const flow = useReactFlow<FlowNode>();
  const { setNodes } = flow;
  useEffect(() => {
    const { nodeLookup } = store.getState();
    const boxes: NodeBox[] = [];
    for (const n of nodeLookup.values()) {
      if (!n.measured.width || !n.measured.height) return; // not all measured yet
      boxes.push({
        id: n.id,
        x: n.position.x,
        y: n.position.y,
        width: n.measured.width,
        height: n.measured.height,
      });
    }
    const dragged = uiStore.getState().positions;
    const moved = spread(boxes);
    for (const id of Object.keys(dragged)) moved.delete(id);
    if (moved.size === 0) return;
    setNodes((nodes) =>
      nodes.map((n) => {
        const x = moved.get(n.id);
        return x === undefined ? n : { ...n, position: { x, y: n.position.y } };
      }),
    );
    // The graph got wider: fit it again once the moved nodes are drawn.
    requestAnimationFrame(() => void fitClear(flow));
  }, [sizes, store, setNodes, flow]);
  return null;
}

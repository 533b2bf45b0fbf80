/**
 * Inside <ReactFlow>: when nodes change size or come and go (a service scaled out grows a row of
 * instance chips; the editor adds a handler or a service) and part of the graph is no longer in
 * view, fit the view again, smoothly — so nothing runs off the canvas beside the side panel.
 *
 * A learner who zoomed or panned by hand keeps their view: their zoom is a choice, and refitting
 * would take it away under the pointer. The canvas's own fit-view button, or opening another
 * scenario, hands the view back to the app. Resizes that keep the graph in view change nothing.
 */
import { useEffect } from 'react';
import { useReactFlow, useStore, useStoreApi, type ReactFlowState } from '@xyflow/react';

const FIT = { padding: 0.04, duration: 300 };

/** Whether the learner moved the view by hand since the app last fitted it. */
export const viewByHand = { current: false };

/** Changes when a node is added or removed, or its measured size changes. */
const sizeKey = (s: ReactFlowState): string => {
  let key = '';
  for (const n of s.nodeLookup.values())
    key += `${n.id}:${Math.round(n.measured.width ?? 0)}x${Math.round(n.measured.height ?? 0)};`;
  return key;
};

export function RefitOnGrow() {
  const key = useStore(sizeKey);
  const store = useStoreApi();
  const { fitView, getNodes, getNodesBounds } = useReactFlow();
  useEffect(() => {
    if (viewByHand.current) return;
    const { width, height, transform } = store.getState();
    const nodes = getNodes().filter((n) => n.measured?.width);
    if (!width || !height || nodes.length === 0) return;
    const [tx, ty, zoom] = transform;
    const b = getNodesBounds(nodes);
    const left = b.x * zoom + tx;
    const top = b.y * zoom + ty;
    const right = (b.x + b.width) * zoom + tx;
    const bottom = (b.y + b.height) * zoom + ty;
    if (left < 0 || top < 0 || right > width || bottom > height) void fitView(FIT);
  }, [key, store, fitView, getNodes, getNodesBounds]);
  return null;
}

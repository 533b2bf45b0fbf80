/**
 * Inside <ReactFlow>: when nodes change size or come and go (a service scaled out grows a row of
 * instance chips; the editor adds a handler or a service), or a note appears over the canvas, and
 * part of the graph is no longer in view or lies under a note or button, first move the movable
 * overlays out of the way, then fit the view again if still needed, smoothly (ui/fit.ts) — so
 * nothing runs off the canvas beside the side panel or hides under the paused hint.
 *
 * A learner who zoomed or panned by hand keeps their view: their zoom is a choice, and refitting
 * would take it away under the pointer. The canvas's own fit-view button, or opening another
 * scenario, hands the view back to the app. Resizes that keep the graph in view change nothing.
 */
import { useEffect, useState } from 'react';
import {
  useOnViewportChange,
  useReactFlow,
  useStore,
  useStoreApi,
  type ReactFlowState,
} from '@xyflow/react';
import { fitClear, nodeUnderOverlay, placeOverlays } from '../fit';

/** Whether the learner moved the view by hand since the app last fitted it. */
export const viewByHand = { current: false };

/** Fit the view now, clear of the overlays (set while a canvas is mounted). */
export const refit = { now: () => {} };

/**
 * Changes when a node is added or removed, or its measured size changes (one selector for the
 * canvas's measure-driven effects: it runs on every React Flow store update, pans included).
 */
export const nodeSizeKey = (s: ReactFlowState): string => {
  let key = '';
  for (const n of s.nodeLookup.values())
    key += `${n.id}:${Math.round(n.measured.width ?? 0)}x${Math.round(n.measured.height ?? 0)};`;
  return key;
};

/** The size of the notes over the canvas: a note that appears may now cover a node. */
function useNotesSize(): string {
  const [size, setSize] = useState('');
  useEffect(() => {
    const notes = document.querySelector('[data-id="canvas"] .canvas-notes');
    if (!notes) return;
    const watch = new ResizeObserver(() => {
      const r = notes.getBoundingClientRect();
      setSize(`${Math.round(r.width)}x${Math.round(r.height)}`);
    });
    watch.observe(notes);
    return () => watch.disconnect();
  }, []);
  return size;
}

export function RefitOnGrow() {
  const key = useStore(nodeSizeKey);
  const notes = useNotesSize();
  const store = useStoreApi();
  const flow = useReactFlow();
  const { getNodes, getNodesBounds } = flow;
  // The zoom controls' fit button hands the view back: fit it clear of the overlays too.
  useEffect(() => {
    refit.now = () => void fitClear(flow);
    return () => {
      refit.now = () => {};
    };
  }, [flow]);
  // After a pan or zoom the overlays move out of the way where they can (never the view).
  useOnViewportChange({ onEnd: placeOverlays });
  useEffect(() => {
    // A frame later: React Flow's own first fit and the notes' new size are drawn by then.
    const frame = requestAnimationFrame(() => {
      placeOverlays();
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
      if (left < 0 || top < 0 || right > width || bottom > height || nodeUnderOverlay())
        void fitClear(flow, 300);
    });
    return () => cancelAnimationFrame(frame);
  }, [key, notes, store, flow, getNodes, getNodesBounds]);
  return null;
}

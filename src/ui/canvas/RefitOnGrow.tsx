/**
 * Inside <ReactFlow>: when a node grows (a service scaled to 3 instances gets wider) and so runs
 * off the canvas — under the side panel, past the edge — re-fit the view. A node that grows and
 * still fits, or a pan/zoom by the learner, keeps the view as it is.
 */
import { useEffect, useRef } from 'react';
import { useReactFlow, useStore, useStoreApi } from '@xyflow/react';

const FIT = { padding: 0.04 };

/** The measured sizes of every node, as one comparable string. */
const sizesOf = (s: {
  nodeLookup: Map<string, { measured: { width?: number; height?: number } }>;
}) =>
  [...s.nodeLookup.values()]
    .map((n) => `${Math.round(n.measured.width ?? 0)}x${Math.round(n.measured.height ?? 0)}`)
    .join(',');

export function RefitOnGrow() {
  const sizes = useStore(sizesOf);
  const store = useStoreApi();
  const { fitView } = useReactFlow();
  const seen = useRef(sizes);
  useEffect(() => {
    if (sizes === seen.current) return;
    const first = seen.current === '' || !seen.current.includes('x');
    seen.current = sizes;
    if (first) return;
    const { nodeLookup, transform, width, height } = store.getState();
    const [tx, ty, zoom] = transform;
    const cut = [...nodeLookup.values()].some((n) => {
      const x = n.internals.positionAbsolute.x * zoom + tx;
      const y = n.internals.positionAbsolute.y * zoom + ty;
      const w = (n.measured.width ?? 0) * zoom;
      const h = (n.measured.height ?? 0) * zoom;
      return x < 0 || y < 0 || x + w > width || y + h > height;
    });
    if (cut) void fitView(FIT);
  }, [sizes, store, fitView]);
  return null;
}

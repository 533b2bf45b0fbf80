/**
 * Inside <ReactFlow>: when the lab drawer opens or closes, the canvas changes height; re-fit
 * the view once the new size is known, so the graph is not cut off. Other resizes (window,
 * side panel) keep the learner's zoom and pan.
 */
import { useEffect, useRef } from 'react';
import { useReactFlow, useStore } from '@xyflow/react';
import { useLab } from './labStore';

const FIT = { padding: 0.04 };

export function RefitOnLabToggle() {
  const open = useLab((s) => s.open);
  const height = useStore((s) => s.height);
  const { fitView } = useReactFlow();
  const seenOpen = useRef(open);
  const pending = useRef(false);
  useEffect(() => {
    if (open !== seenOpen.current) {
      seenOpen.current = open;
      pending.current = true;
    }
  }, [open]);
  useEffect(() => {
    if (!pending.current) return;
    pending.current = false;
    void fitView(FIT);
  }, [height, fitView]);
  return null;
}

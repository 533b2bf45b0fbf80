/**
 * Inside <ReactFlow>: when the page's layout changes — the lab drawer opens or closes, the side
 * panels hide or show, presenter mode, a lesson column — the canvas changes size; re-fit the
 * view once the new size is known, so the graph is neither cut off nor left small. Other resizes
 * (the window) keep the learner's zoom and pan.
 */
import { useEffect, useRef } from 'react';
import { useReactFlow, useStore } from '@xyflow/react';
import { useLesson, useUi } from '../../state/hooks';
import { fitClear } from '../fit';
import { useLab } from './labStore';

export function RefitOnLabToggle() {
  const open = useLab((s) => s.open);
  const panels = useUi((s) => s.panelsHidden);
  const view = useUi((s) => s.view);
  const lesson = useLesson((s) => s.id !== null);
  const layout = `${open}|${panels}|${view}|${lesson}`;
  const height = useStore((s) => s.height);
  const width = useStore((s) => s.width);
  const flow = useReactFlow();
  const seen = useRef(layout);
  const pending = useRef(false);
  useEffect(() => {
    if (layout !== seen.current) {
      seen.current = layout;
      pending.current = true;
    }
  }, [layout]);
  useEffect(() => {
    if (!pending.current) return;
    pending.current = false;
    void fitClear(flow);
  }, [height, width, flow]);
  return null;
}

import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, type MouseEvent as ReactMouseEvent } from 'react';
import {
  Background,
  Controls,
  ReactFlow,
  useNodesState,
  type EdgeTypes,
  type NodeTypes,
  type OnNodeDrag,
  type Viewport,
} from '@xyflow/react';
import type { SimModel } from '../../engine/types';
import { uiStore } from '../../state';
import { useSim } from '../../state/hooks';
import { BrokerNode } from './BrokerNode';
import { ClientNode } from './ClientNode';
import { GatewayNode } from './GatewayNode';
import { LoadBalancerNode } from './LoadBalancerNode';
import { ServiceNode } from './ServiceNode';
import { TokenLayer, tokenPicker } from './TokenLayer';
import { RefitOnLabToggle } from '../lab/RefitOnLabToggle';
import { useT } from '../useT';
import { ZOOM } from '../fit';
import { RefitOnGrow, refit, viewByHand } from './RefitOnGrow';
import { SpreadOnMeasure } from './SpreadOnMeasure';
import { TokenLegend } from './TokenLegend';
import { PausedHint } from './PausedHint';
import { ScriptNotice } from './ScriptNotice';
import { LabEdge } from './LabEdge';
import { CallArrowDefs, CallEdge } from './CallEdge';
import { CanvasMenuHost } from './CanvasMenuHost';
import { closeMenu } from '../lab/menuStore';
import { onCanvasContextMenu, onCanvasKeyDown } from './menuOpeners';
import { buildEdges, buildNodes, type FlowNode } from './graph';

// Module level: a new object per render would make React Flow re-create every node.
const nodeTypes: NodeTypes = {
  client: ClientNode,
  gateway: GatewayNode,
  broker: BrokerNode,
  service: ServiceNode,
  'load-balancer': LoadBalancerNode,
};
const edgeTypes: EdgeTypes = { lab: LabEdge, call: CallEdge };

/**
 * A click on the pane picks the token (or drop marker) under the pointer: its chain is
 * highlighted and the inspector shows its wire envelope. Keyboard users reach the same
 * inspector from the event log's lines.
 */
const onPaneClick = (e: ReactMouseEvent) => {
  const flow = (e.target as Element).closest('.react-flow');
  if (!flow || !tokenPicker.at) return;
  const box = flow.getBoundingClientRect();
  void tokenPicker.at(e.clientX - box.left, e.clientY - box.top).then((hit) => {
    if (!hit) return;
    const ui = uiStore.getState();
    ui.select(hit.group);
    ui.inspect(
      hit.from !== undefined && hit.to !== undefined
        ? { msgId: hit.msgId, from: hit.from, to: hit.to }
        : { msgId: hit.msgId },
    );
  });
};

// Tight padding: on a projector every pixel of zoom is legibility.
const FIT = { padding: 0.04 };

const onNodeDragStop: OnNodeDrag<FlowNode> = (_e, node) => {
  uiStore.getState().setPosition(node.id, node.position);
};

/**
 * A pan or zoom by the learner (an event, and the view really moved: a click on the pane starts
 * a gesture too) keeps their view from automatic refits (`RefitOnGrow`).
 */
let moveFrom: Viewport | null = null;
const onMoveStart = (e: MouseEvent | TouchEvent | null, v: Viewport) => {
  closeMenu(false);
  moveFrom = e ? v : null;
};
const onMoveEnd = (e: MouseEvent | TouchEvent | null, v: Viewport) => {
  const from = moveFrom;
  moveFrom = null;
  if (e && from && (from.x !== v.x || from.y !== v.y || from.zoom !== v.zoom))
    viewByHand.current = true;
};
const byHand = () => {
  viewByHand.current = true;
};
const handBack = () => {
  viewByHand.current = false;
};
/** The controls' fit button: the view is the app's again, fitted clear of the notes. */
const fitByButton = () => {
  handBack();
  requestAnimationFrame(() => refit.now());
};

/** Edit mode: a drag from one node's handle to another (the gateway to a service: a route). */
export type OnConnectNodes = (source: string, target: string) => void;

/** Keyed by load: a new scenario remounts the graph with its own layout. */
function Graph({ model, onConnect }: { model: SimModel; onConnect?: OnConnectNodes }) {
  // A new scenario is fitted afresh: the view is the app's again.
  useEffect(() => handBack(), []);
  const [nodes, , onNodesChange] = useNodesState<FlowNode>(
    buildNodes(model, uiStore.getState().positions),
  );
  const t = useT();
  const edges = useMemo(
    () => buildEdges(model, (a, b) => t('canvas.edgeLabel', { a, b })),
    [model, t],
  );
  // React Flow's own labels (controls, keyboard help) in the UI language, not its English.
  const ariaLabelConfig = useMemo(
    () => ({
      'controls.ariaLabel': t('canvas.controls'),
      'controls.zoomIn.ariaLabel': t('canvas.zoomIn'),
      'controls.zoomOut.ariaLabel': t('canvas.zoomOut'),
      'controls.fitView.ariaLabel': t('canvas.fitView'),
      'node.a11yDescription.default': t('canvas.nodeHelp'),
      'node.a11yDescription.keyboardDisabled': t('canvas.nodeHelp'),
      'node.a11yDescription.ariaLiveMessage': ({ x, y }: { x: number; y: number }) =>
        t('canvas.nodeMoved', { x, y }),
      'edge.a11yDescription.default': t('canvas.edgeHelp'),
      'handle.ariaLabel': t('canvas.handle'),
    }),
    [t],
  );
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onNodeDragStop={onNodeDragStop}
      onPaneClick={onPaneClick}
      nodesConnectable={onConnect !== undefined}
      onConnect={onConnect && ((c) => onConnect(c.source, c.target))}
      edgesFocusable={false}
      ariaLabelConfig={ariaLabelConfig}
      fitView
      fitViewOptions={FIT}
      minZoom={ZOOM.min}
      maxZoom={ZOOM.max}
      defaultEdgeOptions={{ type: 'lab' }}
      onMoveStart={onMoveStart}
      onMoveEnd={onMoveEnd}
    >
      <Background gap={24} color="#d4d8e0" />
      <Controls
        orientation="horizontal"
        showInteractive={false}
        onFitView={fitByButton}
        onZoomIn={byHand}
        onZoomOut={byHand}
      />
      <TokenLayer />
      <RefitOnLabToggle />
      <SpreadOnMeasure />
      <RefitOnGrow />
    </ReactFlow>
  );
}

export function FlowCanvas({ onConnect }: { onConnect?: OnConnectNodes } = {}) {
  const model = useSim((s) => s.model);
  const loadId = useSim((s) => s.loadId);
  if (!model) return null;
  return (
    <div
      className="canvas"
      data-id="canvas"
      data-editing={onConnect ? 'true' : undefined}
      onContextMenu={onCanvasContextMenu}
      onKeyDown={onCanvasKeyDown}
    >
      <CallArrowDefs />
      <Graph key={loadId} model={model} {...(onConnect ? { onConnect } : {})} />
      {/* The paused hint and the next scripted action over the top edge (a fit keeps nodes clear of
          them, docs in ui/fit.ts); the token legend sits at the bottom beside the zoom buttons. */}
      <TokenLegend />
      <div className="canvas-notes">
        <PausedHint />
        <ScriptNotice />
      </div>
      <CanvasMenuHost />
    </div>
  );
}

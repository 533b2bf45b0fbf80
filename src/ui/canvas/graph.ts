/**
 * Model → React Flow nodes and edges. Pure: positions come from drags, then `model.layout` (the
 * scenario compiler places every node, load balancers included).
 */
import type { Edge, Node } from '@xyflow/react';
import type { SimModel } from '../../engine/types';
import { lbNodeId } from '../../shared';
import type { XY } from '../../state';

export type FlowNodeType = 'client' | 'gateway' | 'broker' | 'service' | 'load-balancer';
/** Node data is empty on purpose: each node subscribes to its own slice of the stores by id. */
export type FlowNode = Node<Record<string, never>, FlowNodeType>;

/**
 * Scenario layouts space columns ~300 apart; on a 1280-px projector that forces the zoom to ~0.75
 * and node text under 14 px. Drawing columns at 80 % keeps edges long enough for tokens to be
 * seen while fitView can stay near 1:1.
 */
export const LAYOUT_X_SCALE = 0.8;
/**
 * Rows at 125 %: service nodes grew (handler list, ± replicas, chips) and stacked services 200 px
 * apart touched each other.
 */
export const LAYOUT_Y_SCALE = 1.25;

/**
 * tcp/grpc services behind the engine's load balancer (`loadBalancer: true`): the engine routes
 * gateway → `lb:<service>` → instance, so the canvas draws that node between them.
 */
export const balanced = (model: SimModel) =>
  model.services.filter(
    (s) =>
      (s.transport.kind === 'tcp' || s.transport.kind === 'grpc') &&
      s.transport.options.loadBalancer === true,
  );
export function buildNodes(model: SimModel, dragged: Record<string, XY>): FlowNode[] {
  const fromModel = (id: string): XY | undefined => {
    const p = model.layout[id];
    return p && { x: p.x * LAYOUT_X_SCALE, y: p.y * LAYOUT_Y_SCALE };
  };
  const pos = (id: string): XY => dragged[id] ?? fromModel(id) ?? { x: 0, y: 0 };
  const node = (id: string, type: FlowNodeType): FlowNode => ({
    id,
    type,
    position: pos(id),
    data: {},
    // The whole node is the drag handle; its buttons opt out with `nodrag`.
    ariaLabel: id,
  });
  const nodes = [node(model.client.id, 'client'), node(model.gateway.id, 'gateway')];
  if (model.broker) nodes.push(node(model.broker.id, 'broker'));
  for (const s of model.services) nodes.push(node(s.id, 'service'));
  for (const s of balanced(model)) nodes.push(node(lbNodeId(s.id), 'load-balancer'));
  return nodes;
}

/**
 * `label` names an edge for screen readers in the UI language (React Flow's own default is
 * English: "Edge from broker to orders").
 */
export function buildEdges(
  model: SimModel,
  label: (source: string, target: string) => string = (a, b) => `${a} → ${b}`,
): Edge[] {
  const edge = (source: string, target: string): Edge => ({
    id: `${source}->${target}`,
    source,
    target,
    type: 'lab',
    selectable: false,
    focusable: false,
    ariaLabel: label(source, target),
  });
  const edges = [edge(model.client.id, model.gateway.id)];
  if (model.broker) edges.push(edge(model.gateway.id, model.broker.id));
  const behindLb = new Set(balanced(model).map((s) => s.id));
  for (const s of model.services) {
    const viaBroker =
      model.broker !== null && s.transport.kind !== 'tcp' && s.transport.kind !== 'grpc';
    if (behindLb.has(s.id)) {
      edges.push(edge(model.gateway.id, lbNodeId(s.id)));
      edges.push(edge(lbNodeId(s.id), s.id));
    } else edges.push(edge(viaBroker ? model.broker!.id : model.gateway.id, s.id));
  }
  return [...edges, ...callEdges(model, edges, edge)];
}

/** What a service's handlers call, by target: `send('reserve_stock')` labels, in file order. */
export function callsByTarget(model: SimModel, serviceId: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const s = model.services.find((x) => x.id === serviceId);
  for (const h of s?.handlers ?? [])
    for (const c of h.calls ?? []) {
      const labels = out.get(c.to) ?? [];
      const label = `${c.action}('${c.pattern}')`;
      if (!labels.includes(label)) labels.push(label);
      out.set(c.to, labels);
    }
  return out;
}

/**
 * Services that call services: a `call` edge from caller to target (what the learner reads, with
 * the calls as its label), plus the wire the engine's hops travel when no edge has it yet — a
 * point-to-point target's balancer, or the broker for a tcp/grpc caller of a broker service.
 */
function callEdges(
  model: SimModel,
  existing: Edge[],
  edge: (source: string, target: string) => Edge,
): Edge[] {
  const out: Edge[] = [];
  const has = new Set(existing.map((e) => `${e.source}|${e.target}`));
  const wire = (a: string, b: string) => {
    if (has.has(`${a}|${b}`) || has.has(`${b}|${a}`)) return;
    has.add(`${a}|${b}`);
    out.push(edge(a, b));
  };
  const p2p = (id: string) => {
    const k = model.services.find((x) => x.id === id)?.transport.kind;
    return k === 'tcp' || k === 'grpc';
  };
  const behindLb = new Set(balanced(model).map((s) => s.id));
  for (const s of model.services)
    for (const [to, labels] of callsByTarget(model, s.id)) {
      if (p2p(to)) {
        if (behindLb.has(to)) wire(s.id, lbNodeId(to));
      } else if (model.broker && p2p(s.id)) wire(model.broker.id, s.id);
      out.push({
        id: `call:${s.id}->${to}`,
        source: s.id,
        target: to,
        type: 'call',
        ariaLabel: `${s.id} → ${to}: ${labels.join(', ')}`,
        selectable: false,
        focusable: false,
      });
    }
  return out;
}

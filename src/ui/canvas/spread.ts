/**
 * Nodes are placed by the scenario's layout, but their width depends on what they show (a gateway
 * with timeout, retry and breaker lines is wider than a bare one): measured, a node may run into
 * the next column. `spread` pushes every node that starts at or right of an overlapping node's
 * column further right, by the overlap plus a gap, so columns keep their order and edges stay
 * left-to-right. Pure: boxes in, new x positions out (only for nodes that move).
 */
export interface NodeBox {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export const SPREAD_GAP = 24;

const rowsMeet = (a: NodeBox, b: NodeBox) => a.y < b.y + b.height && b.y < a.y + a.height;

export function spread(boxes: readonly NodeBox[], gap = SPREAD_GAP): Map<string, number> {
  const nodes = boxes.map((b) => ({ ...b })).sort((a, b) => a.x - b.x || a.y - b.y);
  const moved = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    // How far right n must go to clear every node left of it that shares its rows.
    let need = 0;
    for (let j = 0; j < i; j++) {
      const m = nodes[j]!;
      if (m.x < n.x && rowsMeet(m, n)) need = Math.max(need, m.x + m.width + gap - n.x);
    }
    if (need <= 0) continue;
    const from = n.x;
    for (const o of nodes)
      if (o.x >= from) {
        o.x += need;
        moved.set(o.id, o.x);
      }
  }
  return moved;
}

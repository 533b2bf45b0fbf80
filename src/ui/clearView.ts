/**
 * The view that shows every node uncovered by the overlays floating on the canvas, at the largest
 * zoom it can: pure geometry, so it is unit-tested. Nodes are in flow units, overlays in canvas
 * pixels; a view maps flow to canvas as `x + zoom · p`.
 *
 * It tries zooms from the tight fit down, and at each the graph centred, then pushed to a side or
 * corner (a note in the top-left corner is often clear of a graph pushed right or down). The first
 * view where no node meets an overlay and the graph stays inside the canvas wins.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface View {
  x: number;
  y: number;
  zoom: number;
}

export interface ClearViewOptions {
  /** Space kept free around the graph, px. */
  margin: number;
  minZoom: number;
  maxZoom: number;
  /** The smallest zoom tried, as a share of the tight fit's (below it: null, pad instead). */
  floor?: number;
}

/** Each step shrinks the zoom by this share. */
const STEP = 0.04;

const meet = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function boundsOf(rects: readonly Rect[]): Rect {
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x, y, width: right - x, height: bottom - y };
}

export function clearView(
  nodes: readonly Rect[],
  canvas: { width: number; height: number },
  overlays: readonly Rect[],
  opts: ClearViewOptions,
): View | null {
  if (nodes.length === 0 || canvas.width <= 0 || canvas.height <= 0) return null;
  const b = boundsOf(nodes);
  const room = { w: canvas.width - 2 * opts.margin, h: canvas.height - 2 * opts.margin };
  if (room.w <= 0 || room.h <= 0 || b.width <= 0 || b.height <= 0) return null;
  const tight = Math.min(opts.maxZoom, room.w / b.width, room.h / b.height);
  const lowest = Math.max(opts.minZoom, tight * (opts.floor ?? 0.5));
  for (let zoom = tight; zoom >= lowest; zoom -= tight * STEP) {
    const w = b.width * zoom;
    const h = b.height * zoom;
    const xs = [(canvas.width - w) / 2, canvas.width - opts.margin - w, opts.margin];
    const ys = [(canvas.height - h) / 2, canvas.height - opts.margin - h, opts.margin];
    for (const left of xs)
      for (const top of ys) {
        const view = { x: left - b.x * zoom, y: top - b.y * zoom, zoom };
        const onScreen = (n: Rect): Rect => ({
          x: view.x + n.x * zoom,
          y: view.y + n.y * zoom,
          width: n.width * zoom,
          height: n.height * zoom,
        });
        if (!nodes.some((n) => overlays.some((o) => meet(onScreen(n), o)))) return view;
      }
  }
  return null;
}

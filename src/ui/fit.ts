/**
 * Keeping the graph clear of what floats over the canvas, for every fit (first view, a node that
 * grows, the layout changing, nodes spread apart). Over the canvas float: the notes (paused hint,
 * the next scripted action) at the top, the zoom buttons and the token legend at the bottom left,
 * the Lab button at the bottom right.
 *
 * First the movable ones go where no node is (`placeOverlays`: the notes top left or top right,
 * the Lab button bottom right or bottom left after the legend) — the graph keeps its zoom. If a
 * node is still covered, the graph moves aside at the largest zoom that clears it (`clearView`);
 * only if none does, a fit pads the canvas's top and bottom by what the overlays take
 * (`fitOptions`). On a projector nothing is drawn under a note.
 */
import { clearView, type Rect, type View } from './clearView';

/** Room between an overlay and the graph. */
const GAP = 8;
/** The tight side padding, as React Flow reads a number: a share of the canvas. */
const SIDE = 0.04;

const canvasEl = () => document.querySelector<HTMLElement>('[data-id="canvas"]');
const notesEl = (canvas: HTMLElement) => canvas.querySelector<HTMLElement>('.canvas-notes');
const labButton = () => document.querySelector<HTMLElement>('[data-id="lab-toggle"]');
const drawn = (r: DOMRect) => r.width > 0 && r.height > 0;
const meet = (a: DOMRect, b: DOMRect) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Everything floating over the canvas, as drawn now. */
function overlays(canvas: HTMLElement): HTMLElement[] {
  const els = [
    ...canvas.querySelectorAll<HTMLElement>('.canvas-notes > *, .react-flow__controls, .legend'),
  ];
  const lab = labButton();
  if (lab) els.push(lab);
  return els.filter((el) => drawn(el.getBoundingClientRect()));
}

const nodeRects = (canvas: HTMLElement) =>
  [...canvas.querySelectorAll<HTMLElement>('.react-flow__node')]
    .map((n) => n.getBoundingClientRect())
    .filter(drawn);

const covers = (r: DOMRect, nodes: DOMRect[]) => nodes.some((n) => meet(r, n));

/**
 * Put the movable overlays where they cover no node, if such a place exists; a place that works
 * is kept (no flicker). Call after the nodes or the view changed.
 */
export function placeOverlays(): void {
  const canvas = canvasEl();
  if (!canvas) return;
  const nodes = nodeRects(canvas);
  const notes = notesEl(canvas);
  if (notes && notes.childElementCount > 0) {
    const other = notes.dataset.corner === 'right' ? 'left' : 'right';
    if (covers(notes.getBoundingClientRect(), nodes)) {
      const was = notes.dataset.corner ?? 'left';
      notes.dataset.corner = other;
      if (covers(notes.getBoundingClientRect(), nodes)) notes.dataset.corner = was;
    }
  }
  const lab = labButton();
  const legend = canvas.querySelector<HTMLElement>('.legend');
  if (lab && legend && covers(lab.getBoundingClientRect(), nodes)) {
    const host = lab.offsetParent?.getBoundingClientRect();
    const atRight = lab.style.left === '';
    const move = (left: string) => {
      lab.style.left = left;
      lab.style.right = left === '' ? '' : 'auto';
    };
    if (atRight && host)
      move(`${Math.round(legend.getBoundingClientRect().right - host.left + GAP)}px`);
    else move('');
    // Neither place is free: keep the usual one (a padded fit makes room).
    if (covers(lab.getBoundingClientRect(), nodes)) move('');
  }
}

/** Whether an overlay covers part of a node right now. */
export function nodeUnderOverlay(): boolean {
  const canvas = canvasEl();
  if (!canvas) return false;
  const nodes = nodeRects(canvas);
  return overlays(canvas).some((el) => covers(el.getBoundingClientRect(), nodes));
}

/** How far the overlays reach into the canvas from its top and bottom edges, in screen px. */
function overlayInsets(canvas: HTMLElement): { top: number; bottom: number } {
  const box = canvas.getBoundingClientRect();
  let top = 0;
  let bottom = 0;
  for (const el of overlays(canvas)) {
    const r = el.getBoundingClientRect();
    if (r.bottom <= box.top || r.top >= box.bottom) continue;
    if (r.top - box.top < box.bottom - r.bottom) top = Math.max(top, r.bottom - box.top);
    else bottom = Math.max(bottom, box.bottom - r.top);
  }
  return { top: top > 0 ? top + GAP : 0, bottom: bottom > 0 ? bottom + GAP : 0 };
}

type Px = `${number}px`;

export interface FitOptions {
  padding: { top: Px; bottom: Px; left: Px; right: Px };
  duration?: number;
}

/** Fit options that keep the graph clear of the overlays; `duration` animates the fit. */
export function fitOptions(duration?: number): FitOptions {
  const canvas = canvasEl();
  const { top, bottom } = canvas ? overlayInsets(canvas) : { top: 0, bottom: 0 };
  const h = canvas?.clientHeight ?? 0;
  const w = canvas?.clientWidth ?? 0;
  // React Flow's number padding, in px, so the overlay insets and the side padding compare.
  const tight = (size: number) => Math.floor((size - size / (1 + SIDE)) * 0.5);
  const px = (n: number): Px => `${n}px`;
  return {
    padding: {
      top: px(Math.max(top, tight(h))),
      bottom: px(Math.max(bottom, tight(h))),
      left: px(tight(w)),
      right: px(tight(w)),
    },
    ...(duration !== undefined && { duration }),
  };
}

/** The canvas's zoom range (React Flow's minZoom / maxZoom). */
export const ZOOM = { min: 0.3, max: 2.5 };

/** What a fit needs of `useReactFlow()`. */
export interface Flow {
  fitView(options: {
    padding: number | FitOptions['padding'];
    duration?: number;
  }): Promise<boolean>;
  setViewport(view: View, options?: { duration?: number }): Promise<boolean>;
  getNodes(): {
    position: { x: number; y: number };
    measured?: { width?: number; height?: number };
  }[];
}

const nextFrame = () => new Promise<void>((done) => requestAnimationFrame(() => done()));

/** The overlays' boxes in canvas pixels, grown by the gap kept around them. */
function overlayRects(canvas: HTMLElement): Rect[] {
  const box = canvas.getBoundingClientRect();
  return overlays(canvas).map((el) => {
    const r = el.getBoundingClientRect();
    return {
      x: r.left - box.left - GAP,
      y: r.top - box.top - GAP,
      width: r.width + 2 * GAP,
      height: r.height + 2 * GAP,
    };
  });
}

/**
 * Fit the graph tight first; move the movable overlays out of its way; if one still covers a
 * node, look for the largest view that keeps every node clear of them (the graph pushed aside:
 * `clearView`), and only if there is none, fit padded by what the overlays take.
 */
export async function fitClear(flow: Flow, duration?: number): Promise<void> {
  await flow.fitView({ padding: SIDE, ...(duration !== undefined && { duration }) });
  await nextFrame();
  placeOverlays();
  if (!nodeUnderOverlay()) return;
  const canvas = canvasEl();
  if (!canvas) return;
  const nodes = flow
    .getNodes()
    .filter((n) => n.measured?.width && n.measured.height)
    .map((n) => ({
      x: n.position.x,
      y: n.position.y,
      width: n.measured!.width!,
      height: n.measured!.height!,
    }));
  const size = { width: canvas.clientWidth, height: canvas.clientHeight };
  const margin = Math.floor(Math.min(size.width, size.height) * (SIDE / 2));
  const view = clearView(nodes, size, overlayRects(canvas), {
    margin,
    minZoom: ZOOM.min,
    maxZoom: ZOOM.max,
  });
  if (view) await flow.setViewport(view, duration !== undefined ? { duration } : {});
  else await flow.fitView(fitOptions(duration));
}

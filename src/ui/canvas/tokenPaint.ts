/**
 * Token geometry and painting, framework-free. One pass groups tokens by kind so each kind is
 * one path and one fill: 2,500 tokens cost a few thousand path ops, not 2,500 fills.
 */
import type { MessageKind } from '../../engine/types';
import type { DropMarker, Token } from '../../sim-client';

export interface Pt {
  x: number;
  y: number;
}

/** A node's box in flow coordinates. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Segment {
  ax: number;
  ay: number;
  bx: number;
  by: number;
}

export type Shape = 'circle' | 'diamond' | 'triangle' | 'square' | 'cross';

export const KIND_STYLE: Record<MessageKind, { color: string; shape: Shape }> = {
  request: { color: '#1d4ed8', shape: 'circle' },
  reply: { color: '#047857', shape: 'diamond' },
  event: { color: '#b45309', shape: 'triangle' },
  http: { color: '#334155', shape: 'square' },
  'http-response': { color: '#0e7490', shape: 'square' },
  error: { color: '#dc2626', shape: 'cross' },
};

const KINDS = Object.keys(KIND_STYLE) as MessageKind[];

/** Flow units between the two lanes of a link: requests and replies pass each other visibly. */
export const LANE = 7;

/**
 * The endpoint of a link at a box: the middle of the side facing `toward` (so tokens start and
 * end where the edges are drawn), or the exact point for an instance chip.
 */
export function anchor(end: Box | Pt, toward: Pt): Pt {
  if (!('w' in end)) return end;
  const cx = end.x + end.w / 2;
  const cy = end.y + end.h / 2;
  if (Math.abs(toward.x - cx) < end.w / 2)
    return { x: cx, y: toward.y > cy ? end.y + end.h : end.y };
  return { x: toward.x > cx ? end.x + end.w : end.x, y: cy };
}

export function centre(end: Box | Pt): Pt {
  return 'w' in end ? { x: end.x + end.w / 2, y: end.y + end.h / 2 } : end;
}

/** Segment from `from` to `to`, shifted to the right-hand lane of the direction of travel. */
export function segmentBetween(from: Box | Pt, to: Box | Pt): Segment {
  const a = anchor(from, centre(to));
  const b = anchor(to, centre(from));
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  // Right-hand normal in y-down screen space: travelling right → lane below; back → above.
  const nx = (-dy / len) * LANE;
  const ny = (dx / len) * LANE;
  return { ax: a.x + nx, ay: a.y + ny, bx: b.x + nx, by: b.y + ny };
}

export interface Viewport {
  tx: number;
  ty: number;
  zoom: number;
}

/** Resolves a node or instance id to its box or chip point (flow coordinates), or null. */
export type Resolve = (id: string) => Box | Pt | null;

export interface PaintInput {
  ctx: CanvasRenderingContext2D;
  tokens: readonly Token[];
  clock: number;
  view: Viewport;
  resolve: Resolve;
  selected: string | null;
}

function addShape(ctx: CanvasRenderingContext2D, shape: Shape, x: number, y: number, r: number) {
  switch (shape) {
    case 'circle':
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, Math.PI * 2);
      break;
    case 'diamond':
      ctx.moveTo(x, y - r * 1.25);
      ctx.lineTo(x + r * 1.25, y);
      ctx.lineTo(x, y + r * 1.25);
      ctx.lineTo(x - r * 1.25, y);
      ctx.closePath();
      break;
    case 'triangle':
      ctx.moveTo(x, y - r * 1.3);
      ctx.lineTo(x + r * 1.2, y + r * 0.9);
      ctx.lineTo(x - r * 1.2, y + r * 0.9);
      ctx.closePath();
      break;
    case 'square':
      ctx.rect(x - r, y - r, r * 2, r * 2);
      break;
    case 'cross':
      ctx.moveTo(x - r, y - r);
      ctx.lineTo(x + r, y + r);
      ctx.moveTo(x + r, y - r);
      ctx.lineTo(x - r, y + r);
      break;
  }
}

/** Draw every token; returns how many were drawn (for the test hook and perf figures). */
export function paintTokens({ ctx, tokens, clock, view, resolve, selected }: PaintInput): number {
  const segs = new Map<string, Segment | null>();
  const seg = (from: string, to: string): Segment | null => {
    const key = `${from}>${to}`;
    let s = segs.get(key);
    if (s === undefined) {
      const a = resolve(from);
      const b = resolve(to);
      s = a && b ? segmentBetween(a, b) : null;
      segs.set(key, s);
    }
    return s;
  };

  const r = tokenRadius(view.zoom);
  const buckets = new Map<MessageKind, number[]>();
  const picked: number[] = [];
  let drawn = 0;

  for (const tok of tokens) {
    const s = seg(tok.from, tok.to);
    if (!s) continue;
    const span = tok.arriveAt - tok.t;
    const p = span > 0 ? Math.min(1, Math.max(0, (clock - tok.t) / span)) : 1;
    const x = (s.ax + (s.bx - s.ax) * p) * view.zoom + view.tx;
    const y = (s.ay + (s.by - s.ay) * p) * view.zoom + view.ty;
    let b = buckets.get(tok.kind);
    if (!b) buckets.set(tok.kind, (b = []));
    b.push(x, y);
    if (selected !== null && (tok.group === selected || tok.msgId === selected))
      picked.push(x, y, KINDS.indexOf(tok.kind));
    drawn++;
  }

  ctx.lineJoin = 'round';
  for (const kind of KINDS) {
    const pts = buckets.get(kind);
    if (!pts) continue;
    const { color, shape } = KIND_STYLE[kind];
    ctx.beginPath();
    for (let i = 0; i < pts.length; i += 2) addShape(ctx, shape, pts[i]!, pts[i + 1]!, r);
    if (shape === 'cross') {
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 6;
      ctx.stroke();
      ctx.strokeStyle = color;
      ctx.lineWidth = 3;
      ctx.stroke();
    } else {
      // A white outline keeps tokens readable where they cross edges and each other.
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 2;
      ctx.stroke();
      ctx.fillStyle = color;
      ctx.fill();
    }
  }

  // The selected chain: drawn again on top, larger, inside a dark-and-yellow ring.
  for (let i = 0; i < picked.length; i += 3) {
    const x = picked[i]!;
    const y = picked[i + 1]!;
    const { color, shape } = KIND_STYLE[KINDS[picked[i + 2]!]!];
    ctx.beginPath();
    ctx.arc(x, y, r * 2.6, 0, Math.PI * 2);
    ctx.fillStyle = 'rgba(250, 204, 21, 0.35)';
    ctx.fill();
    ctx.strokeStyle = '#111827';
    ctx.lineWidth = 3;
    ctx.stroke();
    ctx.beginPath();
    addShape(ctx, shape, x, y, r * 1.6);
    if (shape === 'cross') {
      ctx.strokeStyle = color;
      ctx.lineWidth = 4;
      ctx.stroke();
    } else {
      ctx.fillStyle = color;
      ctx.fill();
    }
  }
  return drawn;
}

/** Token radius on screen for a zoom (shared by painting and hit-testing). */
export const tokenRadius = (zoom: number) => Math.max(4.5, Math.min(10, 7 * zoom));

export interface HitInput {
  tokens: readonly Token[];
  drops: readonly DropMarker[];
  clock: number;
  view: Viewport;
  resolve: Resolve;
  /** Pane-relative screen point. */
  x: number;
  y: number;
}

export type Hit = { token: Token } | { drop: DropMarker };

/**
 * The token (or drop marker) under a screen point, nearest first; null if none within a
 * finger-friendly radius. Runs on click only, so it may recompute positions from scratch.
 */
export function hitTest({ tokens, drops, clock, view, resolve, x, y }: HitInput): Hit | null {
  const reach = Math.max(12, tokenRadius(view.zoom) * 1.8);
  let best: Hit | null = null;
  let bestD = reach * reach;
  for (const tok of tokens) {
    const a = resolve(tok.from);
    const b = resolve(tok.to);
    if (!a || !b) continue;
    const s = segmentBetween(a, b);
    const span = tok.arriveAt - tok.t;
    const p = span > 0 ? Math.min(1, Math.max(0, (clock - tok.t) / span)) : 1;
    const tx = (s.ax + (s.bx - s.ax) * p) * view.zoom + view.tx;
    const ty = (s.ay + (s.by - s.ay) * p) * view.zoom + view.ty;
    const d = (tx - x) ** 2 + (ty - y) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = { token: tok };
    }
  }
  for (const drop of drops) {
    const at = dropPoint(resolve(drop.at));
    if (!at) continue;
    const d = (at.x * view.zoom + view.tx - x) ** 2 + (at.y * view.zoom + view.ty - y) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = { drop };
    }
  }
  return best;
}

/** Where a drop marker sits: on the chip, or at the top-right corner of a node box. */
function dropPoint(end: Box | Pt | null): Pt | null {
  if (!end) return null;
  return 'w' in end ? { x: end.x + end.w - 6, y: end.y + 6 } : { x: end.x + 14, y: end.y - 12 };
}

/**
 * Discarded messages (duplicate or late reply, nobody listening, broker down): a red ✕ in a
 * white disc that bursts and fades as the sim clock moves on. Shape + colour + the log line.
 */
export function paintDrops(
  ctx: CanvasRenderingContext2D,
  drops: readonly DropMarker[],
  clock: number,
  showMs: number,
  view: Viewport,
  resolve: Resolve,
): number {
  let drawn = 0;
  const r = tokenRadius(view.zoom) * 1.3;
  for (const d of drops) {
    const age = clock - d.t;
    if (age < 0 || age > showMs) continue;
    const at = dropPoint(resolve(d.at));
    if (!at) continue;
    const k = age / showMs;
    const x = at.x * view.zoom + view.tx;
    const y = at.y * view.zoom + view.ty;
    ctx.globalAlpha = 1 - k * 0.85;
    // The burst: a ring that grows as the marker fades.
    ctx.beginPath();
    ctx.arc(x, y, r * (1.2 + k * 1.6), 0, Math.PI * 2);
    ctx.strokeStyle = '#dc2626';
    ctx.lineWidth = 2;
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(x, y, r * 1.15, 0, Math.PI * 2);
    ctx.fillStyle = '#ffffff';
    ctx.fill();
    ctx.beginPath();
    ctx.moveTo(x - r * 0.6, y - r * 0.6);
    ctx.lineTo(x + r * 0.6, y + r * 0.6);
    ctx.moveTo(x + r * 0.6, y - r * 0.6);
    ctx.lineTo(x - r * 0.6, y + r * 0.6);
    ctx.strokeStyle = '#b91c1c';
    ctx.lineWidth = 3;
    ctx.stroke();
    drawn++;
  }
  ctx.globalAlpha = 1;
  return drawn;
}

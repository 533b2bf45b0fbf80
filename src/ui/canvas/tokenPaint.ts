/**
 * Token geometry and painting, framework-free. Tokens are copies of pre-rendered sprites (one per
 * kind and radius) at whole device pixels, grouped by kind; same-kind tokens that land in the
 * same 2-px cell are drawn once and tokens outside the canvas are skipped, so a pile-up of
 * thousands of tokens on a few lanes costs a few hundred image copies.
 */
import type { MessageKind } from '../../engine/types';
import { FLAG_SELECTED, MESSAGE_KINDS, type RenderFrame } from '../../sim-client';

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

/** Sprite order = the frame's kind indexes, so a token's kind index picks its sprite. */
const KINDS: readonly MessageKind[] = MESSAGE_KINDS;

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
  /** The worker's newest frame: tokens as typed arrays, endpoints by index. */
  frame: RenderFrame;
  clock: number;
  view: Viewport;
  resolve: Resolve;
  /** Device-pixel ratio of the canvas (sprites are drawn at whole device pixels). Default 1. */
  dpr?: number;
  /** Visible size in CSS px: tokens beyond it (plus a sprite's margin) are skipped. */
  width?: number;
  height?: number;
  /** Receives how many sprites were actually copied (after viewport and overlap culling). */
  stats?: { sprites: number };
  /** Reduced motion: tokens step between nodes instead of gliding. */
  stepped?: boolean;
}

function addShape(
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  shape: Shape,
  x: number,
  y: number,
  r: number,
) {
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

/**
 * Pre-rendered token images for one radius and device-pixel ratio: per kind an "outline" cell
 * (the white halo) and a "body" cell, side by side in one small canvas. Why sprites: Chrome
 * records 2D ops and rasterises them in software at commit; thousands of anti-aliased path
 * subpaths cost far more there than the same number of integer-aligned image copies.
 */
export interface SpriteSheet {
  /** An ImageBitmap where possible: copying from a canvas makes Chrome snapshot it every call. */
  canvas: ImageBitmap | HTMLCanvasElement | OffscreenCanvas;
  /** Cell edge in device pixels; the shape's centre is at (half, half) of its cell. */
  size: number;
  half: number;
}

type Ctx2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

function newCanvas(w: number, h: number): HTMLCanvasElement | OffscreenCanvas | null {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(w, h);
  if (typeof document === 'undefined') return null;
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  return c;
}

/** Draws a kind's outline (white halo) or body exactly as the path renderer did. */
function paintKind(ctx: Ctx2D, kind: MessageKind, part: 'outline' | 'body', r: number) {
  const { color, shape } = KIND_STYLE[kind];
  ctx.lineJoin = 'round';
  ctx.beginPath();
  addShape(ctx, shape, 0, 0, r);
  if (shape === 'cross') {
    ctx.strokeStyle = part === 'outline' ? '#ffffff' : color;
    ctx.lineWidth = part === 'outline' ? 6 : 3;
    ctx.stroke();
  } else if (part === 'outline') {
    // A white outline keeps tokens readable where they cross edges and each other.
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 2;
    ctx.stroke();
  } else {
    ctx.fillStyle = color;
    ctx.fill();
  }
}

const sheets = new Map<string, SpriteSheet | null>();

/** The sprite sheet for a token radius (CSS px) at a device-pixel ratio; cached. */
export function spriteSheet(r: number, dpr: number): SpriteSheet | null {
  const key = `${r}|${dpr}`;
  let sheet = sheets.get(key);
  if (sheet !== undefined) return sheet;
  // Largest extent: the triangle's apex (1.3 r) plus the cross's 6 px halo, plus a pixel of AA.
  const half = Math.ceil((r * 1.3 + 4) * dpr);
  const size = half * 2;
  const canvas = newCanvas(size * KINDS.length * 2, size);
  const ctx = canvas?.getContext('2d') as Ctx2D | null | undefined;
  sheet = null;
  if (canvas && ctx) {
    KINDS.forEach((kind, k) => {
      for (const [j, part] of (['outline', 'body'] as const).entries()) {
        ctx.setTransform(dpr, 0, 0, dpr, (k * 2 + j) * size + half, half);
        paintKind(ctx, kind, part, r);
      }
    });
    const image =
      typeof OffscreenCanvas !== 'undefined' && canvas instanceof OffscreenCanvas
        ? canvas.transferToImageBitmap()
        : canvas;
    sheet = { canvas: image, size, half };
  }
  if (sheets.size > 16) sheets.clear(); // zooming through many radii: keep the cache small
  sheets.set(key, sheet);
  return sheet;
}

/**
 * How far along its link a token is at `clock`, in [0, 1]. With `stepped` (the learner prefers
 * reduced motion) tokens do not glide: a token sits just off its sender for the first half of
 * its flight and just before its receiver for the second (not on the nodes: they take clicks).
 */
export function travel(
  tok: { t: number; arriveAt: number },
  clock: number,
  stepped = false,
): number {
  return progress(tok.t, tok.arriveAt, clock, stepped);
}

function progress(t: number, arriveAt: number, clock: number, stepped = false): number {
  const span = arriveAt - t;
  const p = span > 0 ? Math.min(1, Math.max(0, (clock - t) / span)) : 1;
  return stepped ? (p < 0.5 ? 0.2 : 0.8) : p;
}

/**
 * Segments between endpoints by index pair, resolved once per draw (a few dozen links carry
 * thousands of tokens).
 */
function segmentCache(frame: RenderFrame, resolve: Resolve) {
  const segs = new Map<number, Segment | null>();
  return (from: number, to: number): Segment | null => {
    const key = from * 65536 + to;
    let s = segs.get(key);
    if (s === undefined) {
      const a = resolve(frame.endpoints[from] ?? '');
      const b = resolve(frame.endpoints[to] ?? '');
      s = a && b ? segmentBetween(a, b) : null;
      segs.set(key, s);
    }
    return s;
  };
}

/** Where token `i` of the frame is on screen at `clock`, or null when its link is not drawn. */
export function tokenPoint(
  frame: RenderFrame,
  i: number,
  clock: number,
  view: Viewport,
  seg: (from: number, to: number) => Segment | null,
  stepped = false,
): Pt | null {
  const tk = frame.tokens;
  const s = seg(tk.from[i]!, tk.to[i]!);
  if (!s) return null;
  const p = progress(tk.t[i]!, tk.arriveAt[i]!, clock, stepped);
  return {
    x: (s.ax + (s.bx - s.ax) * p) * view.zoom + view.tx,
    y: (s.ay + (s.by - s.ay) * p) * view.zoom + view.ty,
  };
}

/** Screen cell edge (device px) within which same-kind tokens are drawn once: they overlap. */
export const CULL_CELL = 2;

/** Draw every token; returns how many were placed (for the test hook and perf figures). */
export function paintTokens(input: PaintInput): number {
  const { ctx, frame, clock, view, resolve } = input;
  const tk = frame.tokens;
  const dpr = input.dpr ?? 1;
  const width = input.width ?? Infinity;
  const height = input.height ?? Infinity;
  const seg = segmentCache(frame, resolve);

  // Quarter-pixel radii: smooth zooming reuses a handful of sheets.
  const r = Math.round(tokenRadius(view.zoom) * 4) / 4;
  const sheet = spriteSheet(r, dpr);
  const pad = sheet ? sheet.half / dpr : r * 2;
  const buckets: number[][] = KINDS.map(() => []);
  const cells = new Set<number>();
  const picked: number[] = [];
  let drawn = 0;
  let sprites = 0;

  for (let i = 0; i < tk.count; i++) {
    const s = seg(tk.from[i]!, tk.to[i]!);
    if (!s) continue;
    const p = progress(tk.t[i]!, tk.arriveAt[i]!, clock, input.stepped);
    const x = (s.ax + (s.bx - s.ax) * p) * view.zoom + view.tx;
    const y = (s.ay + (s.by - s.ay) * p) * view.zoom + view.ty;
    drawn++;
    const k = tk.kind[i]!;
    if ((tk.flags[i]! & FLAG_SELECTED) !== 0) picked.push(x, y, k);
    if (x < -pad || y < -pad || x > width + pad || y > height + pad) continue;
    // Integer device pixels: crisp copies, no per-token anti-aliasing.
    const px = Math.round(x * dpr);
    const py = Math.round(y * dpr);
    // One sprite per (kind, cell): thousands of tokens pile up on a few lanes.
    const cell = ((Math.floor(py / CULL_CELL) + 64) * 8192 + Math.floor(px / CULL_CELL) + 64) * 8;
    if (cells.has(cell + k)) continue;
    cells.add(cell + k);
    buckets[k]!.push(px, py);
    sprites++;
  }

  if (sheet) {
    const { canvas, size, half } = sheet;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.imageSmoothingEnabled = false;
    // Per kind: every halo first, then every body, so a halo never covers a neighbour's body.
    for (let k = 0; k < KINDS.length; k++) {
      const pts = buckets[k]!;
      for (let j = 0; j < 2; j++) {
        const sx = (k * 2 + j) * size;
        for (let i = 0; i < pts.length; i += 2)
          ctx.drawImage(canvas, sx, 0, size, size, pts[i]! - half, pts[i + 1]! - half, size, size);
      }
    }
    ctx.restore();
  } else {
    // No canvas to pre-render into (never in a browser): plain paths.
    for (let k = 0; k < KINDS.length; k++) {
      const pts = buckets[k]!;
      if (pts.length === 0) continue;
      for (const part of ['outline', 'body'] as const)
        for (let i = 0; i < pts.length; i += 2) {
          ctx.save();
          ctx.translate(pts[i]! / dpr, pts[i + 1]! / dpr);
          paintKind(ctx, KINDS[k]!, part, r);
          ctx.restore();
        }
    }
  }
  if (input.stats) input.stats.sprites = sprites;

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
  frame: RenderFrame;
  clock: number;
  view: Viewport;
  resolve: Resolve;
  /** Pane-relative screen point. */
  x: number;
  y: number;
  stepped?: boolean;
}

/** Index of the token (or drop) in the frame's arrays. */
export type Hit = { token: number } | { drop: number };

/**
 * The token (or drop marker) under a screen point, nearest first; null if none within a
 * finger-friendly radius. Runs on click only, so it may recompute positions from scratch.
 */
export function hitTest({ frame, clock, view, resolve, x, y, stepped }: HitInput): Hit | null {
  const reach = Math.max(12, tokenRadius(view.zoom) * 1.8);
  let best: Hit | null = null;
  let bestD = reach * reach;
  const seg = segmentCache(frame, resolve);
  for (let i = 0; i < frame.tokens.count; i++) {
    const at = tokenPoint(frame, i, clock, view, seg, stepped);
    if (!at) continue;
    const d = (at.x - x) ** 2 + (at.y - y) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = { token: i };
    }
  }
  const drops = frame.drops;
  for (let i = 0; i < drops.count; i++) {
    const at = dropPoint(resolve(frame.endpoints[drops.at[i]!] ?? ''));
    if (!at) continue;
    const d = (at.x * view.zoom + view.tx - x) ** 2 + (at.y * view.zoom + view.ty - y) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = { drop: i };
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
  frame: RenderFrame,
  clock: number,
  showMs: number,
  view: Viewport,
  resolve: Resolve,
): number {
  let drawn = 0;
  const r = tokenRadius(view.zoom) * 1.3;
  const drops = frame.drops;
  // Drops die where their message did (an instance, the gateway, the broker): at one place only
  // the newest shows — a storm of duplicate replies at the gateway is one ✕, not hundreds of
  // overlapping ones rasterised in software every frame. Drops arrive oldest first.
  const newest = new Map<number, number>();
  for (let i = 0; i < drops.count; i++) {
    const age = clock - drops.t[i]!;
    if (age >= 0 && age <= showMs) newest.set(drops.at[i]!, i);
  }
  for (const i of newest.values()) {
    const age = clock - drops.t[i]!;
    if (age < 0 || age > showMs) continue;
    const at = dropPoint(resolve(frame.endpoints[drops.at[i]!] ?? ''));
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

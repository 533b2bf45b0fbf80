/**
 * Where the sequence diagram's arrow labels go: on each arrow (above its line), at the first of a
 * few points along it where the label's box touches no label already placed. Labels are placed
 * in priority order (the selected request's first, then the newest), so on a crowded diagram the
 * labels that matter are the ones shown; a label with no free spot is left out (its arrow keeps
 * its accessible name and tooltip). Pure: unit-tested.
 */
import { kindGlyph } from '../tokenKinds';
import type { LabT } from './labI18n';
import type { Arrow } from '../../trace/trace';

export interface LabelItem {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Label width in px (see `labelWidth`). */
  width: number;
  /** Higher first. */
  priority: number;
}

export interface Placed {
  show: boolean;
  /** Centre of the label's box. */
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Label height (px) at the diagram's label font; also the vertical gap kept between labels. */
export const LABEL_H = 17;
/** Width per character of the 13 px bold label font, plus padding: a safe over-estimate. */
export const labelWidth = (text: string): number => Math.ceil([...text].length * 8 + 8);

/** Points along the arrow tried in turn (fractions from its start). */
const ALONG = [0.5, 0.38, 0.62, 0.26, 0.74, 0.15, 0.85];

export const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * `top`: nothing may be placed above it (the lane titles). `width`: the drawing's width (boxes
 * stay inside it).
 */
export function placeLabels(
  items: readonly LabelItem[],
  bounds: { top: number; width: number },
): Placed[] {
  const order = items.map((_, i) => i).sort((a, b) => items[b]!.priority - items[a]!.priority);
  const placed: Box[] = [];
  const out: Placed[] = items.map(() => ({ show: false, x: 0, y: 0 }));
  for (const i of order) {
    const it = items[i]!;
    for (const f of ALONG) {
      const cx = it.x1 + (it.x2 - it.x1) * f;
      // Above the line: the box's bottom sits 3 px over the arrow at that point.
      const cy = it.y1 + (it.y2 - it.y1) * f - LABEL_H / 2 - 3;
      const x = Math.min(Math.max(cx, it.width / 2), bounds.width - it.width / 2);
      const box = { x: x - it.width / 2, y: cy - LABEL_H / 2, w: it.width, h: LABEL_H };
      if (box.y < bounds.top) continue;
      if (placed.some((p) => overlaps(p, box))) continue;
      placed.push(box);
      out[i] = { show: true, x, y: cy };
      break;
    }
  }
  return out;
}

/** `get_order ●`, `reply ◆`, `GET /orders/:id ■`, `200 ■`, `error ✕`. */
export function arrowText(t: LabT, a: Arrow): string {
  const glyph = kindGlyph(a.kind);
  let what: string;
  switch (a.kind) {
    case 'http':
      what = a.route ?? 'HTTP';
      break;
    case 'http-response':
      what = a.status !== undefined ? String(a.status) : 'HTTP';
      break;
    case 'reply':
      what = t('seq.reply');
      break;
    case 'error':
      what = a.status !== undefined ? `${a.status} ${t('seq.error')}` : t('seq.error');
      break;
    default:
      what = a.pattern ?? a.kind;
  }
  return glyph ? `${what} ${glyph}` : what;
}

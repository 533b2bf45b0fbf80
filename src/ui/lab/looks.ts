/**
 * Colours and glyphs of the waterfall's bars. A leg on the wire wears its message's token look
 * (request ●, reply ◆, event ▲, HTTP ■, error ✕ — `tokenKinds.ts`); handling and waiting have
 * looks of their own that no token uses, so a reply's legs never read as handling. Pure.
 */
import { KIND_GLYPH, kindColor, kindGlyph } from '../tokenKinds';
import type { Span } from '../../trace/trace';

/** Handling: violet, a colour no token wears. */
export const HANDLING_COLOR = '#6d28d9';
/** Waiting: grey stripes (CSS `.wf-wait`); its key colour. */
export const WAITING_COLOR = '#64748b';
export const FAILED_COLOR = kindColor('error');

export interface SpanLook {
  /** Solid colour of the bar (waiting is drawn striped in CSS). */
  color: string;
  /** Shown before the row's label: the kind's glyph on the wire, ✕ for a failed handling. */
  glyph: string;
}

export function spanLook(s: Pick<Span, 'kind' | 'msgKind' | 'ok'>): SpanLook {
  switch (s.kind) {
    case 'transit': {
      const k = s.msgKind ?? 'request';
      return { color: kindColor(k), glyph: kindGlyph(k) };
    }
    case 'work':
      return s.ok === false
        ? { color: FAILED_COLOR, glyph: KIND_GLYPH.error }
        : { color: HANDLING_COLOR, glyph: '▬' };
    case 'wait':
      return { color: WAITING_COLOR, glyph: '▨' };
    case 'total':
      return { color: s.ok === false ? FAILED_COLOR : '#cbd5e1', glyph: '' };
  }
}

/**
 * One look per message kind, everywhere a kind is drawn (token legend, waterfall, sequence
 * diagram): the canvas tokens' colours (`KIND_STYLE`) and the legend's glyphs — shape AND
 * colour, so it reads without colour vision: HTTP ■, request ●, reply ◆, event ▲, error ✕.
 */
import type { MessageKind } from '../engine/types';
import { KIND_STYLE } from './canvas/tokenPaint';

export const KIND_GLYPH: Record<MessageKind, string> = {
  http: '■',
  'http-response': '■',
  request: '●',
  reply: '◆',
  event: '▲',
  error: '✕',
};

const isKind = (k: string): k is MessageKind => k in KIND_STYLE;

/** The token colour of a kind (unknown kinds from a newer engine: near-black). */
export const kindColor = (kind: string): string =>
  isKind(kind) ? KIND_STYLE[kind].color : '#0f172a';

export const kindGlyph = (kind: string): string => (isKind(kind) ? KIND_GLYPH[kind] : '');

/** The token legend's catalogue key of a kind (`http-response` reads as HTTP). */
export const kindLegendKey = (kind: MessageKind) =>
  `legend.${kind === 'http-response' ? 'http' : kind}` as const;

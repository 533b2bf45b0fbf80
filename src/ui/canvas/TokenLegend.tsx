import { useT, type MessageKey } from '../useT';
import { KIND_STYLE } from './tokenPaint';

const ITEMS: { kind: keyof typeof KIND_STYLE; key: MessageKey; glyph: string }[] = [
  { kind: 'http', key: 'legend.http', glyph: '■' },
  { kind: 'request', key: 'legend.request', glyph: '●' },
  { kind: 'reply', key: 'legend.reply', glyph: '◆' },
  { kind: 'event', key: 'legend.event', glyph: '▲' },
  { kind: 'error', key: 'legend.error', glyph: '✕' },
];

/** What each token shape means: shape AND colour, so it reads without colour vision. */
export function TokenLegend() {
  const t = useT();
  return (
    <div className="legend" role="note" aria-label={t('legend.title')}>
      {ITEMS.map((i) => (
        <span key={i.kind} className="legend-item">
          <span aria-hidden="true" style={{ color: KIND_STYLE[i.kind].color }}>
            {i.glyph}
          </span>{' '}
          {t(i.key)}
        </span>
      ))}
    </div>
  );
}

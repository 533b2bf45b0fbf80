import { useT } from '../useT';
import type { MessageKind } from '../../engine/types';
import { KIND_GLYPH, kindLegendKey } from '../tokenKinds';
import { KIND_STYLE } from './tokenPaint';

const ITEMS = (['http', 'request', 'reply', 'event', 'error'] as const satisfies MessageKind[]).map(
  (kind) => ({ kind, key: kindLegendKey(kind), glyph: KIND_GLYPH[kind] }),
);

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

/** Inline SVG icons: system fonts on classroom machines often lack the media-control glyphs. */
const PATHS = {
  play: 'M7 4l13 8-13 8z',
  pause: 'M6 4h4v16H6zM14 4h4v16h-4z',
  step: 'M5 4l10 8-10 8zM16 4h3v16h-3z',
  reset: 'M12 5a7 7 0 1 1-6.6 4.7l2.1.8A4.8 4.8 0 1 0 12 7.2V10L7.5 6 12 2z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}

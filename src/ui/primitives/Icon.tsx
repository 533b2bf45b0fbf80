/** Inline SVG icons: system fonts on classroom machines often lack the media-control glyphs. */
const PATHS = {
  play: 'M7 4l13 8-13 8z',
  pause: 'M6 4h4v16H6zM14 4h4v16h-4z',
  step: 'M5 4l10 8-10 8zM16 4h3v16h-3z',
  stepBack: 'M19 4L9 12l10 8zM5 4h3v16H5z',
  reset: 'M6 4h3v16H6zM20 4L10 12l10 8z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}

/** URL state: `?scenario=orders&seed=7&speed=2&autoplay=1&lang=pt-BR&test=1`. */
import { TRANSPORT_KINDS, type Lang, type TransportKind } from '../shared';
import { MAX_SPEED } from '../sim-client';
import { langFrom } from '../i18n';

export interface Route {
  scenario: string;
  seed?: number;
  speed: number;
  autoplay: boolean;
  lang: Lang | null;
  test: boolean;
  /** `?transport=redis`: open the scenario switched to that transport. */
  transport: TransportKind | null;
  /** `?embed=1`: canvas and controls only (an iframe in slides or a course page). */
  embed: boolean;
  /** `?presenter=1`: open in presenter mode (a projector). */
  presenter: boolean;
  /** `?lesson=first-request`: open that lesson (the scenario it names comes with it). */
  lesson: string | null;
}

export const DEFAULT_SCENARIO = 'orders';

export function parseRoute(search: string): Route {
  const q = new URLSearchParams(search);
  const seedText = q.get('seed');
  const seed = seedText !== null && /^-?\d+$/.test(seedText) ? Number(seedText) : undefined;
  const speedNum = Number(q.get('speed'));
  const speed =
    Number.isFinite(speedNum) && speedNum > 0 ? Math.min(MAX_SPEED, Math.max(0.25, speedNum)) : 1;
  const flag = (v: string | null) => v === '1' || v === 'true';
  return {
    scenario: q.get('scenario')?.trim() || DEFAULT_SCENARIO,
    ...(seed !== undefined ? { seed } : {}),
    speed,
    autoplay: flag(q.get('autoplay')),
    lang: langFrom(q.get('lang')),
    test: flag(q.get('test')),
    transport: (TRANSPORT_KINDS as readonly string[]).includes(q.get('transport') ?? '')
      ? (q.get('transport') as TransportKind)
      : null,
    embed: flag(q.get('embed')),
    presenter: flag(q.get('presenter')),
    lesson: q.get('lesson')?.trim() || null,
  };
}

/** Reflect a change in the address bar without reloading (shareable links). */
export function updateUrl(patch: Record<string, string | null>): void {
  const url = new URL(window.location.href);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) url.searchParams.delete(k);
    else url.searchParams.set(k, v);
  }
  window.history.replaceState(null, '', url);
}

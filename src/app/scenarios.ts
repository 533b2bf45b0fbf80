/**
 * The bundled scenarios. `import.meta.glob` with `?raw` makes each file its own lazy chunk:
 * they work offline and from any sub-path, and only the chosen one is downloaded.
 */
const files = import.meta.glob<string>('/simulations/*.json', { query: '?raw', import: 'default' });

/** Only the titles, eagerly (the JSON plugin's named export: the rest of each file stays lazy). */
const titleFiles = import.meta.glob<{ en: string; 'pt-BR': string } | undefined>(
  '/simulations/*.json',
  { eager: true, import: 'title' },
);

const nameOf = (path: string) => path.replace(/^.*\//, '').replace(/\.json$/, '');

const byName = new Map<string, () => Promise<string>>(
  Object.entries(files)
    .map(([path, load]) => [nameOf(path), load] as const)
    .filter(([name]) => name !== 'index'),
);

/** Names for the picker: e2e and benchmark fixtures are loadable by URL but not listed. */
export const scenarioNames: string[] = [...byName.keys()]
  .filter((n) => !n.startsWith('e2e-') && !n.startsWith('bench-'))
  .sort();

export function hasScenario(name: string): boolean {
  return byName.has(name);
}

/** The scenario's JSON text (parsed and validated in the worker, with line/column errors). */
export async function loadScenarioText(name: string): Promise<string | null> {
  const load = byName.get(name);
  return load ? load() : null;
}

/** A bundled scenario's title in both languages (for the picker), if it has one. */
export function scenarioTitle(name: string): { en: string; 'pt-BR': string } | undefined {
  return titleFiles[`/simulations/${name}.json`];
}

/**
 * Issues (errors and warnings) and the small text helpers that make them readable: JS-style
 * paths (`nodes[3].replicas`), a short description of a bad value (`got -1`, `got an array`) and
 * a "did you mean" suggestion by edit distance.
 */

/** One problem in a scenario file: where (`nodes[3].replicas`, `''` = the whole file) and what. */
export interface ScenarioIssue {
  path: string;
  message: string;
}

/** At most this many issues are reported; a teacher fixes the first ones and runs again. */
export const MAX_ISSUES = 50;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['nodes', 3, 'replicas']` → `nodes[3].replicas`; odd keys are quoted: `options["a b"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && IDENTIFIER.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(String(seg).slice(0, 40))}]`;
  }
  return out;
}

/** Joins a base path and a child key or index. */
export function childPath(base: string, ...segs: PropertyKey[]): string {
  const rest = formatPath(segs);
  if (!base) return rest;
  return rest.startsWith('[') ? base + rest : `${base}.${rest}`;
}

/** `"nodes[3].replicas: expected …"`; an issue about the whole file prints its message alone. */
export function formatIssue(issue: ScenarioIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

const MAX_SHOWN = 40;

/** A short, safe description of any value for "got …" (never throws, never prints megabytes). */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string': {
      const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
      const quoted = JSON.stringify(shown);
      return value.length > MAX_SHOWN ? `${quoted} (${value.length} characters)` : quoted;
    }
    case 'number':
      return Number.isFinite(value) ? String(value) : `the number ${String(value)}`;
    case 'boolean':
      return String(value);
    case 'object':
      return Array.isArray(value)
        ? `a list (${value.length} item${value.length === 1 ? '' : 's'})`
        : 'an object';
    case 'bigint':
      return 'a bigint';
    default:
      return `a ${typeof value}`;
  }
}

/**
 * Edit distance counting a swap of two neighbours as one edit (`rqm` → `rmq` is 1), with an early
 * exit above `max` (inputs are short names).
 */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** The closest candidate to `word` (case-insensitive), if it is close enough to be a typo. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 100) return undefined;
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const limit = Math.max(1, Math.min(3, Math.floor(c.length / 3)));
    const d = editDistance(lower, c.toLowerCase(), limit);
    if (d <= limit && d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  // A truncated name (`prefetch` for `prefetchCount`) is a typo too.
  return best ?? candidates.find((c) => lower.length >= 4 && c.toLowerCase().startsWith(lower));
}

/** `did you mean "x"?` when a suggestion exists, else the list of allowed names. */
export function unknownName(what: string, word: string, allowed: readonly string[]): string {
  const s = suggest(word, allowed);
  if (s !== undefined) return `${what} (did you mean "${s}"?)`;
  return allowed.length ? `${what}; expected one of: ${allowed.join(', ')}` : what;
}

/** Keeps the first `MAX_ISSUES` distinct issues and says how many were left out. */
export function capIssues(issues: ScenarioIssue[]): ScenarioIssue[] {
  const seen = new Set<string>();
  const out: ScenarioIssue[] = [];
  let more = 0;
  for (const i of issues) {
    const k = `${i.path}\u0000${i.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    if (out.length < MAX_ISSUES) out.push(i);
    else more++;
  }
  if (more > 0)
    out.push({ path: '', message: `…and ${more} more problem${more === 1 ? '' : 's'}` });
  return out;
}

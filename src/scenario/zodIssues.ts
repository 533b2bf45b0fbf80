/** Turns zod issues into `ScenarioIssue`s: JS paths, one issue per unknown key, unions unwrapped. */
import type { z } from 'zod';
import { UNKNOWN_KEYS_PREFIX } from './fields';
import { formatPath, suggest, type ScenarioIssue } from './issues';

type ZodIssue = z.core.$ZodIssue;

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const hint = suggest(key, known);
  if (hint !== undefined) return `unknown field (did you mean "${hint}"?)`;
  return `unknown field; allowed fields: ${known.join(', ')}`;
}

/** A union branch that failed only because the value had another type (not the one meant). */
const wrongType = (branch: readonly ZodIssue[]) =>
  branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === 0;

export function fromZodIssues(
  issues: readonly ZodIssue[],
  base: readonly PropertyKey[] = [],
): ScenarioIssue[] {
  const out: ScenarioIssue[] = [];
  for (const iss of issues) {
    const at = [...base, ...iss.path];
    if (iss.code === 'unrecognized_keys' && iss.message.startsWith(UNKNOWN_KEYS_PREFIX)) {
      const known = iss.message.slice(UNKNOWN_KEYS_PREFIX.length).split(', ');
      for (const key of iss.keys)
        out.push({ path: formatPath([...at, key]), message: unknownKeyMessage(key, known) });
      continue;
    }
    if (iss.code === 'invalid_union' && iss.errors.length > 0) {
      // The value had the shape of one branch (e.g. an object for `number | {mean, jitter}`):
      // report that branch's precise issues instead of "expected X or Y".
      const meant = iss.errors.filter((branch) => !wrongType(branch));
      if (meant.length === 1) {
        out.push(...fromZodIssues(meant[0]!, at));
        continue;
      }
    }
    out.push({ path: formatPath(at), message: iss.message });
  }
  return out;
}

/**
 * The CLIs' shared first step: read a scenario or run file and validate it, or end with one line
 * on stderr and exit 2 (`<file>: <first issue> (and N more)`), the CLIs' contract for bad input.
 */
import { readFileSync } from 'node:fs';
import { formatIssue, parseInputText, type InputParse } from '../scenario';

export type ReadInput = { text: string; parsed: Extract<InputParse, { ok: true }> };

export function readInput(file: string, fail: (message: string) => never): ReadInput {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    fail(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const parsed = parseInputText(text);
  if (!parsed.ok) {
    const [first, ...rest] = parsed.error;
    fail(`${file}: ${formatIssue(first!)}${rest.length ? ` (and ${rest.length} more)` : ''}`);
  }
  return { text, parsed };
}

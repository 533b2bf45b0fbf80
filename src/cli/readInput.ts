/**
 * What the CLIs share for bad input: one line on stderr and exit 2 (`fail`), a file that cannot
 * be read, the first validation issue (`<file>: <issue> (and N more)`), and reading + validating a
 * scenario or run file (`readInput`).
 */
import { readFileSync } from 'node:fs';
import { formatIssue, parseInputText, type InputParse, type ScenarioIssue } from '../scenario';

/** The CLIs' contract for bad input: one line on stderr, exit code 2. */
export function fail(message: string): never {
  process.stderr.write(`${message.replace(/\n/g, ' ')}\n`);
  process.exit(2);
}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    fail(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Ends with the first of a file's validation issues. */
export function failWithIssues(file: string, issues: readonly ScenarioIssue[]): never {
  const [first, ...rest] = issues;
  fail(`${file}: ${formatIssue(first!)}${rest.length ? ` (and ${rest.length} more)` : ''}`);
}

export type ReadInput = { text: string; parsed: Extract<InputParse, { ok: true }> };

/** A scenario or run file, read and validated (or the process ends with exit 2). */
export function readInput(file: string): ReadInput {
  const text = readText(file);
  const parsed = parseInputText(text);
  if (!parsed.ok) failWithIssues(file, parsed.error);
  return { text, parsed };
}

/**
 * The lesson solver: `npm run --silent lessons -- check [files…] [--format json|text]`.
 * For each lesson (default: every file in simulations/lessons, and the index is checked too) it
 * plays every step's reference solution and prints one line: with `--format json` the public
 * object `{"id", "languages", "covers", "steps": [{"index", "hasGoal", "solvedBySolution",
 * "metWithoutActions"}]}` (a challenge step adds `"challenge": {"score", "par"}`). Exit 0 when every goal is met by its solution and not met by doing
 * nothing; 1 when some is not; 2 with a one-line field-path message for a bad lesson file or bad
 * arguments.
 */
import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseLessonIndex, parseLessonText, type ScenarioFiles } from '../lessons/load';
import { passes, reportOf, solveLesson, type LessonReport } from '../lessons/solver';
import { fail, failWithIssues, readText } from './readInput';

const USAGE = 'usage: lessons check [lesson.json …] [--format json|text]';
const ROOT = resolve(import.meta.dirname, '../..');
const SIMULATIONS = join(ROOT, 'simulations');
const LESSONS = join(SIMULATIONS, 'lessons');
const INDEX = 'index.json';

/** Every scenario in simulations/ by name; an unreadable one is simply not offered. */
function scenarioFiles(): ScenarioFiles {
  const out = new Map<string, unknown>();
  for (const f of readdirSync(SIMULATIONS).sort())
    if (f.endsWith('.json')) {
      try {
        out.set(f.slice(0, -'.json'.length), JSON.parse(readText(join(SIMULATIONS, f))) as unknown);
      } catch {
        // A broken scenario file is reported when a lesson names it ("is not a scenario").
      }
    }
  return out;
}

function textLine(r: LessonReport): string {
  const steps = r.steps
    .filter((s) => s.hasGoal)
    .map(
      (s) =>
        `step ${s.index + 1}: ${s.solvedBySolution ? 'solved' : 'NOT SOLVED'}${s.metWithoutActions ? ', MET WITHOUT ACTIONS' : ''}${s.challenge?.par !== undefined ? ` (challenge: ${s.challenge.score}, par ${s.challenge.par})` : ''}`,
    );
  return `${passes(r) ? 'ok  ' : 'FAIL'} ${r.id} (${r.steps.length} steps) ${steps.join('; ')}`;
}

function main(argv: string[]): void {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    fail(`${(e as Error).message}. ${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [command, ...files] = positionals;
  if (command !== 'check') fail(`expected the command "check". ${USAGE}`);
  const format = values.format;
  if (format !== 'json' && format !== 'text')
    fail(`--format: expected json or text, got "${format}"`);

  const all = files.length === 0;
  const paths = all
    ? readdirSync(LESSONS)
        .filter((f) => f.endsWith('.json') && f !== INDEX)
        .sort()
        .map((f) => join(LESSONS, f))
    : files;
  const scenarios = scenarioFiles();

  // Validate every file before solving any: a bad file is exit 2 whatever the others do.
  const lessons = paths.map((file) => {
    const r = parseLessonText(readText(file), scenarios);
    if (!r.ok) return failWithIssues(file, r.error);
    const expectedId = basename(file, '.json');
    if (r.value.file.id !== expectedId)
      fail(`${file}: id: expected "${expectedId}" (the file name), got "${r.value.file.id}"`);
    return r.value;
  });
  if (all) {
    const indexFile = join(LESSONS, INDEX);
    let json: unknown;
    try {
      json = JSON.parse(readText(indexFile));
    } catch (e) {
      fail(`${indexFile}: invalid JSON: ${(e as Error).message}`);
    }
    const index = parseLessonIndex(
      json,
      lessons.map((l) => l.file.id),
    );
    if (!index.ok) failWithIssues(indexFile, index.error);
  }

  let ok = true;
  for (const lesson of lessons) {
    const report = reportOf(lesson, solveLesson(lesson));
    ok &&= passes(report);
    process.stdout.write(`${format === 'json' ? JSON.stringify(report) : textLine(report)}\n`);
  }
  process.exitCode = ok ? 0 : 1;
}

// `lessons check | head`: a reader that stops early is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
main(process.argv.slice(2));

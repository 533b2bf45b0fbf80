/**
 * `npm run --silent export -- <scenario-or-run.json> --out <dir> [--lang en|pt-BR]`: writes the
 * scenario as a runnable NestJS 12 project (src/codegen) and prints a short summary. Exit 2 with a
 * one-line message on stderr for a bad file or bad arguments. The file IO lives here so the
 * codegen stays pure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateProject } from '../codegen';
import { fail, readInput } from './readInput';

const USAGE = 'usage: export <scenario-or-run.json> --out <dir> [--lang en|pt-BR]';

function main(argv: string[]): void {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        lang: { type: 'string', default: 'en' },
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
  if (positionals.length !== 1) fail(`expected exactly one scenario or run file. ${USAGE}`);
  if (values.out === undefined || values.out === '') fail(`missing --out <dir>. ${USAGE}`);
  const lang = values.lang;
  if (lang !== 'en' && lang !== 'pt-BR') fail(`--lang: expected en or pt-BR, got "${lang}"`);

  const file = positionals[0]!;
  const { parsed: result } = readInput(file);

  const model = result.value.model;
  const { files } = generateProject(model, { lang });
  const out = resolve(values.out);
  try {
    for (const f of files) {
      const path = join(out, f.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.contents);
    }
  } catch (e) {
    fail(
      `${values.out}: cannot write the project (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const apps = files.filter((f) => /^apps\/[^/]+\/package\.json$/.test(f.path)).length;
  const kinds = [...new Set(model.services.map((s) => s.transport.kind))].join(', ');
  process.stdout.write(
    `wrote ${files.length} files to ${values.out}: ${apps} Nest apps (gateway + ${apps - 1} services), transport ${kinds}\n` +
      `next: cd ${values.out} && npm install && npm run build (see README.md)\n`,
  );
}

main(process.argv.slice(2));

/**
 * `npm run --silent conformance -- <scenario-or-run.json> [--transport <kind>] [--format json|table]`:
 * runs the scenario on real NestJS processes over a real broker and on the simulator, and
 * compares (src/conformance, docs/conformance.md). Prints one JSON report (or a table). Exit 0 when
 * every check holds, 1 on a mismatch, 2 with a one-line message on stderr for bad input or a
 * transport the harness cannot run (Kafka: no broker available).
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { ConformanceError } from '../conformance/brokers';
import { loadInput, runConformance } from '../conformance/run';
import { formatTable } from '../conformance/table';
import { fail, readInput } from './readInput';
import { TRANSPORT_KINDS, type TransportKind } from '../shared';

const USAGE =
  'usage: conformance <scenario-or-run.json> [--transport redis|nats|rmq|mqtt] [--format json|table]';

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        transport: { type: 'string' },
        format: { type: 'string', default: 'json' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    fail(`${(e as Error).message}. ${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  if (positionals.length !== 1) fail(`expected exactly one scenario or run file. ${USAGE}`);
  const format = values.format;
  if (format !== 'json' && format !== 'table')
    fail(`--format: expected json or table, got "${format}"`);
  const transport = values.transport;
  if (transport !== undefined && !(TRANSPORT_KINDS as readonly string[]).includes(transport))
    fail(`--transport: expected one of ${TRANSPORT_KINDS.join(', ')}, got "${transport}"`);

  const file = positionals[0]!;
  // Refused as `simulate` refuses it (syntax, fields), before the transport switch.
  const { text } = readInput(file);
  try {
    const json: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    const input = loadInput(basename(file, '.json'), json, transport as TransportKind | undefined);
    const report = await runConformance(input);
    process.stdout.write(
      format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatTable(report),
    );
    process.exitCode = report.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof ConformanceError) fail(e.message);
    throw e;
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`conformance: ${(e as Error).message ?? e}\n`);
  process.exit(2);
});

/**
 * The exported NestJS project of a scenario (src/codegen, the same code `npm run export` writes),
 * written inside the repo so its imports resolve to BrokerLab's own node_modules (NestJS 12 and
 * the client libraries are devDependencies), and compiled with the repo's tsc: NestJS needs
 * `emitDecoratorMetadata`, which esbuild-based runners (tsx) do not emit.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { calledServices, generateProject } from '../codegen';
import { clientToken } from '../codegen/names';
import type { SimModel } from '../engine';
import { ConformanceError } from './brokers';

/** The gateway logs each raw error its `toHttpError` maps (the HTTP body keeps only `.message`). */
const PROBE_AT = 'return (error: unknown): Observable<never> => {';
export const PROBE_TAG = '[conformance] error ';
const PROBE = `${PROBE_AT}
    if (!(error instanceof HttpException) && !(error instanceof TimeoutError))
      console.log('${PROBE_TAG}' + JSON.stringify(error instanceof Error ? error.message : typeof error === 'string' ? error : (error as { message?: unknown } | null)?.message ?? error));`;

/**
 * The export's ClientProxies connect lazily, on their first call (NestJS's default): that call
 * then pays the connection and, on a cold process, hundreds of ms (observed: the first request
 * under a 300 ms timeout failed). The engine's clients are connected from t = 0, so the harness
 * connects them at boot — `await client.connect()`, what the NestJS docs advise for this.
 */
const CONNECT_AT = 'await app.listen(port);';
const connectClients = (model: SimModel) =>
  [
    // ClientGrpcProxy has no connect() (it throws): grpc-js connects on the first call.
    ...calledServices(model)
      .filter((s) => s.transport.kind !== 'grpc')
      .map((s) => `await app.get<{ connect(): Promise<unknown> }>('${clientToken(s)}').connect();`),
    CONNECT_AT,
  ].join('\n');

/** Inserts harness code at an anchor of the generated code; a missing anchor means codegen changed. */
function patch(file: string, anchor: string, text: string, required: boolean): void {
  if (!existsSync(file) && !required) return; // no send route: no resilience.ts
  const code = readFileSync(file, 'utf8');
  if (!code.includes(anchor))
    throw new ConformanceError(`codegen changed: "${anchor}" not found in ${file}`);
  writeFileSync(file, code.replace(anchor, text));
}

export async function writeProject(model: SimModel, dir: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  const { files } = generateProject(model, { lang: 'en' });
  for (const f of files) {
    const path = join(dir, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.contents);
  }
  patch(join(dir, 'apps/gateway/src/resilience.ts'), PROBE_AT, PROBE, false);
  patch(join(dir, 'apps/gateway/src/main.ts'), CONNECT_AT, connectClients(model), true);
  await compile(
    dir,
    files.map((f) => f.path),
  );
}

function compile(dir: string, paths: string[]): Promise<void> {
  const apps = [...new Set(paths.map((p) => /^(apps\/[^/]+)\//.exec(p)?.[1]).filter(Boolean))];
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [tsc, '-b', ...(apps as string[])],
      { cwd: dir, maxBuffer: 1 << 24 },
      (err, stdout) =>
        err
          ? reject(
              new ConformanceError(
                `the export does not compile: ${stdout.split('\n').slice(0, 3).join(' ')}`,
              ),
            )
          : resolve(),
    ),
  );
}

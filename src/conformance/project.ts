/**
 * The exported NestJS project of a scenario (src/codegen, the same code `npm run export` writes),
 * written inside the repo so its imports resolve to BrokerLab's own node_modules (NestJS 12 and
 * the client libraries are devDependencies), and compiled with the repo's tsc: NestJS needs
 * `emitDecoratorMetadata`, which esbuild-based runners (tsx) do not emit.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { generateProject } from '../codegen';
import type { SimModel } from '../engine';
import { ConformanceError } from './brokers';

/** The gateway logs each raw error its `toHttpError` maps (the HTTP body keeps only `.message`). */
const PROBE_AT = 'return (error: unknown): Observable<never> => {';
export const PROBE_TAG = '[conformance] error ';
const PROBE = `${PROBE_AT}
    if (!(error instanceof HttpException) && !(error instanceof TimeoutError))
      console.log('${PROBE_TAG}' + JSON.stringify(error instanceof Error ? error.message : typeof error === 'string' ? error : (error as { message?: unknown } | null)?.message ?? error));`;

export async function writeProject(model: SimModel, dir: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  const { files } = generateProject(model, { lang: 'en' });
  for (const f of files) {
    const path = join(dir, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.contents);
  }
  const resilience = join(dir, 'apps/gateway/src/resilience.ts');
  const text = readFileSync(resilience, 'utf8');
  if (!text.includes(PROBE_AT))
    throw new ConformanceError(
      `codegen changed: "${PROBE_AT}" not found in the gateway's resilience.ts`,
    );
  writeFileSync(resilience, text.replace(PROBE_AT, PROBE));
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

/**
 * Checking a scenario before it replaces the running one: a short-lived worker (the same chunk
 * as the simulation's, so zod stays out of the main bundle) validates and compiles the text. The
 * running simulation is not touched, so a refused import loses nothing.
 */
import { releaseProxy, wrap } from 'comlink';
import type { Localized } from '../../shared';
import { spawnSimWorker } from '../../sim-client';
import type { Issue } from '../../state';
import type { LoadResult } from '../../worker/api';
import type { SimWorkerApi } from '../../worker/sim.worker';

export const VALIDATE_TIMEOUT_MS = 15_000;

export type Validation = { ok: true; title: Localized } | { ok: false; issues: Issue[] };

const issue = (message: string): Issue => ({ path: '', message, text: message });

export async function validateScenarioText(text: string): Promise<Validation> {
  const worker = spawnSimWorker('brokerlab-validate');
  const remote = wrap<SimWorkerApi>(worker);
  let timer = 0;
  const failed = new Promise<Validation>((resolve) => {
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      resolve({ ok: false, issues: [issue(e.message || 'the checker stopped')] });
    });
    timer = window.setTimeout(
      () => resolve({ ok: false, issues: [issue('checking took too long')] }),
      VALIDATE_TIMEOUT_MS,
    );
  });
  const checked = (remote.load(text) as Promise<LoadResult>).then(
    (r): Validation =>
      r.ok ? { ok: true, title: r.model.title } : { ok: false, issues: r.issues },
    (e: unknown): Validation => ({ ok: false, issues: [issue(String(e))] }),
  );
  try {
    return await Promise.race([checked, failed]);
  } finally {
    clearTimeout(timer);
    remote[releaseProxy]();
    worker.terminate();
  }
}

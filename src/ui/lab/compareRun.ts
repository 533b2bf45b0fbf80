/**
 * Runs two bundled scenarios side by side in a short-lived worker (the simulation's own chunk,
 * like `app/persistence/validate`): the running simulation is not touched, and the worker is
 * terminated as soon as the sample series are back. Where scenario texts come from is the
 * app's business: it hands `LabDock` a `ScenarioTexts` loader, passed down to here.
 */
import { releaseProxy, wrap } from 'comlink';
import { spawnSimWorker } from '../../sim-client';
import type { SimWorkerApi } from '../../worker/sim.worker';
import type { CompareResult } from '../../worker/compare';

export type { CompareResult, CompareRun, CompareSeries } from '../../worker/compare';

/** A bundled scenario's JSON text by name (null when there is no such scenario). */
export type ScenarioTexts = (name: string) => Promise<string | null>;

export const COMPARE_TIMEOUT_MS = 30_000;

export async function runCompare(
  texts: ScenarioTexts,
  a: string,
  b: string,
  untilMs: number,
  sampleMs: number,
): Promise<CompareResult> {
  const [textA, textB] = await Promise.all([texts(a), texts(b)]);
  if (textA === null || textB === null) throw new Error(`unknown scenario ${textA ? b : a}`);
  const worker = spawnSimWorker('brokerlab-compare');
  const remote = wrap<SimWorkerApi>(worker);
  let timer = 0;
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      reject(new Error(e.message || 'the comparison stopped'));
    });
    timer = window.setTimeout(
      () => reject(new Error('the comparison took too long')),
      COMPARE_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([
      remote.compare(textA, textB, untilMs, sampleMs) as Promise<CompareResult>,
      failed,
    ]);
  } finally {
    clearTimeout(timer);
    remote[releaseProxy]();
    worker.terminate();
  }
}

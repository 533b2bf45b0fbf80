/**
 * The worker behind comlink, one call at a time (squoosh's worker-bridge idea: each call waits
 * for the previous one, so the worker never queues work the page has moved past), with a
 * generation number that a scenario switch bumps so late answers of the old run are ignored.
 */
import { releaseProxy, wrap, type Remote } from 'comlink';
import type { SimWorkerApi } from '../worker/sim.worker';

export interface Bridge {
  readonly remote: Remote<SimWorkerApi>;
  /** Runs `fn` after every call queued before it. */
  serial<T>(fn: () => Promise<T>): Promise<T>;
  /** Calls queued or running. */
  readonly busy: number;
  /** Bumped by `renew()`: answers of an older generation are stale. */
  readonly generation: number;
  renew(): number;
  dispose(): void;
}

export function createBridge(worker: Worker, onError: (message: string) => void): Bridge {
  const remote = wrap<SimWorkerApi>(worker);
  // A worker that fails to start or crashes must surface as an error, not a frozen page.
  worker.addEventListener?.('error', (e) =>
    onError(e instanceof ErrorEvent ? e.message : 'worker error'),
  );
  let tail: Promise<unknown> = Promise.resolve();
  let busy = 0;
  let generation = 0;
  let disposed = false;
  return {
    remote,
    serial<T>(fn: () => Promise<T>): Promise<T> {
      busy++;
      const p = tail.then(fn).finally(() => busy--);
      tail = p.catch(() => undefined);
      return p;
    },
    get busy() {
      return busy;
    },
    get generation() {
      return generation;
    },
    renew: () => ++generation,
    dispose() {
      if (disposed) return; // idempotent: a released comlink proxy throws on second release
      disposed = true;
      generation++;
      remote[releaseProxy]();
      worker.terminate();
    },
  };
}

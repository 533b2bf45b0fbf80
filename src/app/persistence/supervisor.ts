/**
 * Worker supervision: the page's sim client, replaced by a fresh one when its worker crashes
 * (an uncaught error) or hangs (a call unanswered for `timeoutMs` of wall time). The new worker
 * reopens the last scenario the worker accepted, with the learner's transport edits, and a notice
 * says what happened. Lives outside sim-client on purpose: it only wraps the Worker that
 * `createSimClient({ createWorker })` is given, so sim-client's per-frame protocol is untouched.
 */
import { createSimClient, spawnSimWorker, type SimClient } from '../../sim-client';
import { notify, simStore } from '../../state';
import { currentRun, openScenario, reopenLastGood } from '../openScenario';
import { DEFAULT_SCENARIO } from '../routing';

/** Mirrors src/worker/testFaults.ts (the app never imports worker code at run time). */
const TEST_WORKER_NAME = 'brokerlab-sim-test';
const FAULT_KEY = 'brokerlabFault';

/** A call unanswered this long (wall ms) means the worker hangs. Loading gets 3× as long. */
export const WORKER_TIMEOUT_MS = 5_000;
/** More restarts than this within `CRASH_WINDOW_MS` and the supervisor gives up (crash loop). */
const MAX_RESTARTS = 3;
const CRASH_WINDOW_MS = 30_000;

export type WorkerFault = { kind: 'crash'; reason: string } | { kind: 'hang'; seconds: number };

export interface Supervisor {
  current(): SimClient;
  /** Called after the client was replaced. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Test-only faults (the worker ignores them unless the page is `?test=1`). */
  crashWorker(): void;
  hangWorker(): void;
  dispose(): void;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

const spawnWorker = (test: boolean): Worker =>
  spawnSimWorker(test ? TEST_WORKER_NAME : 'brokerlab-sim');

/**
 * Watch one worker: remembers when each comlink request (a message with an `id`) was posted and
 * forgets it when the answer with that id comes back. Returns the stop function.
 */
export function watchWorker(
  worker: Worker,
  timeoutMs: number,
  onFault: (f: WorkerFault) => void,
): () => void {
  const pending = new Map<string, { at: number; limit: number }>();
  let stopped = false;
  const post = worker.postMessage.bind(worker) as (m: unknown, t?: Transferable[]) => void;
  const tracked = (message: unknown, transfer?: Transferable[] | StructuredSerializeOptions) => {
    if (!stopped && isObj(message) && typeof message.id === 'string') {
      const path = Array.isArray(message.path) ? message.path : [];
      // Loading and rewinding replay the run from t = 0: give them longer.
      const slow = ['load', 'seek', 'stepBack', 'reset'].includes(String(path[0]));
      const limit = slow ? timeoutMs * 3 : timeoutMs;
      pending.set(message.id, { at: performance.now(), limit });
    }
    post(message, Array.isArray(transfer) ? transfer : transfer?.transfer);
  };
  worker.postMessage = tracked as Worker['postMessage'];
  const onMessage = (e: MessageEvent<unknown>) => {
    if (isObj(e.data) && typeof e.data.id === 'string') pending.delete(e.data.id);
  };
  const onError = (e: Event) => {
    if (stopped) return;
    e.preventDefault(); // reported by the notice, not as an uncaught page error
    const reason = e instanceof ErrorEvent && e.message ? e.message : 'worker error';
    stop();
    onFault({ kind: 'crash', reason });
  };
  worker.addEventListener('message', onMessage);
  worker.addEventListener('error', onError);
  const timer = setInterval(() => {
    const now = performance.now();
    for (const { at, limit } of pending.values())
      if (now - at > limit) {
        stop();
        onFault({ kind: 'hang', seconds: Math.round(limit / 1000) });
        return;
      }
  }, 250);
  function stop() {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    pending.clear();
    worker.removeEventListener('message', onMessage);
  }
  return stop;
}

export function createSupervisor(opts: { test: boolean; timeoutMs?: number }): Supervisor {
  const timeoutMs = opts.timeoutMs ?? WORKER_TIMEOUT_MS;
  const listeners = new Set<() => void>();
  const restarts: number[] = [];
  let worker: Worker;
  let client: SimClient;
  let stopWatch = () => {};
  let recovering = false;
  let disposed = false;

  function start() {
    const w = spawnWorker(opts.test);
    worker = w;
    stopWatch = watchWorker(w, timeoutMs, onFault);
    client = createSimClient({ createWorker: () => w });
  }

  function onFault(f: WorkerFault) {
    if (recovering || disposed) return;
    recovering = true;
    const { playing, speed } = simStore.getState();
    // Deferred: sim-client's own error listener (registered after ours) runs first.
    setTimeout(() => void recover(f, playing, speed), 0);
  }

  async function recover(f: WorkerFault, playing: boolean, speed: number) {
    stopWatch();
    // The page still mirrors the run: the new worker replays it to the same moment.
    const carry = currentRun(client);
    client.dispose();
    const now = performance.now();
    while (restarts.length && now - (restarts[0] ?? 0) > CRASH_WINDOW_MS) restarts.shift();
    restarts.push(now);
    if (restarts.length > MAX_RESTARTS) {
      notify({ id: 'worker', tone: 'error', key: 'worker.gaveUp' });
      return;
    }
    notify(
      f.kind === 'hang'
        ? { id: 'worker', tone: 'error', key: 'worker.hung', params: { s: f.seconds } }
        : { id: 'worker', tone: 'error', key: 'worker.crashed', params: { reason: f.reason } },
    );
    start();
    for (const l of listeners) l();
    client.setSpeed(speed);
    const ok =
      (await reopenLastGood(client, carry)) || (await openScenario(client, DEFAULT_SCENARIO));
    if (ok && playing) client.play();
    recovering = false;
  }

  const fault = (kind: 'crash' | 'hang') => () => worker.postMessage({ [FAULT_KEY]: kind });

  start();
  return {
    current: () => client,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    crashWorker: fault('crash'),
    hangWorker: fault('hang'),
    dispose() {
      disposed = true;
      stopWatch();
      client.dispose();
    },
  };
}

/**
 * Test-only faults, so e2e can prove the app survives a worker that crashes or hangs. Active only
 * in a worker the app started under the test name (`?test=1` pages): production workers ignore
 * these messages. Plain messages (no comlink id), so they never reach the simulation api.
 */

/** The worker name sim-client's factory uses on `?test=1` pages (mirrored in app/persistence). */
export const TEST_WORKER_NAME = 'brokerlab-sim-test';
/** `{ [FAULT_KEY]: 'crash' | 'hang' }` posted straight to the worker. */
export const FAULT_KEY = 'brokerlabFault';

export interface FaultScope {
  readonly name: string;
  addEventListener(type: 'message', listener: (e: MessageEvent<unknown>) => void): void;
}

export function installTestFaults(scope: FaultScope): void {
  if (scope.name !== TEST_WORKER_NAME) return;
  scope.addEventListener('message', (e) => {
    const d = e.data;
    if (typeof d !== 'object' || d === null || !(FAULT_KEY in d)) return;
    const fault = (d as Record<string, unknown>)[FAULT_KEY];
    // An uncaught exception in a worker handler reaches the page as the Worker's `error` event.
    if (fault === 'crash') throw new Error('test crash: the simulation worker was told to fail');
    if (fault === 'hang') {
      // Busy-loop: the worker never answers again (the page's watchdog must notice).
      for (;;) {
        /* spin */
      }
    }
  });
}

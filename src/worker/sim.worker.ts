/**
 * Worker entry: a thin comlink adapter around the plain api object (tested in Node without a
 * Worker). Zod, the scenario compiler and the engine are bundled only into this chunk, which keeps
 * the main thread's initial JS small.
 */
import { expose } from 'comlink';
import { createSimApi } from './api';
import { installTestFaults, TEST_WORKER_NAME } from './testFaults';

// Test pages fingerprint the trace so e2e can compare the browser's run with the CLI's.
const api = createSimApi({ hashTrace: self.name === TEST_WORKER_NAME });

export type SimWorkerApi = typeof api;

// `crash` / `hang` messages for e2e; a no-op unless the page named this worker for tests.
installTestFaults(self);
expose(api);

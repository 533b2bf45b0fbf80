/**
 * Worker entry: a thin comlink adapter around the plain api object (tested in Node without a
 * Worker). Zod, the scenario compiler and the engine are bundled only into this chunk, which keeps
 * the main thread's initial JS small.
 */
import { expose } from 'comlink';
import { createSimApi } from './api';

const api = createSimApi();

export type SimWorkerApi = typeof api;

expose(api);

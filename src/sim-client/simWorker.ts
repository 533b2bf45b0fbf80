/**
 * The simulation worker's one URL. Every worker the page starts — the sim client's (through the
 * app's supervisor), the import check (`app/persistence/validate`) and the lab's comparison —
 * comes from here, so they share one chunk (engine, scenario compiler, zod) and one path.
 */
export function spawnSimWorker(name?: string): Worker {
  return new Worker(new URL('../worker/sim.worker.ts', import.meta.url), { type: 'module', name });
}

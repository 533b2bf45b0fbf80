import type { Simulation } from '../engine';

/** Without `--until`, a run stops when nothing is left to happen, capped at 60 s virtual. */
export const DEFAULT_CAP_MS = 60_000;

/**
 * Runs to `limit`, or — when `stopWhenQuiet` — to the moment the script is done and nothing is in
 * flight (the clock then reads the time of the last event), whichever comes first.
 */
export function runToEnd(sim: Simulation, limit: number, stopWhenQuiet: boolean): void {
  if (!stopWhenQuiet) {
    sim.runUntil(limit);
    return;
  }
  for (
    let next = sim.nextEventTime();
    next !== undefined && next <= limit;
    next = sim.nextEventTime()
  )
    sim.runUntil(next);
  if (!sim.isQuiet()) sim.runUntil(limit);
}

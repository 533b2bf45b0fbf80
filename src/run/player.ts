/**
 * A run played on the engine: the scenario's own script is scheduled by the engine itself; the
 * run's commands (the learner's actions) are applied exactly as the app applied them live —
 * every event up to the command's time first, then the command. The worker and the CLI both play
 * runs through this, so a run file gives the browser's trace, byte for byte.
 */
import { createSimulation } from '../engine';
import type { Command, ScriptStep, SimModel, Simulation, TraceEvent } from '../engine';

export interface PlayerOptions {
  onTrace?: (e: TraceEvent) => void;
  /** `metrics.sample` every this many virtual ms (the app uses METRICS_EVERY_MS). */
  metricsEveryMs?: number;
}

export interface RunPlayer {
  readonly sim: Simulation;
  /** The run's commands (shared with the caller: `record` appends, `dropFuture` truncates). */
  readonly commands: ScriptStep[];
  /** Commands applied so far (`commands[applied]` is the next one due). */
  readonly applied: number;
  /** Runs every event and command up to `t` (never backwards). */
  advanceTo(t: number): void;
  /** Time of the next thing to happen (an engine event or a command), if any. */
  nextTime(): number | undefined;
  /**
   * Records a command at the engine's current time and applies it now. Commands still ahead
   * (planned ones) stay after it; a caller that forks drops the future first (`dropFuture`).
   */
  record(command: Command): ScriptStep;
  /** Forgets commands not applied yet (a fork: the learner acted in the past). */
  dropFuture(): void;
  /** Nothing left: the engine is quiet and every command has been applied. */
  isDone(): boolean;
}

export function createRunPlayer(
  model: SimModel,
  commands: ScriptStep[],
  opts: PlayerOptions = {},
): RunPlayer {
  const sim = createSimulation(model, {
    ...(opts.onTrace ? { onTrace: opts.onTrace } : {}),
    ...(opts.metricsEveryMs !== undefined ? { metricsEveryMs: opts.metricsEveryMs } : {}),
  });
  let applied = 0;
  return {
    sim,
    commands,
    get applied() {
      return applied;
    },
    advanceTo(t) {
      for (let next = commands[applied]; next !== undefined && next.at <= t;) {
        sim.runUntil(Math.max(sim.now, next.at));
        sim.apply(next.command);
        next = commands[++applied];
      }
      sim.runUntil(Math.max(sim.now, t));
    },
    nextTime() {
      const event = sim.nextEventTime();
      const command = commands[applied]?.at;
      if (command === undefined) return event;
      return event === undefined ? command : Math.min(event, command);
    },
    record(command) {
      const step: ScriptStep = { at: sim.now, command };
      commands.splice(applied, 0, step);
      applied++;
      sim.apply(command);
      return step;
    },
    dropFuture() {
      commands.length = applied;
    },
    isDone() {
      return sim.isQuiet() && applied >= commands.length;
    },
  };
}

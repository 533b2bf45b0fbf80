/**
 * Fault and load commands as data, built in one place so their shapes follow the engine's
 * `Command` union (src/engine/types.ts). Everything the lab sends goes through `LabControl`.
 */

export type Link = [string, string];

export type LabCommand =
  | { type: 'kill'; instance: string }
  | { type: 'restart'; instance: string }
  | { type: 'pause'; instance: string }
  | { type: 'resume'; instance: string }
  | { type: 'killService'; service: string }
  | { type: 'restartService'; service: string }
  | { type: 'brokerDown' }
  | { type: 'brokerUp' }
  | { type: 'latency'; link: Link; addMs: number; jitterMs: number }
  | { type: 'loss'; link: Link; percent: number }
  | { type: 'partition'; link: Link }
  | { type: 'heal'; link: Link }
  | { type: 'slow'; service: string; factor: number }
  | { type: 'errorRate'; service: string; percent: number }
  | { type: 'poison'; route: string }
  | {
      type: 'load';
      route: string;
      rps: number;
      forMs: number;
      shape?: 'constant' | 'burst' | 'ramp';
      toRps?: number;
      burstEveryMs?: number;
      burstSize?: number;
    }
  | { type: 'scale'; service: string; replicas: number }
  | { type: 'autoscale'; service: string; enabled: boolean };

export type LabCommandType = LabCommand['type'];

/** What the lab needs from the app's sim client. */
export interface LabControl {
  command(cmd: LabCommand): void;
}

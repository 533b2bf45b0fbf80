/** The simulator's side: the same scenario, seed and commands, played by the engine to the end. */
import type { ScriptStep, SimModel, TraceEvent } from '../engine';
import { GRPC_DEADLINE } from '../engine/nestErrors';
import { createRunPlayer } from '../run/player';
import { DEFAULT_CAP_MS, runToEnd } from '../run/runToEnd';
import { countInto, errorText, mediansByStatus, tidyHandled, type Observation } from './observe';

export function simulate(model: SimModel, commands: ScriptStep[]): Observation {
  const order: string[] = [];
  const status = new Map<string, number>();
  const ms: [number, number][] = [];
  const answered = new Map<string, string>();
  const errors: Record<string, number> = {};
  const onTrace = (e: TraceEvent) => {
    if (e.type === 'http.request') order.push(e.reqId);
    else if (e.type === 'http.response') {
      status.set(e.reqId, e.status);
      ms.push([e.status, e.ms]);
      // The gateway's ClientProxy only (as the real side reads it): a service's own calls carry
      // `caller`.
    } else if (e.type === 'reply.received' && e.reqId && e.caller === undefined)
      answered.set(e.reqId, e.instance);
    // Timeouts are statuses, not texts (real: rxjs TimeoutError): gRPC's deadline included.
    else if (e.type === 'request.error' && e.caller === undefined && e.error !== GRPC_DEADLINE)
      countInto(errors, errorText(e.error));
  };
  const player = createRunPlayer(model, commands.slice(), { onTrace });
  const last = commands.at(-1)?.at;
  if (last !== undefined) player.advanceTo(Math.min(last, DEFAULT_CAP_MS));
  runToEnd(player.sim, DEFAULT_CAP_MS, true);
  return {
    requests: order.length,
    statuses: order.map((id) => status.get(id) ?? null),
    // Like the real side, which reads `instance` from a successful body: error replies count as none.
    answeredBy: order.map((id) =>
      (status.get(id) ?? 500) < 400 ? (answered.get(id) ?? null) : null,
    ),
    handled: tidyHandled(player.sim.handledByInstance()),
    errors,
    medianMs: mediansByStatus(ms),
  };
}

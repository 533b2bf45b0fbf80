/** The links of a model that faults can target, and how the engine names a link fault. */
import type { Link, SimModel } from '../../engine/types';

/** client↔gateway, gateway↔broker, broker↔each service (or gateway↔service without broker). */
export function linksOf(
  model: Pick<SimModel, 'client' | 'gateway' | 'broker' | 'services'>,
): Link[] {
  const out: Link[] = [[model.client.id, model.gateway.id]];
  const hub = model.broker?.id ?? model.gateway.id;
  if (model.broker) out.push([model.gateway.id, model.broker.id]);
  for (const s of model.services) out.push([hub, s.id]);
  return out;
}

/** The engine's fault target for a link: `gateway<->broker`. */
export const linkKey = (l: Link): string => `${l[0]}<->${l[1]}`;

/** Does a fault target (`a<->b`, in either order) name this link? */
export function sameLink(target: string, l: Link): boolean {
  const parts = target.split(/<->|↔/);
  return (
    parts.length === 2 &&
    ((parts[0] === l[0] && parts[1] === l[1]) || (parts[0] === l[1] && parts[1] === l[0]))
  );
}

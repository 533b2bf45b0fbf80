/** The links of a model that faults can target, and whether a fault target names one. */
import type { Link, SimModel } from '../../engine/types';
import { linkEnds } from '../../shared';

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

/** Does a fault target (`a<->b`, in either order) name this link? */
export function sameLink(target: string, l: Link): boolean {
  const ends = linkEnds(target);
  return (
    ends !== null &&
    ((ends[0] === l[0] && ends[1] === l[1]) || (ends[0] === l[1] && ends[1] === l[0]))
  );
}

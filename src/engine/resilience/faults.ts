/**
 * Link faults (latency, loss, partition) between nodes, both directions. An endpoint that is a
 * service id stands for all its instances (`orders` matches `orders#2`). Faults get ids
 * (`f1`, `f2`, …) so the effects they cause can point back at them.
 */
import type { Rng } from '../core/rng';
import type { FaultInfo, Link } from '../types';

export interface LinkFault {
  info: FaultInfo;
  a: string;
  b: string;
  kind: 'latency' | 'loss' | 'partition';
  addMs: number;
  jitterMs: number;
  /** Loss probability in [0, 1]. */
  p: number;
}

/** `orders#2` → `orders`; anything else unchanged. */
const serviceOf = (id: string) => {
  const i = id.indexOf('#');
  return i < 0 ? id : id.slice(0, i);
};

/** Does endpoint `e` of a fault cover node `x` (exactly, or as the instance's service)? */
const covers = (e: string, x: string) => e === x || e === serviceOf(x);

export { linkName } from '../../shared';

export interface HopEffect {
  /** The hop is lost: the fault that took it. */
  lost?: { faultId: string; reason: 'loss' | 'partition' };
  /** Extra virtual ms on the wire. */
  addMs: number;
}

const NONE: HopEffect = { addMs: 0 };

export class LinkFaults {
  private list: LinkFault[] = [];

  get size(): number {
    return this.list.length;
  }

  find(kind: LinkFault['kind'], link: Link): LinkFault | undefined {
    return this.list.find(
      (f) =>
        f.kind === kind &&
        ((f.a === link[0] && f.b === link[1]) || (f.a === link[1] && f.b === link[0])),
    );
  }

  add(f: LinkFault): void {
    this.list.push(f);
  }

  remove(f: LinkFault): void {
    const i = this.list.indexOf(f);
    if (i >= 0) this.list.splice(i, 1);
  }

  /** What the active faults do to one hop from `from` to `to` (rng drawn only for a matching fault). */
  effect(from: string, to: string, rng: Rng): HopEffect {
    let addMs = 0;
    let hit = false;
    for (const f of this.list) {
      if (!((covers(f.a, from) && covers(f.b, to)) || (covers(f.a, to) && covers(f.b, from))))
        continue;
      hit = true;
      if (f.kind === 'partition')
        return { lost: { faultId: f.info.faultId, reason: 'partition' }, addMs };
      if (f.kind === 'loss') {
        if (rng.next() < f.p) return { lost: { faultId: f.info.faultId, reason: 'loss' }, addMs };
      } else addMs += rng.around(f.addMs, f.jitterMs);
    }
    return hit ? { addMs } : NONE;
  }
}

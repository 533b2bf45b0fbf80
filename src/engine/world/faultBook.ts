/**
 * The faults a run has raised: ids (`f1`, `f2`, …), which are active (in `snapshot().faults`),
 * which one is the latest (effects while it lasts point at it), and the fault commands that only
 * set state — link faults, `slow`, `errorRate`, `poison`. Kills, pauses and broker outages are
 * raised here by the parts of the world that carry them out (docs/resilience.md, "Faults").
 */
import type { NodeId } from '../../shared';
import { LinkFaults, linkName } from '../resilience/faults';
import type { FaultInfo, FaultKind, Link } from '../types';
import type { World } from '../simulation';

export class FaultBook {
  /** Link faults (latency, loss, partition): consulted by every hop while any is active. */
  readonly links = new LinkFaults();
  /** Active faults by `kind:target` (insertion order = age). */
  private readonly active = new Map<string, FaultInfo>();
  private seq = 0;
  /** The most recent active fault: effects while it lasts point at it. */
  last: string | undefined;
  /** Routes whose next request carries a poison payload. */
  private readonly poisonNext = new Set<string>();

  constructor(private readonly w: World) {}

  get size(): number {
    return this.active.size;
  }

  /** Copies of the active faults, oldest first. */
  list(): FaultInfo[] {
    return [...this.active.values()].map((f) => ({ ...f }));
  }

  /** Raises (or replaces) the fault `kind` on `target`: a `fault` trace event. */
  raise(kind: FaultKind, target: string, extra: Partial<FaultInfo>): FaultInfo {
    this.clear(kind, target);
    const info: FaultInfo = { faultId: `f${++this.seq}`, kind, target, ...extra };
    this.active.set(`${kind}:${target}`, info);
    this.last = info.faultId;
    this.w.trace({ t: this.w.now, type: 'fault', ...info });
    return info;
  }

  /** Clears the fault `kind` on `target` if it is active: a `fault.cleared` trace event. */
  clear(kind: FaultKind, target: string): void {
    const key = `${kind}:${target}`;
    const info = this.active.get(key);
    if (!info) return;
    this.active.delete(key);
    let last: string | undefined;
    for (const f of this.active.values()) last = f.faultId;
    this.last = last;
    this.w.trace({ t: this.w.now, type: 'fault.cleared', ...info });
  }

  /** `latency` / `loss` / `partition` / `heal`: replaces the link's fault of that kind. */
  setLink(
    kind: 'latency' | 'loss' | 'partition',
    link: Link,
    on: boolean,
    extra: { addMs?: number; jitterMs?: number; percent?: number },
  ): void {
    const old = this.links.find(kind, link);
    if (old) {
      this.links.remove(old);
      this.clear(kind, old.info.target);
    }
    if (!on) return;
    const info = this.raise(kind, linkName(link), { link: [link[0], link[1]], ...extra });
    this.links.add({
      info,
      a: link[0],
      b: link[1],
      kind,
      addMs: extra.addMs ?? 0,
      jitterMs: extra.jitterMs ?? 0,
      p: (extra.percent ?? 0) / 100,
    });
  }

  /** `slow` (factor 1 clears) / `errorRate` (0 clears) on a service. */
  setService(id: NodeId, kind: 'slow' | 'error-rate', value: number): void {
    const svc = this.w.serviceById.get(id);
    if (!svc) return;
    if (kind === 'slow') {
      svc.slow = value > 0 ? value : 1;
      if (svc.slow === 1) this.clear(kind, id);
      else this.raise(kind, id, { factor: svc.slow });
    } else {
      svc.errorRate = Math.min(100, Math.max(0, value)) / 100;
      if (svc.errorRate === 0) this.clear(kind, id);
      else this.raise(kind, id, { percent: value });
    }
  }

  /** `poison`: the route's next request carries a payload its handler always throws on. */
  poison(routeKey: string): void {
    if (!this.w.routes.has(routeKey)) return;
    this.poisonNext.add(routeKey);
    this.raise('poison', routeKey, {});
  }

  /** Takes the route's pending poison, if any (for the message being created). */
  takePoison(routeKey: string): boolean {
    return this.poisonNext.size > 0 && this.poisonNext.delete(routeKey);
  }
}

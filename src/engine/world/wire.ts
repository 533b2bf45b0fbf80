/**
 * The wire: every hop of every message crosses one link here. A hop gets its arrival time
 * (latency, link faults, FIFO order of stream packets), becomes a `hop` trace event and an
 * in-flight record, and arrives — unless a fault or a broker outage loses it on the way.
 */
import type { SimTime } from '../../shared';
import type { Fifo, HopInput } from '../transports/transport';
import type { Hop } from '../types';
import type { World } from '../simulation';

export type HopRecord = Hop & { type: 'hop'; t: SimTime };

export class Wire {
  /**
   * Hops sent so far that may still be on a link. Why an array and not a Map keyed by hop: the
   * hot path then only pushes (no delete, no wrapper closure per hop); arrived hops are swept
   * out lazily (arriveAt ≤ now), amortised O(1) per hop.
   */
  private inflight: HopRecord[] = [];
  private sweepAt = 1024;
  /** Last arrival time per FIFO key (streamed reply packets keep their order on a link). */
  private readonly fifoArrivals = new Map<string, number>();

  constructor(private readonly w: World) {}

  /** See `TransportContext.transmit`. */
  transmit(
    hop: HopInput,
    latency: { mean: number; jitter: number },
    onArrive: () => void,
    onLost?: () => void,
    fifo?: Fifo,
  ): void {
    const w = this.w;
    let arriveAt = w.now + w.rng.around(latency.mean, latency.jitter);
    if (fifo !== undefined) {
      const previous = this.fifoArrivals.get(fifo.key);
      if (previous !== undefined && arriveAt < previous) arriveAt = previous;
      if (fifo.last) this.fifoArrivals.delete(fifo.key);
      else this.fifoArrivals.set(fifo.key, arriveAt);
    }
    // Why a size check first: no fault active (the usual case) costs one comparison per hop.
    const links = w.faults.links;
    if (links.size > 0) {
      const effect = links.effect(hop.from, hop.to, w.rng);
      arriveAt += effect.addMs;
      const lost = effect.lost;
      if (lost !== undefined) {
        // Lost on the wire: the token travels, then vanishes.
        onArrive = () =>
          w.dropped({ id: hop.msgId, reqId: hop.reqId }, lost.reason, undefined, lost.faultId);
        onLost = onArrive;
      }
    }
    // The caller's fresh literal becomes the trace event and the in-flight record: no copy.
    const record = hop as HopRecord;
    record.type = 'hop';
    record.t = w.now;
    record.arriveAt = arriveAt;
    const inflight = this.inflight;
    inflight.push(record);
    if (inflight.length >= this.sweepAt) this.inFlight();
    w.trace(record);
    const b = w.brokerId;
    if (b === null || (hop.to !== b && hop.from !== b)) {
      w.queue.push(arriveAt, onArrive);
      return;
    }
    // Through the broker: lost if it is down at arrival or went down while the hop was on the wire.
    const epoch = w.brokerEpoch;
    w.queue.push(arriveAt, () => {
      if (epoch === w.brokerEpoch && w.brokerAlive) onArrive();
      else if (onLost) onLost();
      else w.dropped({ id: hop.msgId, reqId: hop.reqId }, 'broker-down');
    });
  }

  /** Drops hops that have arrived; returns those still on a link. */
  inFlight(): HopRecord[] {
    const now = this.w.now;
    const kept = this.inflight.filter((h) => h.arriveAt > now);
    this.inflight = kept;
    this.sweepAt = Math.max(1024, kept.length * 2);
    return kept;
  }
}

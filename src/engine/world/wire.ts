/**
 * The wire: every hop of every message crosses one link here. A hop gets its arrival time
 * (latency, link faults, FIFO order of stream packets), becomes a `hop` trace event and the queue
 * entry that delivers it (the snapshot's in-flight list reads those entries), and arrives — unless
 * a link fault or a broker outage loses it on the way.
 */
import { CALL, type HopRecord, type Step } from '../core/step';
import type { HopEffect } from '../resilience/faults';
import type { Fifo, HopInput } from '../transports/transport';
import type { World } from '../simulation';

/** Runs the closure in `b` (a hop's `onLost`). */
const CALL_B: Step<unknown, () => void> = { run: (_a, fn) => fn() };

/** A hop a link fault took: counted dropped at arrival, pointing at the fault. */
const LOST_ON_LINK: Step<World, HopRecord, NonNullable<HopEffect['lost']>> = {
  run: (w, hop, lost) =>
    w.dropped({ id: hop.msgId, reqId: hop.reqId }, lost.reason, undefined, lost.faultId),
};

export class Wire {
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
    this.transmitTo(
      hop,
      latency,
      CALL,
      onArrive,
      onLost,
      undefined,
      undefined,
      onLost === undefined ? null : CALL_B,
      fifo,
    );
  }

  /** See `TransportContext.transmitTo`. */
  transmitTo<A, B, C, D>(
    hop: HopInput,
    latency: { mean: number; jitter: number },
    step: Step<A, B, C, D>,
    a: A,
    b: B,
    c: C,
    d: D,
    lost: Step<A, B, C, D> | null,
    fifo?: Fifo,
  ): void {
    const w = this.w;
    let arriveAt = w.now + w.rng.around(latency.mean, latency.jitter);
    // The caller's fresh literal becomes the trace event and the in-flight record: no copy.
    const record = hop as HopRecord;
    // Why a size check first: no fault active (the usual case) costs one comparison per hop.
    const links = w.faults.links;
    let lostOnLink: HopEffect['lost'];
    if (links.size > 0) {
      const effect = links.effect(hop.from, hop.to, w.rng);
      arriveAt += effect.addMs;
      lostOnLink = effect.lost;
    }
    // FIFO after the link's faults: a latency fault's jitter must not reorder one connection.
    if (fifo !== undefined) {
      const previous = this.fifoArrivals.get(fifo.key);
      if (previous !== undefined && arriveAt < previous) arriveAt = previous;
      if (fifo.last) this.fifoArrivals.delete(fifo.key);
      else this.fifoArrivals.set(fifo.key, arriveAt);
    }
    record.type = 'hop';
    record.t = w.now;
    record.arriveAt = arriveAt;
    w.trace(record);
    const e =
      lostOnLink === undefined
        ? w.at(arriveAt, step, a, b, c, d)
        : // Lost on the wire: the token travels, then vanishes.
          w.at(arriveAt, LOST_ON_LINK, w, record, lostOnLink);
    e.hop = record;
    const broker = w.brokerId;
    if (broker !== null && (hop.to === broker || hop.from === broker)) {
      e.epoch = w.brokerEpoch;
      e.lost = lostOnLink === undefined ? (lost as Step | null) : LOST_ON_LINK;
    }
  }
}

/**
 * Every recent message's hops with their wire envelopes, for the inspector (fetched on demand:
 * envelopes never cross to the main thread per frame). Two generations: when the current map
 * holds `limit / 2` messages it becomes the older one and the older one is dropped whole
 * (evicting one message per new one from a single Map walks V8's deleted-entry holes).
 */
import type { Envelope, Hop } from '../engine/types';

/** One hop of a message with its wire envelope, as the inspector shows it. */
export interface WireHopView {
  kind: Hop['kind'];
  from: string;
  to: string;
  t: number;
  arriveAt: number;
  pattern?: string;
  wire?: Envelope;
}

/** Messages kept at most (at least half as many). */
export const WIRE_LIMIT = 10_000;
/** Hops kept per message (a retry storm must not grow one entry without bound). */
export const WIRE_HOPS = 32;

export class WireStore {
  private current = new Map<string, WireHopView[]>();
  private older = new Map<string, WireHopView[]>();

  /**
   * Keeps the engine's hop record itself (it is never changed after it is sent): no copy per hop
   * at thousands a second. It carries `type` and `msgId` besides the view's fields.
   */
  add(e: Hop & { t: number }): void {
    let hops = this.current.get(e.msgId) ?? this.older.get(e.msgId);
    if (!hops) {
      if (this.current.size >= WIRE_LIMIT / 2) {
        this.older = this.current;
        this.current = new Map();
      }
      this.current.set(e.msgId, (hops = []));
    }
    if (hops.length < WIRE_HOPS) hops.push(e);
  }

  /** The message's hops as the inspector shows them (copied: they cross to the main thread). */
  get(msgId: string): WireHopView[] {
    const hops = this.current.get(msgId) ?? this.older.get(msgId) ?? [];
    return hops.map((e) => {
      const h: WireHopView = { kind: e.kind, from: e.from, to: e.to, t: e.t, arriveAt: e.arriveAt };
      if (e.pattern !== undefined) h.pattern = e.pattern;
      if (e.wire !== undefined) h.wire = e.wire;
      return h;
    });
  }
}

/**
 * In-flight message tokens as a plain mutable buffer. Why not React state: thousands of tokens
 * change position every frame; the canvas layer reads this array directly in its draw loop.
 */
import type { DropReason, Envelope, Hop, MessageKind } from '../engine/types';

export interface Token {
  msgId: string;
  /** Request id of the chain (or msgId): selection highlights the whole chain. */
  group: string;
  kind: MessageKind;
  from: string;
  to: string;
  /** Send time and arrival time, virtual ms. */
  t: number;
  arriveAt: number;
  pattern?: string;
  /** The envelope on the wire (shared with the hop record, not copied). */
  wire?: Envelope;
}

export class TokenBuffer {
  /** Read-only for consumers; mutated in place to avoid garbage at 60 fps. */
  readonly items: Token[] = [];

  add(hop: Hop & { t: number }, group: string): Token {
    const tok: Token = {
      msgId: hop.msgId,
      group,
      kind: hop.kind,
      from: hop.from,
      to: hop.to,
      t: hop.t,
      arriveAt: hop.arriveAt,
    };
    if (hop.pattern !== undefined) tok.pattern = hop.pattern;
    if (hop.wire !== undefined) tok.wire = hop.wire;
    this.items.push(tok);
    return tok;
  }

  /** Drop every token that has arrived (clock past arriveAt). In place, O(n). */
  prune(clock: number): void {
    const a = this.items;
    let w = 0;
    for (let r = 0; r < a.length; r++) {
      const tok = a[r]!;
      if (clock <= tok.arriveAt) a[w++] = tok;
    }
    a.length = w;
  }

  clear(): void {
    this.items.length = 0;
  }
}

/** A message discarded somewhere (duplicate reply, nobody listening, broker down …). */
export interface DropMarker {
  msgId: string;
  group: string;
  /** Where it is drawn: an instance id, or a node id (gateway, broker). */
  at: string;
  t: number;
  reason: DropReason;
}

/**
 * Virtual ms a drop marker stays on the canvas (fading out). Tied to the sim clock like tokens:
 * paused, the ✕ stays where the message died; at 1× it fades over about 1.6 s of wall time.
 */
export const DROP_SHOW_MS = 80;

/** Drop markers: the same mutable-buffer contract as tokens, bounded so a storm stays cheap. */
export class DropBuffer {
  readonly items: DropMarker[] = [];
  static readonly LIMIT = 400;

  add(d: DropMarker): void {
    this.items.push(d);
    if (this.items.length > DropBuffer.LIMIT)
      this.items.splice(0, this.items.length - DropBuffer.LIMIT);
  }

  /** Remove markers that have fully faded (or lie in the future after a reset). */
  prune(clock: number): boolean {
    const a = this.items;
    let w = 0;
    for (let r = 0; r < a.length; r++) {
      const d = a[r]!;
      if (clock - d.t <= DROP_SHOW_MS) a[w++] = d;
    }
    const changed = w !== a.length;
    a.length = w;
    return changed;
  }

  clear(): void {
    this.items.length = 0;
  }
}

/** One hop of a message as kept for the inspector. */
export interface WireHop {
  kind: MessageKind;
  from: string;
  to: string;
  t: number;
  arriveAt: number;
  pattern?: string;
  wire?: Envelope;
}

/**
 * Every hop of recent messages by message id, for the inspector (token or log line click).
 * Bounded by generations: messages go into the current map; when it holds `limit / 2` the
 * previous one is forgotten and the current becomes the previous. Between `limit / 2` and
 * `limit` messages are kept, the oldest forgotten first. (Evicting one message per new one from
 * a single Map with `keys().next()` cost more than everything else per hop: V8's Map leaves a
 * hole per delete at its front, and finding the first live key walked all of them.)
 */
export class WireLog {
  private current = new Map<string, WireHop[]>();
  private previous = new Map<string, WireHop[]>();
  private readonly generation: number;
  constructor(limit = 8000) {
    this.generation = Math.max(1, Math.floor(limit / 2));
  }

  /** Keeps the hop record itself (a token is a WireHop): no copy per hop at thousands a second. */
  add(tok: WireHop & { msgId: string }): void {
    let hops = this.current.get(tok.msgId) ?? this.previous.get(tok.msgId);
    if (!hops) {
      if (this.current.size >= this.generation) {
        this.previous = this.current;
        this.current = new Map();
      }
      this.current.set(tok.msgId, (hops = []));
    }
    if (hops.length < 32) hops.push(tok);
  }

  get(msgId: string): readonly WireHop[] {
    return this.current.get(msgId) ?? this.previous.get(msgId) ?? [];
  }

  clear(): void {
    this.current = new Map();
    this.previous = new Map();
  }
}

/**
 * In-flight message tokens as a plain mutable buffer. Why not React state: thousands of tokens
 * change position every frame; the canvas layer reads this array directly in its draw loop.
 */
import type { Hop, MessageKind } from '../engine/types';

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
}

export class TokenBuffer {
  /** Read-only for consumers; mutated in place to avoid garbage at 60 fps. */
  readonly items: Token[] = [];

  add(hop: Hop & { t: number }, group: string): void {
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
    this.items.push(tok);
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

import type { SimTime } from '../../shared';

/**
 * A binary min-heap of timed actions ordered by (time, seq). `seq` is the insertion order, so two
 * actions at the same virtual time always run in the order they were scheduled: that tie-break is
 * what makes a run deterministic.
 */
export class EventQueue<T> {
  private times: number[] = [];
  private seqs: number[] = [];
  private items: T[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.items.length;
  }

  peekTime(): SimTime | undefined {
    return this.times[0];
  }

  push(time: SimTime, item: T): void {
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    const seq = this.nextSeq++;
    let i = items.length;
    times.push(time);
    seqs.push(seq);
    items.push(item);
    // Sift up.
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p]! < time || (times[p] === time && seqs[p]! < seq)) break;
      times[i] = times[p]!;
      seqs[i] = seqs[p]!;
      items[i] = items[p]!;
      i = p;
    }
    times[i] = time;
    seqs[i] = seq;
    items[i] = item;
  }

  /** Visits every queued item with its time and insertion seq (heap order, not time order). */
  forEach(visit: (item: T, time: SimTime, seq: number) => void): void {
    const items = this.items;
    for (let i = 0; i < items.length; i++) visit(items[i]!, this.times[i]!, this.seqs[i]!);
  }

  /** Removes and returns the earliest item (undefined when empty). */
  pop(): T | undefined {
    const items = this.items;
    const n = items.length;
    if (n === 0) return undefined;
    const top = items[0];
    const times = this.times;
    const seqs = this.seqs;
    const lastT = times.pop()!;
    const lastS = seqs.pop()!;
    const last = items.pop()!;
    if (n > 1) {
      const m = n - 1;
      let i = 0;
      // Sift down.
      for (;;) {
        const l = 2 * i + 1;
        if (l >= m) break;
        const r = l + 1;
        let c = l;
        if (r < m && (times[r]! < times[l]! || (times[r] === times[l] && seqs[r]! < seqs[l]!)))
          c = r;
        if (lastT < times[c]! || (lastT === times[c] && lastS < seqs[c]!)) break;
        times[i] = times[c]!;
        seqs[i] = seqs[c]!;
        items[i] = items[c]!;
        i = c;
      }
      times[i] = lastT;
      seqs[i] = lastS;
      items[i] = last;
    }
    return top;
  }
}

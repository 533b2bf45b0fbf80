/**
 * Fixed-capacity columnar ring buffers for chart samples. Why not React state: a sample arrives
 * several times per second per chart; keeping them in typed arrays outside React and handing
 * uPlot a fresh ordered copy at most once per frame costs a few µs and no re-render.
 */

/** One numeric column per name, all sharing one write cursor. NaN = no value (a gap). */
export class ColumnRing {
  readonly capacity: number;
  private head = 0; // next write slot
  private count = 0;
  private readonly cols = new Map<string, Float64Array>();
  /** Column names in first-seen order (chart series order). */
  readonly keys: string[] = [];

  constructor(capacity: number) {
    this.capacity = Math.max(1, Math.floor(capacity));
  }

  get size(): number {
    return this.count;
  }

  private column(name: string): Float64Array {
    let c = this.cols.get(name);
    if (!c) {
      c = new Float64Array(this.capacity).fill(NaN);
      this.cols.set(name, c);
      this.keys.push(name);
    }
    return c;
  }

  /** Append one row; columns missing from `row` get a gap, new names get a new column. */
  push(row: Readonly<Record<string, number>>): void {
    for (const name of Object.keys(row)) this.column(name);
    const slot = this.head;
    for (const [name, col] of this.cols) {
      const v = row[name];
      col[slot] = v === undefined || !Number.isFinite(v) ? NaN : v;
    }
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** Oldest first; gaps become `null` (uPlot draws them as breaks). */
  series(name: string): (number | null)[] {
    const col = this.cols.get(name);
    const out: (number | null)[] = new Array<number | null>(this.count);
    const start = (this.head - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) {
      const v = col ? col[(start + i) % this.capacity]! : NaN;
      out[i] = Number.isNaN(v) ? null : v;
    }
    return out;
  }

  /** The newest value of a column (undefined when empty or a gap). */
  last(name: string): number | undefined {
    if (this.count === 0) return undefined;
    const v = this.cols.get(name)?.[(this.head - 1 + this.capacity) % this.capacity];
    return v === undefined || Number.isNaN(v) ? undefined : v;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
    this.cols.clear();
    this.keys.length = 0;
  }
}

/** A bounded FIFO of objects (recent events for the waterfall and sequence views). */
export class ItemRing<T> {
  private buf: (T | undefined)[];
  private head = 0;
  private count = 0;
  constructor(readonly capacity: number) {
    this.buf = new Array<T | undefined>(capacity);
  }
  get size(): number {
    return this.count;
  }
  push(item: T): void {
    this.buf[this.head] = item;
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }
  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    const start = (this.head - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) out.push(this.buf[(start + i) % this.capacity] as T);
    return out;
  }
  clear(): void {
    this.buf = new Array<T | undefined>(this.capacity);
    this.head = 0;
    this.count = 0;
  }
}

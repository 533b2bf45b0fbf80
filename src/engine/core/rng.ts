const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A seeded PRNG (mulberry32 over a splitmix32-scrambled seed). The engine's only source of
 * randomness: same seed ⇒ same sequence, in Node and in every browser.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    // splitmix32 scramble so that seeds 1, 2, 3 give unrelated streams.
    let z = (seed >>> 0) + 0x9e3779b9;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    this.state = (z ^ (z >>> 16)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /**
   * `mean ± jitter`, uniform, rounded to whole virtual ms (so traces read `t=57`, not
   * `t=57.30228114221245`, and sums stay exact), never below 0.
   */
  around(mean: number, jitter: number): number {
    if (jitter <= 0) return mean;
    return Math.max(0, Math.round(mean + (this.next() * 2 - 1) * jitter));
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** `n` lowercase hex characters (NestJS message ids are 21 of them). */
  hex(n: number): string {
    // Byte-table formatting: same digits as toString(16).padStart(8), without the temporaries
    // (one message id per request is on the hot path).
    let s = '';
    for (let i = 0; i < n; i += 8) {
      const x = (this.next() * 0x100000000) >>> 0;
      s += HEX[x >>> 24]! + HEX[(x >>> 16) & 255]! + HEX[(x >>> 8) & 255]! + HEX[x & 255]!;
    }
    return s.length === n ? s : s.slice(0, n);
  }
}

/**
 * FNV-1a (32-bit) over UTF-16 code units: a cheap, deterministic fingerprint of a trace, so a test
 * can say "the browser's run and the CLI's NDJSON are the same, byte for byte" without shipping
 * megabytes of events across.
 */
export const FNV_OFFSET = 0x811c9dc5;

export function fnv1a(text: string, hash = FNV_OFFSET): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

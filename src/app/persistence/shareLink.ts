/**
 * Share links: the scenario JSON, deflate-raw compressed (the browser's CompressionStream, no
 * dependency) and base64url-encoded into the URL fragment `#s=…`. A fragment never reaches a
 * server, so a shared scenario stays between the people who share it.
 *
 * Decoding treats the link as hostile: the encoded length is capped before any work, the
 * inflated size is capped while streaming (a deflate bomb stops at the cap), and truncated or
 * altered data, invalid UTF-8 and non-JSON are refused with a reason. The scenario itself is
 * then validated by the worker like any file.
 */

/** The fragment parameter: `#s=<base64url>`. */
export const SHARE_PARAM = 's';
/** Largest scenario a link may carry once inflated. */
export const MAX_SHARE_BYTES = 200 * 1024;
/** Largest encoded payload looked at (deflate never makes JSON 2× bigger). */
export const MAX_SHARE_CHARS = Math.ceil((MAX_SHARE_BYTES * 4) / 3) + 16;

export type DecodeFailure = 'tooLarge' | 'corrupt' | 'notJson' | 'unsupported';
export type DecodeResult = { ok: true; text: string } | { ok: false; reason: DecodeFailure };

class TooLarge extends Error {}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  try {
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** Reads a stream to the end, stopping with `TooLarge` past `max` bytes. */
async function readAll(stream: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function through(bytes: Uint8Array, transform: CompressionStream | DecompressionStream) {
  // Feed the input without awaiting: the output is read concurrently (backpressure-safe).
  const input = new Blob([bytes as BlobPart]).stream();
  return input.pipeThrough(transform as ReadableWritablePair<Uint8Array, Uint8Array>);
}

export const canShare = (): boolean =>
  typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';

/** The `#s=` payload for a scenario's JSON text. */
export async function encodeScenario(json: string): Promise<string> {
  const bytes = new TextEncoder().encode(json);
  if (bytes.byteLength > MAX_SHARE_BYTES) throw new TooLarge();
  const packed = await readAll(
    through(bytes, new CompressionStream('deflate-raw')),
    MAX_SHARE_BYTES * 2,
  );
  return toBase64Url(packed);
}

/** The scenario JSON text in a `#s=` payload, or why it cannot be read. */
export async function decodeScenario(payload: string): Promise<DecodeResult> {
  if (!canShare()) return { ok: false, reason: 'unsupported' };
  if (payload.length > MAX_SHARE_CHARS) return { ok: false, reason: 'tooLarge' };
  const bytes = fromBase64Url(payload);
  if (!bytes || bytes.byteLength === 0) return { ok: false, reason: 'corrupt' };
  let raw: Uint8Array;
  try {
    raw = await readAll(through(bytes, new DecompressionStream('deflate-raw')), MAX_SHARE_BYTES);
  } catch (e) {
    return { ok: false, reason: e instanceof TooLarge ? 'tooLarge' : 'corrupt' };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return { ok: false, reason: 'corrupt' };
  }
  try {
    JSON.parse(text);
  } catch {
    return { ok: false, reason: 'notJson' };
  }
  return { ok: true, text };
}

/** The payload of `#s=…` in a location hash, or null when the hash holds no share. */
export function sharePayload(hash: string): string | null {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!h) return null;
  return new URLSearchParams(h).get(SHARE_PARAM);
}

/** A link to this page (same path, `?lang` kept) that opens `payload`. */
export function shareUrl(location: { href: string }, payload: string): string {
  const url = new URL(location.href);
  const lang = url.searchParams.get('lang');
  url.search = '';
  if (lang) url.searchParams.set('lang', lang);
  url.hash = `${SHARE_PARAM}=${payload}`;
  return url.toString();
}

export const isTooLarge = (e: unknown): boolean => e instanceof TooLarge;

import { describe, expect, it } from 'vitest';
import {
  decodeScenario,
  encodeScenario,
  MAX_SHARE_BYTES,
  shareUrl,
  sharePayload,
} from './shareLink';

const scenario = JSON.stringify({ version: 1, title: { en: 'Ünïcode ✓ <b>x</b>' }, nodes: [] });

describe('share links', () => {
  it('round-trips a scenario through deflate-raw + base64url', async () => {
    const payload = await encodeScenario(scenario);
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(await decodeScenario(payload)).toEqual({ ok: true, text: scenario });
  });

  it('reads the payload from the fragment and builds a link that keeps only ?lang', () => {
    expect(sharePayload('#s=abc_-')).toBe('abc_-');
    expect(sharePayload('#other=1')).toBeNull();
    expect(sharePayload('')).toBeNull();
    const url = shareUrl({ href: 'https://x.dev/lab/?scenario=orders&lang=pt-BR#old' }, 'PAY');
    expect(url).toBe('https://x.dev/lab/?lang=pt-BR#s=PAY');
  });

  it('refuses a truncated payload as corrupt', async () => {
    const payload = await encodeScenario(scenario);
    const cut = payload.slice(0, Math.floor(payload.length / 2));
    expect(await decodeScenario(cut)).toMatchObject({ ok: false });
  });

  it('refuses characters outside base64url and empty payloads as corrupt', async () => {
    expect(await decodeScenario('not base64!')).toEqual({ ok: false, reason: 'corrupt' });
    expect(await decodeScenario('')).toEqual({ ok: false, reason: 'corrupt' });
    expect(await decodeScenario('AAAAAAAA')).toEqual({ ok: false, reason: 'corrupt' });
  });

  it('stops inflating at the size cap (a deflate bomb is refused as too large)', async () => {
    const big = JSON.stringify({ version: 1, description: 'a'.repeat(MAX_SHARE_BYTES + 10) });
    // Encode past the encoder's own cap by compressing directly.
    const bytes = new TextEncoder().encode(big);
    const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const packed = new Uint8Array(await new Response(stream).arrayBuffer());
    const payload = Buffer.from(packed).toString('base64url');
    expect(payload.length).toBeLessThan(2000);
    expect(await decodeScenario(payload)).toEqual({ ok: false, reason: 'tooLarge' });
    expect(await decodeScenario('A'.repeat(400_000))).toEqual({ ok: false, reason: 'tooLarge' });
  });

  it('refuses a payload that inflates to something other than JSON', async () => {
    const payload = await encodeScenario('<script>alert(1)</script>');
    expect(await decodeScenario(payload)).toEqual({ ok: false, reason: 'notJson' });
  });
});

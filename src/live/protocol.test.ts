import { describe, expect, it } from 'vitest';
import { jsonDepth, loopbackWsUrl, MAX_FRAME_BYTES, parseTapFrame } from './protocol';

describe('loopbackWsUrl: the app connects to loopback only', () => {
  it('accepts ws:// on 127.0.0.1, localhost and [::1]', () => {
    expect(loopbackWsUrl('ws://127.0.0.1:4300')).toBe('ws://127.0.0.1:4300/');
    expect(loopbackWsUrl('ws://localhost:4300')).toBe('ws://localhost:4300/');
    expect(loopbackWsUrl('ws://[::1]:4300')).toBe('ws://[::1]:4300/');
  });
  it('refuses other hosts, other schemes, credentials and garbage', () => {
    for (const bad of [
      'ws://example.com:4300',
      'ws://10.0.0.1:4300',
      'ws://127.0.0.1.evil.com:4300',
      'wss://127.0.0.1:4300',
      'http://127.0.0.1:4300',
      'ws://user:pw@127.0.0.1:4300',
      'not a url',
      '',
    ])
      expect(loopbackWsUrl(bad), bad).toBeNull();
  });
});

describe('parseTapFrame: what the app accepts from a bridge', () => {
  it('accepts the four frame types', () => {
    const frames = [
      {
        type: 'hello',
        version: 1,
        transport: 'redis',
        broker: 'redis://x',
        listening: 'PSUBSCRIBE *',
      },
      { type: 'envelope', seq: 1, at: 1, kind: 'event', channel: 'c', pattern: 'p', bytes: 2 },
      { type: 'notice', seq: 2, at: 1, channel: 'c', bytes: 3, code: 'not-json', detail: 'd' },
      { type: 'status', broker: 'down', detail: 'lost' },
    ];
    for (const f of frames) expect(parseTapFrame(JSON.stringify(f)).ok).toBe(true);
  });
  it('refuses a huge, deep, non-JSON or ill-typed frame with a reason', () => {
    const cases: [string, RegExp][] = [
      ['x'.repeat(MAX_FRAME_BYTES + 1), /bytes/],
      ['['.repeat(1000) + ']'.repeat(1000), /deep/],
      ['{oops', /not JSON/],
      ['[1]', /not an object/],
      ['{"type":"bogus"}', /unknown frame type/],
      ['{"type":"hello","transport":"kafka","broker":"","listening":""}', /transport/],
      ['{"type":"envelope","seq":1,"at":1,"bytes":1,"kind":"request","channel":"c"}', /pattern/],
      [
        '{"type":"envelope","seq":1,"at":1,"bytes":1,"kind":"reply","channel":"c","isDisposed":"y"}',
        /isDisposed/,
      ],
      ['{"type":"envelope","seq":"1","at":1,"bytes":1,"kind":"reply","channel":"c"}', /seq/],
      ['{"type":"status","broker":"maybe","detail":""}', /broker/],
    ];
    for (const [text, why] of cases) {
      const r = parseTapFrame(text);
      expect(r.ok, text.slice(0, 60)).toBe(false);
      if (!r.ok) expect(r.why).toMatch(why);
    }
  });
  it('jsonDepth skips strings and escapes', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[\\"[["}]}')).toBe(3);
  });
});

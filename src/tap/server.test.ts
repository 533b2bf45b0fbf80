import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { originAllowed, startServer, type TapServer } from './server';
import { parseTapFrame, type TapHello } from '../live/protocol';

const hello: TapHello = {
  type: 'hello',
  version: 1,
  transport: 'redis',
  broker: 'redis://x',
  listening: 'PSUBSCRIBE *',
};
let server: TapServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** Connects with an Origin header; resolves with the first frame, or the refusal. */
function connect(port: number, origin?: string): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, origin ? { origin } : {});
    ws.on('message', (d) => {
      resolve(String(d));
      ws.close();
    });
    ws.on('error', (e) => resolve(`refused: ${e.message}`));
  });
}

describe('the tap server: loopback, and loopback pages only', () => {
  it('a loopback page, or a client without Origin, gets the hello first', async () => {
    server = await startServer(0, hello, [], () => undefined);
    const first = await connect(server.port, 'http://127.0.0.1:5173');
    expect(parseTapFrame(first)).toEqual({ ok: true, frame: hello });
    expect(JSON.parse(await connect(server.port))).toMatchObject({ type: 'hello' });
  });

  it('a page from another origin is refused unless allowed with --allow-origin', async () => {
    server = await startServer(0, hello, ['https://me.example'], () => undefined);
    expect(await connect(server.port, 'https://evil.example')).toMatch(/^refused: .*401/);
    expect(JSON.parse(await connect(server.port, 'https://me.example'))).toMatchObject({
      type: 'hello',
    });
  });

  it('originAllowed: loopback hosts with any port, nothing that merely starts like one', () => {
    expect(originAllowed('http://localhost:4173', [])).toBe(true);
    expect(originAllowed('http://[::1]:4173', [])).toBe(true);
    expect(originAllowed('http://127.0.0.1.evil.com', [])).toBe(false);
    expect(originAllowed('null', [])).toBe(false);
  });
});

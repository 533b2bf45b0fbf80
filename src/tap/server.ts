/**
 * The loopback WebSocket the app connects to. Bound to 127.0.0.1 only, and a browser page may
 * connect only from a loopback origin (or one given with `--allow-origin`): broker traffic is
 * private, and any web page could otherwise open ws://127.0.0.1:PORT and read it.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import type { TapFrame, TapHello } from '../live/protocol';

/** A slow page: frames are dropped (and counted) rather than queued without bound. */
const MAX_BUFFERED = 4 * 1024 * 1024;

export interface TapServer {
  port: number;
  send(frame: TapFrame): void;
  /** Frames dropped because a page read too slowly. */
  dropped(): number;
  clients(): number;
  close(): Promise<void>;
}

const LOOPBACK_ORIGIN = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/** A browser's Origin header is allowed: loopback pages, listed origins, or no Origin (Node, curl). */
export function originAllowed(origin: string | undefined, allow: readonly string[]): boolean {
  if (origin === undefined) return true;
  return LOOPBACK_ORIGIN.test(origin) || allow.includes(origin);
}

export function startServer(
  port: number,
  hello: TapHello,
  allow: readonly string[],
  onConnect: (origin: string) => void,
): Promise<TapServer> {
  return new Promise((resolve, reject) => {
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port,
      maxPayload: 4096, // the app sends nothing
      verifyClient: (info: { origin?: string }) => originAllowed(info.origin || undefined, allow),
    });
    let dropped = 0;
    const socks = new Set<WebSocket>();
    wss.on('connection', (ws, req) => {
      socks.add(ws);
      ws.on('close', () => socks.delete(ws));
      ws.on('error', () => socks.delete(ws));
      ws.send(JSON.stringify(hello));
      onConnect(req.headers.origin ?? '(no origin)');
    });
    wss.once('error', reject);
    wss.once('listening', () => {
      const addr = wss.address();
      resolve({
        port: typeof addr === 'object' && addr ? addr.port : port,
        send(frame) {
          if (socks.size === 0) return;
          const text = JSON.stringify(frame);
          for (const ws of socks) {
            if (ws.bufferedAmount > MAX_BUFFERED) dropped++;
            else ws.send(text);
          }
        },
        dropped: () => dropped,
        clients: () => socks.size,
        close: () =>
          new Promise<void>((done) => {
            for (const ws of socks) ws.terminate();
            wss.close(() => done());
          }),
      });
    });
  });
}

/**
 * The harness's layer-4 balancer (what a Kubernetes Service does for TCP): it picks a backend per
 * connection, in turn, skipping one that refuses; every byte of a connection goes to its backend.
 */
import { createConnection, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startBalancer, type Balancer } from './balancer';
import { freePort } from './brokers';

const open: (Server | Balancer)[] = [];
afterEach(async () => {
  for (const s of open.splice(0))
    await ('port' in s ? s.close() : new Promise<void>((r) => s.close(() => r())));
});

/** A backend that answers every chunk with its name. */
async function backend(name: string): Promise<number> {
  const port = await freePort();
  const srv = createServer((sock) => sock.on('data', () => sock.write(name)));
  await new Promise<void>((r) => srv.listen(port, '127.0.0.1', r));
  open.push(srv);
  return port;
}

/** Opens a connection through the balancer and sends `times` requests on it. */
function ask(port: number, times: number): Promise<string[]> {
  return new Promise((resolve) => {
    const got: string[] = [];
    const sock = createConnection({ host: '127.0.0.1', port }, () => sock.write('?'));
    sock.on('data', (d) => {
      got.push(String(d));
      if (got.length === times) {
        sock.end();
        resolve(got);
      } else sock.write('?');
    });
    sock.on('error', () => resolve(got)); // reset by the balancer: closed all the same
    sock.on('close', () => got.length < times && resolve(got));
  });
}

describe('layer-4 balancer', () => {
  it('one connection, one backend: every request of it reaches the same instance', async () => {
    const lb = await startBalancer([await backend('a'), await backend('b')]);
    open.push(lb);
    expect(await ask(lb.port, 4)).toEqual(['a', 'a', 'a', 'a']);
    expect(await ask(lb.port, 2)).toEqual(['b', 'b']);
    expect(await ask(lb.port, 1)).toEqual(['a']);
  });

  it('skips a backend that refuses; with none up the client connection is closed', async () => {
    const dead = await freePort();
    const lb = await startBalancer([dead, await backend('b')]);
    open.push(lb);
    expect(await ask(lb.port, 1)).toEqual(['b']);
    const none = await startBalancer([dead]);
    open.push(none);
    expect(await ask(none.port, 1)).toEqual([]);
  });
});

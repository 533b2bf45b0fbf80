/**
 * The real counterpart of the engine's `lb:<service>` node for TCP and gRPC: a layer-4 round-robin
 * proxy, what a Kubernetes Service, HAProxy in `mode tcp` or nginx `stream` puts in front of the
 * instances. It balances CONNECTIONS: each new client connection goes to the next instance that
 * accepts it; bytes are then piped both ways until either side closes.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface Balancer {
  port: number;
  /** Connections opened per backend port, in order (what the balancer decided). */
  readonly picks: number[];
  close(): Promise<void>;
}

export function startBalancer(backends: number[]): Promise<Balancer> {
  let next = 0;
  const picks: number[] = [];
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  // Try each backend once from the round-robin position; none accepts → close the client.
  const connect = (client: Socket, tries: number) => {
    if (tries === backends.length) return void client.destroy();
    const port = backends[next++ % backends.length]!;
    const upstream = createConnection({ host: '127.0.0.1', port });
    track(upstream);
    let connected = false;
    upstream.on('error', () => {
      if (!connected && !client.destroyed) connect(client, tries + 1);
      else client.destroy();
    });
    upstream.once('connect', () => {
      connected = true;
      picks.push(port);
      client.pipe(upstream).pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
      client.resume();
    });
  };
  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    track(client);
    client.on('error', () => client.destroy());
    connect(client, 0);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.unref(); // never what keeps the harness alive
      const addr = server.address();
      if (typeof addr !== 'object' || !addr) return reject(new Error('balancer: no port'));
      resolve({
        port: addr.port,
        picks,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

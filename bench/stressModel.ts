/**
 * The stress scenario of the performance budget: 10 services × 3 instances, a route per service,
 * `rps` requests per second spread over the routes, for `durationMs` virtual.
 */
import type { TransportKind } from '../src/shared';
import { buildModel } from '../src/engine/testkit';
import type { SimModel } from '../src/engine';

export function stressModel(transport: TransportKind, rps: number, durationMs: number): SimModel {
  const services = Array.from({ length: 10 }, (_, i) => ({
    id: `svc${i}`,
    replicas: 3,
    options:
      transport === 'rmq'
        ? { queue: `svc${i}_queue` }
        : transport === 'nats'
          ? { queue: `svc${i}` }
          : transport === 'kafka'
            ? { partitions: 3 } // one partition per instance: all three consume
            : transport === 'tcp' || transport === 'grpc'
              ? { loadBalancer: true } // one port each behind a balancer: all three serve
              : {},
    handlers: [
      { pattern: `get_${i}`, kind: 'request' as const, latency: { mean: 5, jitter: 2 } },
      { pattern: `evt_${i}`, kind: 'event' as const, latency: { mean: 2, jitter: 1 } },
    ],
  }));
  const routes = services.map((s, i) => ({ path: `/s${i}`, send: `get_${i}`, to: s.id }));
  // Each route gets rps/10 requests per second, as one chained generator (one queue entry each).
  const perRoute = rps / 10;
  const everyMs = 1000 / perRoute;
  const count = Math.floor((durationMs / 1000) * perRoute);
  return buildModel({
    transport,
    services,
    routes,
    script: routes.map((r, i) => ({
      at: i * (everyMs / 10),
      command: { type: 'http' as const, route: `GET ${r.path}`, count, everyMs },
    })),
  });
}

/** The soak's scenario (shared by the soak test and the bench). */

export const MINUTE = 60_000;

/**
 * A busy rmq set-up for `minutes` virtual minutes: 6 services × 3 instances, ~500 requests per
 * virtual second (send and emit), a failing handler, a gateway timeout, and once a minute an
 * instance killed and restarted, plus one broker outage at minute 3: every lifecycle path allocates.
 */
export function soakScenario(minutes: number) {
  const services = 6;
  const duration = minutes * MINUTE;
  const everyMs = 20;
  const count = Math.min(100_000, Math.ceil(duration / everyMs));
  // One http step lasts at most count × everyMs; chain steps to cover the whole duration.
  const stepSpan = count * everyMs;
  const script: Record<string, unknown>[] = [];
  for (let at = 0; at < duration; at += stepSpan)
    for (let s = 0; s < services; s++) {
      script.push({ at: at + s * 3, http: `GET /s${s}`, count, everyMs });
      script.push({ at: at + s * 3 + 1, http: `POST /e${s}`, count, everyMs });
      script.push({ at: at + s * 3 + 2, http: `GET /s${s}`, count, everyMs });
    }
  for (let m = 0; m < minutes && script.length < 990; m++) {
    const victim = `svc${m % services}#${1 + (m % 3)}`;
    script.push({ at: m * MINUTE + 10_000, kill: victim });
    script.push({ at: m * MINUTE + 25_000, restart: victim });
  }
  if (minutes > 3) {
    script.push({ at: 3 * MINUTE, brokerDown: true });
    script.push({ at: 3 * MINUTE + 8_000, brokerUp: true });
  }
  script.sort((a, b) => (a.at as number) - (b.at as number));
  return {
    version: 1,
    title: 'Soak',
    seed: 5,
    transport: { kind: 'rmq', options: { noAck: false, prefetchCount: 20 } },
    nodes: [
      { id: 'client', type: 'client' },
      { id: 'gateway', type: 'gateway', timeoutMs: 400 },
      { id: 'broker', type: 'broker' },
      ...Array.from({ length: services }, (_, i) => ({
        id: `svc${i}`,
        type: 'service',
        replicas: 3,
        transport: { options: { queue: `svc${i}_queue` } },
        handlers: [
          {
            pattern: `get_${i}`,
            kind: 'request',
            latencyMs: { mean: 5, jitter: 2 },
            failureRate: i === 0 ? 0.05 : 0,
            ack: true,
          },
          { pattern: `evt_${i}`, kind: 'event', latencyMs: 2, ack: true },
        ],
      })),
    ],
    routes: Array.from({ length: services }, (_, i) => [
      { method: 'GET', path: `/s${i}`, send: `get_${i}`, to: `svc${i}` },
      {
        method: 'POST',
        path: `/e${i}`,
        emit: `evt_${i}`,
        to: [`svc${i}`, `svc${(i + 1) % services}`],
      },
    ]).flat(),
    script,
  };
}

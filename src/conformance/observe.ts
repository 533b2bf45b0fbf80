/** What one run (real or simulated) is reduced to before the two are compared. */
export interface Observation {
  /** Requests in the order they were sent. */
  requests: number;
  /** HTTP status of each request in sending order; `null` = no response before the run ended. */
  statuses: (number | null)[];
  /** The instance whose reply answered each request (`null`: none, or not a send route). */
  answeredBy: (string | null)[];
  /** Handlings per instance and pattern (a handler ran: its log line, or the engine's count). */
  handled: Record<string, Record<string, number>>;
  /** Raw error texts the gateway's ClientProxy produced (timeouts excluded), with counts. */
  errors: Record<string, number>;
  /** Median response time per HTTP status, ms (a 504's is the gateway's timeout). */
  medianMs: Record<string, number>;
}

export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}

export function countInto(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

/** The text of an error as the gateway would log it (message of an Error-like, else the value). */
export function errorText(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object' && 'message' in e)
    return String((e as { message: unknown }).message);
  return JSON.stringify(e);
}

/** Handled counts without zero entries, instances sorted (both sides print the same way). */
export function tidyHandled(h: Record<string, Record<string, number>>): Observation['handled'] {
  const out: Observation['handled'] = {};
  for (const inst of Object.keys(h).sort()) {
    const pats = Object.entries(h[inst] ?? {}).filter(([, n]) => n > 0);
    if (pats.length) out[inst] = Object.fromEntries(pats.sort(([a], [b]) => a.localeCompare(b)));
  }
  return out;
}

/** Median ms per status, from (status, ms) pairs of answered requests. */
export function mediansByStatus(pairs: [number, number][]): Record<string, number> {
  const by = new Map<number, number[]>();
  for (const [status, ms] of pairs) by.set(status, [...(by.get(status) ?? []), ms]);
  return Object.fromEntries(
    [...by]
      .sort(([a], [b]) => a - b)
      .map(([status, list]) => [String(status), percentile(list, 50)!]),
  );
}

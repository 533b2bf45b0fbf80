/**
 * Checks of handlers' `calls` (a service that calls or emits to another): the target exists and
 * is a service, what NestJS does when it has no handler for the pattern (a warning: it is legal),
 * and call cycles, refused because the handlers would call each other forever.
 */
import { stripShare } from '../shared';
import { unknownName } from './issues';
import type { ScenarioFile, ServiceNodeFile } from './schema';

type Report = (path: string, message: string) => void;

/** A handler in the call graph: `orders.create_order`. */
interface HandlerRef {
  service: string;
  pattern: string;
  path: string;
}

const handles = (svc: ServiceNodeFile, pattern: string) =>
  svc.handlers.filter((h) => h.pattern === pattern || stripShare(h.pattern) === pattern);

export function checkCalls(
  file: ScenarioFile,
  services: ReadonlyMap<string, ServiceNodeFile>,
  firstIndex: ReadonlyMap<string, number>,
  error: Report,
  warn: Report,
): void {
  const serviceIds = [...services.keys()];
  /** Edges of the call graph: handler → the handlers its calls reach. */
  const edges = new Map<string, HandlerRef[]>();
  const refs = new Map<string, HandlerRef>();
  const keyOf = (service: string, pattern: string) => `${service}.${pattern}`;
  file.nodes.forEach((n, i) => {
    if (n.type !== 'service' || services.get(n.id) !== n) return;
    n.handlers.forEach((h, j) => {
      const from = keyOf(n.id, h.pattern);
      refs.set(from, { service: n.id, pattern: h.pattern, path: `nodes[${i}].handlers[${j}]` });
      (h.calls ?? []).forEach((c, k) => {
        const path = `nodes[${i}].handlers[${j}].calls[${k}]`;
        const pattern = (c.send ?? c.emit)!;
        const target = services.get(c.to);
        if (!target) {
          const idx = firstIndex.get(c.to);
          error(
            `${path}.to`,
            idx !== undefined
              ? `"${c.to}" is the ${file.nodes[idx]!.type} node, not a service`
              : unknownName(`no service "${c.to}"`, c.to, serviceIds),
          );
          return;
        }
        const found = handles(target, pattern);
        if (c.send !== undefined) {
          if (!found.some((x) => x.kind === 'request'))
            warn(
              `${path}.send`,
              `${c.to} has no request handler (@MessagePattern) for "${pattern}"${found.length ? ' (only an event handler)' : ''}: ${n.id}'s send() gets "There is no matching message handler defined in the remote service." (or waits forever where the transport drops it), and its handler fails`,
            );
        } else {
          if (c.timeoutMs !== undefined)
            warn(`${path}.timeoutMs`, 'has no effect on emit(): an event expects no reply');
          if (!found.some((x) => x.kind === 'event'))
            warn(
              `${path}.emit`,
              `${c.to} has no event handler (@EventPattern) for "${pattern}": it drops the event`,
            );
        }
        const list = edges.get(from) ?? [];
        for (const x of found) list.push({ service: c.to, pattern: x.pattern, path });
        edges.set(from, list);
      });
    });
  });
  const cycle = findCycle(edges, refs);
  if (cycle)
    error(
      cycle.path,
      `a call cycle: ${cycle.names.join(' → ')}; each handling would call the next forever`,
    );
}

/** The first cycle of the call graph (depth-first), as names and the path of its closing call. */
function findCycle(
  edges: ReadonlyMap<string, HandlerRef[]>,
  refs: ReadonlyMap<string, HandlerRef>,
): { names: string[]; path: string } | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (key: string): { names: string[]; path: string } | undefined => {
    state.set(key, 'open');
    stack.push(key);
    for (const next of edges.get(key) ?? []) {
      const to = `${next.service}.${next.pattern}`;
      if (state.get(to) === 'open') {
        const names = [...stack.slice(stack.indexOf(to)), to];
        return { names, path: next.path };
      }
      if (state.get(to) === undefined && refs.has(to)) {
        const found = visit(to);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(key, 'done');
    return undefined;
  };
  for (const key of refs.keys())
    if (state.get(key) === undefined) {
      const found = visit(key);
      if (found) return found;
    }
  return undefined;
}

/**
 * What the lab needs from the page's sim client: a tap on every applied trace batch and a way
 * to send any engine command. Kept as an interface so the lab's views are testable and the
 * client stays React-free.
 */
import type { LabCommand } from './commands';
import type { AnyEvent } from '../../trace/labTypes';

export interface TraceTap {
  /** One applied batch (oldest first). */
  events(batch: readonly AnyEvent[]): void;
  /** A new run started (load, reset): forget what was seen. */
  reset(): void;
}

export interface LabClient {
  tap(t: TraceTap): () => void;
  command(cmd: LabCommand): void;
}

/**
 * What the lab needs from the page's sim client: a way to send any engine command. Kept as an
 * interface so the lab's views are testable and the client stays React-free.
 */
import type { LabCommand } from './commands';

export interface LabClient {
  command(cmd: LabCommand): void;
}

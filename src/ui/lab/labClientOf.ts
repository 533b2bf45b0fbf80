/** The page's sim client seen as the lab's `LabClient` (any command). */
import type { SimClient } from '../../sim-client';
import type { LabClient } from './labClient';

export function asLabClient(client: SimClient): LabClient {
  return { command: (cmd) => client.command(cmd) };
}

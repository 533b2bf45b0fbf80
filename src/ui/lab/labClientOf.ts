/** The page's sim client seen as the lab's `LabClient` (tap on trace batches + any command). */
import type { SimClient } from '../../sim-client';
import type { LabClient } from './labClient';

export function asLabClient(client: SimClient): LabClient {
  return {
    tap: (t) => client.tap(t),
    command: (cmd) => client.command(cmd),
  };
}

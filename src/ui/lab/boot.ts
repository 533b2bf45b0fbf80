/** Connects the page's sim client to the lab collector (a small chunk loaded once a run is ready). */
import { collector } from './collector';
import { asLabClient } from './labClientOf';
import type { SimClient } from '../../sim-client';

export function startCollector(client: SimClient): () => void {
  const lab = asLabClient(client);
  return lab.tap({
    events: (batch) => collector.ingest(batch),
    reset: () => collector.reset(),
  });
}

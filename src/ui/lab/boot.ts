/** The lab collector as a trace listener (a small chunk, loaded once a run is ready). */
import type { TraceListener } from '../../sim-client';
import { collector } from './collector';

export function collectorTap(): TraceListener {
  return {
    events: (batch) => collector.ingest(batch),
    reset: () => collector.reset(),
  };
}

/**
 * The collector follows the run (a small chunk, loaded once a run is ready): after every frame
 * the page applied, it reads the history and the state as of the frame's time. Nothing is
 * buffered before it loads: the history store keeps the run from its start.
 */
import type { SimClient } from '../../sim-client';
import { historyStore, simStore } from '../../state';
import { collector } from './collector';

export function followRun(client: SimClient): () => void {
  const sync = () =>
    collector.sync(historyStore.getState(), simStore.getState(), client.render().now);
  sync();
  const offFrames = client.frames.subscribe(sync);
  const offHistory = historyStore.subscribe(sync);
  return () => {
    offFrames();
    offHistory();
  };
}

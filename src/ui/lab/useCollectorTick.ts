import { useEffect, useState } from 'react';
import { collector } from './collector';

/**
 * Re-render at most `hz` times a second while the collector receives batches. For views that
 * are not per-frame (timeline, waterfall, sequence): cheap enough to rebuild, slow enough to read.
 */
export function useCollectorTick(hz = 4): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const fire = () => {
      timer = null;
      last = performance.now();
      setTick((n) => n + 1);
    };
    const off = collector.subscribe(() => {
      if (timer !== null) return;
      const wait = Math.max(0, 1000 / hz - (performance.now() - last));
      timer = setTimeout(fire, wait);
    });
    return () => {
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [hz]);
  return tick;
}

import { useEffect, useState } from 'react';
import { collector } from './collector';

/**
 * A view built in the worker (waterfall, sequence), fetched when `key` changes and again at most
 * `hz` times a second while the run moves: detail crosses on demand, never per frame.
 */
export function useWorkerQuery<T>(key: string, fetch: () => Promise<T>, hz = 4): T | undefined {
  const [value, setValue] = useState<{ key: string; v: T } | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    let inFlight = false;
    let again = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const run = () => {
      timer = null;
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      last = performance.now();
      void fetch()
        .then((v) => {
          if (alive) setValue({ key, v });
        })
        .catch(() => undefined)
        .finally(() => {
          inFlight = false;
          if (again && alive) {
            again = false;
            schedule();
          }
        });
    };
    const schedule = () => {
      if (timer !== null || !alive) return;
      timer = setTimeout(run, Math.max(0, 1000 / hz - (performance.now() - last)));
    };
    run();
    const off = collector.subscribe(schedule);
    return () => {
      alive = false;
      off();
      if (timer !== null) clearTimeout(timer);
    };
    // `fetch` is a fresh closure per render; `key` says what it asks.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, hz]);
  return value?.key === key ? value.v : undefined;
}

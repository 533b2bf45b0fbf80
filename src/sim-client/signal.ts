/** A minimal subscribable value: the UI adapts it to a framer-motion MotionValue. */
export interface ReadonlySignal<T> {
  get(): T;
  subscribe(fn: (v: T) => void): () => void;
}

export interface Signal<T> extends ReadonlySignal<T> {
  set(v: T): void;
  /** Notify even if the value did not change (e.g. tokens arrived while paused). */
  notify(): void;
}

export function createSignal<T>(initial: T): Signal<T> {
  let value = initial;
  const subs = new Set<(v: T) => void>();
  const notify = () => {
    for (const fn of subs) fn(value);
  };
  return {
    get: () => value,
    set(v) {
      if (Object.is(v, value)) return;
      value = v;
      notify();
    },
    notify,
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
  };
}

/**
 * The sim client seen as a `LabClient`. Until sim-client exposes `tap` and `command`, the lab
 * degrades to a no-op client (charts stay empty, buttons do nothing) instead of crashing.
 */
import type { SimClient } from '../../sim-client';
import type { LabClient } from './labClient';

type Maybe = Partial<Record<keyof LabClient, unknown>>;

export function asLabClient(client: SimClient): LabClient {
  const c = client as SimClient & Maybe;
  if (typeof c.tap === 'function' && typeof c.command === 'function')
    return c as unknown as LabClient;
  return { tap: () => () => undefined, command: () => undefined };
}

import { describe, expect, it } from 'vitest';
import { parseRoute } from '../routing';
import type { SavedSession } from './session';
import { startPlan } from './startup';

const session = (name: string, edits: SavedSession['edits'] = { services: {} }): SavedSession => ({
  v: 1,
  savedAt: 1,
  scenario: { name, text: '{}', origin: 'bundled' },
  edits,
  lang: 'en',
  speed: 1,
});

const plan = (search: string, saved: SavedSession | null = null) =>
  startPlan(parseRoute(search), new URLSearchParams(search).has('scenario'), saved);

describe('startPlan: which scenario the page opens', () => {
  it('?transport=redis alone opens the default scenario switched to Redis', () => {
    expect(plan('?transport=redis')).toEqual({
      open: 'bundled',
      name: 'orders',
      edits: { kind: 'redis', services: {} },
    });
  });

  it('?transport=redis alone switches the autosaved (current) scenario, dropping per-service edits', () => {
    const saved = session('nats-queue-group', {
      services: { orders: { kind: 'rmq', options: { noAck: false } } },
    });
    const p = plan('?transport=redis&seed=3', saved);
    expect(p.open).toBe('saved');
    if (p.open !== 'saved') return;
    expect(p.session.scenario.name).toBe('nats-queue-group');
    expect(p.session.edits).toEqual({ kind: 'redis', services: {} });
  });

  it('an autosave already on that transport keeps its own edits', () => {
    const edits = {
      kind: 'redis' as const,
      services: { orders: { options: { prefetchCount: 3 } } },
    };
    const p = plan('?transport=redis', session('orders', edits));
    expect(p).toEqual({ open: 'saved', session: session('orders', edits) });
  });

  it('without ?transport= the autosave opens as saved, and with nothing saved the default opens', () => {
    const saved = session('kafka-partitions');
    expect(plan('', saved)).toEqual({ open: 'saved', session: saved });
    expect(plan('?seed=7')).toEqual({
      open: 'bundled',
      name: 'orders',
      seed: 7,
      edits: { services: {} },
    });
  });

  it('an explicit ?scenario= wins over the autosave and takes ?transport=', () => {
    expect(plan('?scenario=tcp-load-balancer&transport=grpc', session('orders'))).toEqual({
      open: 'bundled',
      name: 'tcp-load-balancer',
      edits: { kind: 'grpc', services: {} },
    });
    // …and keeps the autosave's edits when they are about that same scenario and transport.
    const same = session('orders', {
      kind: 'nats',
      services: { orders: { options: { queue: 'q' } } },
    });
    expect(plan('?scenario=orders&transport=nats', same)).toEqual({ open: 'saved', session: same });
  });
});

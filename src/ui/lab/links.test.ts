import { describe, expect, it } from 'vitest';
import { linkName } from '../../shared';
import { linksOf, sameLink } from './links';

const svc = (id: string) => ({ id }) as never;

describe('links', () => {
  it('with a broker, every service hangs off the broker', () => {
    const m = {
      client: { id: 'client' },
      gateway: { id: 'gateway' },
      broker: { id: 'broker' },
      services: [svc('orders')],
    } as never;
    expect(linksOf(m)).toEqual([
      ['client', 'gateway'],
      ['gateway', 'broker'],
      ['broker', 'orders'],
    ]);
  });
  it('without a broker (tcp), services hang off the gateway', () => {
    const m = {
      client: { id: 'client' },
      gateway: { id: 'gateway' },
      broker: null,
      services: [svc('orders')],
    } as never;
    expect(linksOf(m).map(linkName)).toEqual(['client<->gateway', 'gateway<->orders']);
  });
  it('a link target matches in either direction', () => {
    expect(sameLink('broker<->gateway', ['gateway', 'broker'])).toBe(true);
    expect(sameLink('gateway<->orders', ['gateway', 'broker'])).toBe(false);
  });
});

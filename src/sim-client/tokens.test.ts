import { describe, expect, it } from 'vitest';
import { DROP_SHOW_MS, DropBuffer, TokenBuffer, WireLog } from './tokens';

describe('drop markers and the wire log', () => {
  it('a drop marker fades out DROP_SHOW_MS after the message was discarded', () => {
    const d = new DropBuffer();
    d.add({ msgId: 'm', group: 'r1', at: 'gateway', t: 100, reason: 'late-reply' });
    expect(d.prune(100 + DROP_SHOW_MS)).toBe(false);
    expect(d.items).toHaveLength(1);
    expect(d.prune(101 + DROP_SHOW_MS)).toBe(true);
    expect(d.items).toHaveLength(0);
  });

  it('every hop of a message keeps its wire envelope for the inspector, oldest messages forgotten first', () => {
    const tokens = new TokenBuffer();
    const log = new WireLog(2);
    const wire = { channel: 'orders_queue', body: {}, headers: { correlationId: 'm1' } };
    const hop = {
      t: 0,
      msgId: 'm1',
      kind: 'request' as const,
      from: 'gateway',
      to: 'broker',
      arriveAt: 5,
      wire,
    };
    log.add(tokens.add(hop, 'r1'));
    log.add(tokens.add({ ...hop, from: 'broker', to: 'orders#1', t: 5, arriveAt: 9 }, 'r1'));
    expect(log.get('m1').map((h) => h.to)).toEqual(['broker', 'orders#1']);
    expect(log.get('m1')[0]!.wire).toBe(wire);
    log.add(tokens.add({ ...hop, msgId: 'm2' }, 'r2'));
    log.add(tokens.add({ ...hop, msgId: 'm3' }, 'r3'));
    expect(log.get('m1')).toEqual([]);
    expect(log.get('m3')).toHaveLength(1);
  });
});

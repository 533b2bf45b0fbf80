import { describe, expect, it } from 'vitest';
import { bulkheadOf, concurrencyOf, formatBusy, instanceLoad, percentOf } from './load';

const model = {
  services: [
    { id: 'orders', capacity: { concurrency: 4 } },
    { id: 'notifications' },
    { id: 'svc#odd', capacity: { concurrency: 2 } },
  ],
};

describe('per-instance load: a share of capacity only behind a bulkhead', () => {
  it('finds the bulkhead of an instance by its service', () => {
    const c = concurrencyOf(model);
    expect(c('orders#2')).toBe(4);
    expect(c('notifications#1')).toBeUndefined();
    expect(c('svc#odd#3')).toBe(2);
    expect(c('gateway')).toBeUndefined();
    expect(concurrencyOf(null)('orders#1')).toBeUndefined();
    expect(bulkheadOf(model, 'orders#1')).toBe(4);
    expect(bulkheadOf(model, 'notifications#1')).toBeUndefined();
  });

  it('without a bulkhead the engine value (busy / 1) is an average count, never a percentage', () => {
    // The engine reports 4.2 for an unlimited service averaging 4.2 handlings: not "420 %".
    expect(instanceLoad(4.2, undefined)).toEqual({ kind: 'busy', busy: 4.2 });
  });

  it('with a bulkhead it is a share of capacity, at most 100 %', () => {
    expect(instanceLoad(0.725, 4)).toEqual({ kind: 'share', share: 0.725, concurrency: 4 });
    expect(percentOf(instanceLoad(0.725, 4).kind === 'share' ? 0.725 : 0)).toBe(73);
    expect(instanceLoad(1.3, 4)).toMatchObject({ share: 1 });
    expect(percentOf(1.3)).toBe(100);
    expect(instanceLoad(Number.NaN, undefined)).toEqual({ kind: 'busy', busy: 0 });
  });

  it('numbers read as each language writes them', () => {
    expect(formatBusy(4.25, 'en')).toBe('4.3');
    expect(formatBusy(4.25, 'pt-BR')).toBe('4,3');
    expect(formatBusy(12, 'pt-BR')).toBe('12,0');
    expect(formatBusy(0.04, 'en')).toBe('0.0');
  });
});

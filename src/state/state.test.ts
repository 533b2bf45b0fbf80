import { describe, expect, it } from 'vitest';
import type { InstanceView } from '../engine/types';
import { groupInstanceIds, mergeInstances } from './simStore';

const inst = (id: string, status: InstanceView['status'], busy = 0): InstanceView => ({
  id,
  service: id.split('#')[0]!,
  index: Number(id.split('#')[1]),
  status,
  busy,
  handled: {},
});

describe('mirror structural sharing', () => {
  it('when nothing changed, the instances record keeps its identity (no re-render)', () => {
    const prev = mergeInstances({}, [inst('orders#1', 'up'), inst('orders#2', 'up')]);
    const next = mergeInstances(prev, [inst('orders#1', 'up'), inst('orders#2', 'up')]);
    expect(next).toBe(prev);
  });

  it('when one instance changes, only its entry is new', () => {
    const prev = mergeInstances({}, [inst('orders#1', 'up'), inst('orders#2', 'up')]);
    const next = mergeInstances(prev, [inst('orders#1', 'down'), inst('orders#2', 'up')]);
    expect(next).not.toBe(prev);
    expect(next['orders#2']).toBe(prev['orders#2']);
    expect(next['orders#1']?.status).toBe('down');
  });

  it('a pause is a change (the fault menus offer resume from it)', () => {
    const prev = mergeInstances({}, [inst('orders#1', 'up')]);
    const next = mergeInstances(prev, [{ ...inst('orders#1', 'up'), paused: true }]);
    expect(next['orders#1']?.paused).toBe(true);
  });

  it('instance ids are grouped per service in index order and shared when unchanged', () => {
    const a = groupInstanceIds({}, [inst('orders#2', 'up'), inst('orders#1', 'up')]);
    expect(a['orders']).toEqual(['orders#1', 'orders#2']);
    expect(groupInstanceIds(a, [inst('orders#1', 'up'), inst('orders#2', 'down')])).toBe(a);
  });
});

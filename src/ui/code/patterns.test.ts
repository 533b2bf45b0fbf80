import { describe, expect, test } from 'vitest';
import type { LogEntry } from '../../state';
import { latestMessage, selectedPattern } from './patterns';

const line = (id: number, kind: LogEntry['kind'], extra: Partial<LogEntry>): LogEntry => ({
  id,
  t: id,
  kind,
  tone: 'info',
  actor: 'gateway',
  params: {},
  ...extra,
});

// Newest first, as the sim mirror keeps it.
const log: LogEntry[] = [
  line(6, 'handledEvent', { params: { pattern: 'order_created' }, select: 'r2', msg: 'm3' }),
  line(5, 'emit', { params: { pattern: 'order_created' }, select: 'r2', msg: 'm3' }),
  line(4, 'httpRequest', { params: { route: 'POST /orders' }, select: 'r2' }),
  line(3, 'handledRequest', { params: { pattern: 'get_order' }, select: 'r1', msg: 'm1' }),
  line(2, 'send', { params: { pattern: 'get_order' }, select: 'r1', msg: 'm1' }),
  line(1, 'httpRequest', { params: { route: 'GET /orders/:id' }, select: 'r1' }),
];

describe('selectedPattern', () => {
  test('an inspected message gives its own pattern', () => {
    expect(selectedPattern(log, 'r2', 'm1')).toBe('get_order');
  });
  test('a selected request chain gives the pattern its gateway sent', () => {
    expect(selectedPattern(log, 'r1', null)).toBe('get_order');
    expect(selectedPattern(log, 'r2', null)).toBe('order_created');
  });
  test('nothing selected, or a selection no longer in the log, gives null', () => {
    expect(selectedPattern(log, null, null)).toBeNull();
    expect(selectedPattern(log, 'gone', 'gone')).toBeNull();
  });
});

describe('latestMessage', () => {
  test('finds the newest send or emit of a pattern', () => {
    const newer = line(7, 'send', { params: { pattern: 'get_order' }, select: 'r3', msg: 'm4' });
    expect(latestMessage([newer, ...log], 'get_order')).toEqual({ select: 'r3', msg: 'm4' });
    expect(latestMessage(log, 'order_created')).toEqual({ select: 'r2', msg: 'm3' });
  });
  test('a pattern never sent yet selects nothing', () => {
    expect(latestMessage(log, 'cancel_order')).toBeNull();
  });
});

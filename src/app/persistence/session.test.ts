import { describe, expect, it } from 'vitest';
import {
  BACKUP_PREFIX,
  parseSession,
  readSession,
  SESSION_KEY,
  writeSession,
  type SavedSession,
  type StorageLike,
} from './session';

class FakeStorage implements StorageLike {
  map = new Map<string, string>();
  quota = Infinity;
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    const used = [...this.map.values()].reduce((n, x) => n + x.length, 0);
    if (used + v.length > this.quota) throw new DOMException('full', 'QuotaExceededError');
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

const session: SavedSession = {
  v: 1,
  savedAt: 1,
  scenario: { name: 'orders', text: '{"version":1}', origin: 'bundled', seed: 7 },
  edits: { kind: 'redis', services: { orders: { kind: 'nats', options: { queue: null } } } },
  lang: 'pt-BR',
  speed: 2,
};

describe('autosave session', () => {
  it('when nothing was saved, reading says none', () => {
    expect(readSession(new FakeStorage())).toEqual({ kind: 'none' });
  });

  it('a saved session reads back identical', () => {
    const s = new FakeStorage();
    expect(writeSession(s, session)).toBe('saved');
    expect(readSession(s)).toEqual({ kind: 'ok', session });
  });

  it('when the stored value is not JSON, it is backed up under brokerlab:backup:<ts> and removed', () => {
    const s = new FakeStorage();
    s.setItem(SESSION_KEY, '{not json');
    expect(readSession(s, 123)).toEqual({ kind: 'corrupt', backupKey: `${BACKUP_PREFIX}123` });
    expect(s.getItem(`${BACKUP_PREFIX}123`)).toBe('{not json');
    expect(s.getItem(SESSION_KEY)).toBeNull();
  });

  it('a wrong shape, a newer version or a hostile edit is refused, not guessed at', () => {
    const bad = [
      { ...session, v: 2 },
      { ...session, lang: 'xx' },
      { ...session, speed: -1 },
      { ...session, edits: { services: { a: { kind: 'smtp' } } } },
      { ...session, edits: { services: { a: { options: { queue: { $gt: 1 } } } } } },
      { ...session, scenario: { ...session.scenario, origin: 'javascript:' } },
      [],
      null,
    ];
    for (const b of bad) expect(parseSession(JSON.stringify(b))).toBeNull();
  });

  it('when storage is full, saving reports quota instead of throwing', () => {
    const s = new FakeStorage();
    s.quota = 10;
    expect(writeSession(s, session)).toBe('quota');
  });

  it('when even the backup does not fit, the corrupt value is still removed', () => {
    const s = new FakeStorage();
    s.setItem(SESSION_KEY, 'x'.repeat(20));
    s.quota = 25;
    expect(readSession(s, 5)).toEqual({ kind: 'corrupt', backupKey: null });
    expect(s.getItem(SESSION_KEY)).toBeNull();
  });

  it('a storage that throws on read is unavailable, not a crash', () => {
    const s: StorageLike = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => undefined,
      removeItem: () => undefined,
    };
    expect(readSession(s)).toEqual({ kind: 'unavailable' });
    expect(readSession(null)).toEqual({ kind: 'unavailable' });
  });
});

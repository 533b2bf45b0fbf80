import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from './index';
import { migrate } from './migrate';
import { CURRENT_VERSION } from './schema';

const orders = readFileSync(new URL('../../simulations/orders.json', import.meta.url), 'utf8');

describe('format versions', () => {
  it('a version-1 file (the bundled orders scenario) still opens in the current format', () => {
    expect(JSON.parse(orders).version).toBe(1);
    const r = parseScenarioText(orders);
    expect(r.ok).toBe(true);
  });

  it('migrating a current-version file leaves it as it is', () => {
    const file = { version: CURRENT_VERSION, nodes: [] };
    expect(migrate(file)).toEqual({ ok: true, value: file });
  });

  it('a newer version is refused with a path and a reason, not guessed at', () => {
    const r = migrate({ version: 99 });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toEqual([
        { path: 'version', message: expect.stringContaining('needs a newer BrokerLab') },
      ]);
  });

  it('a missing, fractional or non-number version names the version field', () => {
    for (const version of [undefined, 1.5, '1', 0, -1]) {
      const r = migrate({ version });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error[0]?.path).toBe('version');
    }
  });

  it('a non-object is refused at the root', () => {
    for (const v of [null, [], 'x', 3]) {
      const r = migrate(v);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error[0]?.path).toBe('');
    }
  });
});

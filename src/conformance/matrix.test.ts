import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASES_DIR, MATRIX } from './matrix';
import { loadInput, transportOf } from './run';

describe('the conformance cases', () => {
  const files = readdirSync(CASES_DIR).filter((f) => f.endsWith('.json'));

  it('every case file is in the matrix and every matrix row has its file', () => {
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it.each(Object.entries(MATRIX))('%s is valid on each of its transports', (name, kinds) => {
    const json: unknown = JSON.parse(readFileSync(join(CASES_DIR, `${name}.json`), 'utf8'));
    for (const kind of kinds) {
      const input = loadInput(name, json, kind);
      expect(transportOf(input.model)).toBe(kind);
      // Only what the real side can play (real.ts refuses the rest).
      for (const s of input.model.script)
        expect(['http', 'kill', 'restart', 'brokerDown', 'brokerUp']).toContain(s.command.type);
    }
  });
});

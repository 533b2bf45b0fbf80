/**
 * Format versions. A file states its `version`; `migrate` upgrades it one version at a time to
 * the current one, so a teacher's old file keeps working. To change the format: bump
 * `CURRENT_VERSION` and add `MIGRATIONS[old]` that turns a version-`old` object into `old + 1`.
 */
import { err, ok, type Result } from '../shared';
import { describe, type ScenarioIssue } from './issues';
import { CURRENT_VERSION } from './schema';

type Raw = Record<string, unknown>;

/** `MIGRATIONS[n]` upgrades a version-n file to version n + 1 (pure: returns a new object). */
export const MIGRATIONS: Readonly<Record<number, (file: Raw) => Raw>> = {
  // Example for the future: 1: (f) => ({ ...f, version: 2, policies: [] }),
};

export const isPlainObject = (v: unknown): v is Raw =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Upgrades a parsed JSON value to the current format version, or says why it cannot. */
export function migrate(raw: unknown): Result<Raw, ScenarioIssue[]> {
  if (!isPlainObject(raw))
    return err([
      { path: '', message: `expected a scenario object {"version": …}, got ${describe(raw)}` },
    ]);
  const v = raw.version;
  if (v === undefined)
    return err([
      { path: 'version', message: `missing; expected the format version (${CURRENT_VERSION})` },
    ]);
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)
    return err([{ path: 'version', message: `expected a whole number ≥ 1, got ${describe(v)}` }]);
  if (v > CURRENT_VERSION)
    return err([
      {
        path: 'version',
        message: `this file needs a newer BrokerLab (format version ${v}); this one reads up to ${CURRENT_VERSION}`,
      },
    ]);
  let file = raw;
  for (let from = v; from < CURRENT_VERSION; from++) {
    const step = MIGRATIONS[from];
    if (!step)
      return err([{ path: 'version', message: `format version ${from} is no longer supported` }]);
    file = step(file);
  }
  return ok(file);
}

import { defineConfig, mergeConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import base from './vitest.mutation.config';
// TEMPORARY (not committed): the engine's original test files run first, so that with bail a
// mutant killed by a new test was not killed by any original one (the "before" score).
const ORIGINAL = [
  'core/eventQueue.test.ts',
  'core/histogram.test.ts',
  'resilience/resilience.test.ts',
  'resilienceLab.test.ts',
  'simulation.test.ts',
  'transports/semantics.test.ts',
  'transports/streaming.test.ts',
];
const rank = (s: TestSpecification) => {
  const i = ORIGINAL.findIndex((f) => s.moduleId.endsWith(`src/engine/${f}`));
  return i < 0 ? ORIGINAL.length : i;
};
class OriginalFirst extends BaseSequencer {
  async sort(files: TestSpecification[]) {
    return [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId));
  }
}
export default mergeConfig(base, defineConfig({ test: { sequence: { sequencer: OriginalFirst } } }));

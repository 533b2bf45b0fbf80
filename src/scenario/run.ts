/**
 * The run file: a scenario, a seed and the learner's commands, each at the virtual time it took
 * effect — `{ "version": 1, "kind": "run", "scenario": {…}, "seed": n, "commands": [...], "at"? }`.
 * Commands are script lines (`{"at": 250, "kill": "orders#1"}`), validated by the same step schema
 * and reference checks as a scenario's `script`, so every issue names its field
 * (`commands[3].kill: no service "order" (did you mean "orders"?)`,
 * `scenario.nodes[2].replicas: …`).
 */
import { z } from 'zod';
import type { ScriptStep, SimModel } from '../engine/types';
import { MAX_AT_MS, type StepFields } from './actions';
import { checkScenario } from './check';
import { compileScenario, compileScript } from './compile';
import { expected, list, obj, wholeNumber } from './fields';
import { capIssues, describe, type ScenarioIssue } from './issues';
import { isPlainObject, migrate } from './migrate';
import { scenarioSchema, scriptStep, type ScenarioFile } from './schema';
import { fromZodIssues } from './zodIssues';

/** The newest run format version this build reads. */
export const RUN_VERSION = 1;
/** A run records every learner action; a long lesson with sliders stays far below this. */
export const MAX_RUN_COMMANDS = 20_000;

const runEnvelope = obj(
  {
    $schema: z.string().optional().describe('Editor hint (path or URL of run.schema.json).'),
    version: z
      .literal(RUN_VERSION, {
        error: (iss) => expected(`run format version ${RUN_VERSION}`, iss.input),
      })
      .describe('Format version of this run file.'),
    kind: z
      .literal('run', { error: (iss) => expected('"run"', iss.input) })
      .describe('Says this file is a run (a scenario file has no "kind").'),
    scenario: z
      .unknown()
      .refine((v) => v !== undefined, { error: 'missing; expected a scenario object' })
      .describe('The scenario the run played, as a scenario file (see scenario.schema.json).'),
    seed: wholeNumber(0, 0xffffffff).describe('Seed of the simulation RNG for this run.'),
    commands: list(scriptStep, 'commands', MAX_RUN_COMMANDS)
      .default([])
      .describe('The learner’s actions in time order, as script steps {"at": ms, <action>: …}.'),
    at: wholeNumber(0, MAX_AT_MS)
      .optional()
      .describe('The moment (virtual ms) the run was saved or shared at; the app opens there.'),
  },
  'a run {"version": 1, "kind": "run", "scenario": …, "seed": …, "commands": […]}',
);

/** A run file after validation. */
export interface RunValue {
  model: SimModel;
  /** The scenario file as given (migrated, not compiled): saved again with the run. */
  scenario: Record<string, unknown>;
  seed: number;
  /** The commands as the file states them (script-step form), in time order. */
  steps: StepFields[];
  /** The same commands compiled for the engine. */
  commands: ScriptStep[];
  at?: number;
}

export type RunParse =
  { ok: true; value: RunValue; warnings: ScenarioIssue[] } | { ok: false; error: ScenarioIssue[] };

/** True when a parsed JSON value says it is a run file (`"kind": "run"`). */
export const isRunFile = (v: unknown): boolean => isPlainObject(v) && v.kind === 'run';

const fail = (error: ScenarioIssue[]): RunParse => ({ ok: false, error: capIssues(error) });

/** Validates and compiles a run file (a parsed JSON value). Never throws. */
export function parseRun(input: unknown): RunParse {
  try {
    return parse(input);
  } catch (e) {
    return fail([{ path: '', message: `could not read the run: ${String(e)}` }]);
  }
}

function parse(input: unknown): RunParse {
  if (!isPlainObject(input))
    return fail([
      { path: '', message: `expected a run object {"kind": "run", …}, got ${describe(input)}` },
    ]);
  const env = runEnvelope.safeParse(input);
  if (!env.success) return fail(fromZodIssues(env.error.issues));
  const run = env.data;

  const migrated = migrate(run.scenario);
  if (!migrated.ok) return fail(migrated.error.map((i) => ({ ...i, path: scenarioPath(i.path) })));
  const parsed = scenarioSchema.safeParse(migrated.value);
  if (!parsed.success) return fail(fromZodIssues(parsed.error.issues, ['scenario']));
  const file: ScenarioFile = parsed.data;

  const steps = run.commands as StepFields[];
  const order: ScenarioIssue[] = [];
  for (let i = 1; i < steps.length; i++)
    if (steps[i]!.at < steps[i - 1]!.at)
      order.push({
        path: `commands[${i}].at`,
        message: `commands are in time order: ${steps[i]!.at} comes after ${steps[i - 1]!.at} (commands[${i - 1}])`,
      });
  if (order.length) return fail(order);

  const { errors, warnings } = checkScenario(file, {
    prefix: 'scenario.',
    commands: { base: 'commands', steps },
  });
  if (errors.length) return fail(errors);
  const model = { ...compileScenario(file), seed: run.seed };
  return {
    ok: true,
    value: {
      model,
      scenario: migrated.value,
      seed: run.seed,
      steps,
      commands: compileScript(steps),
      ...(run.at !== undefined ? { at: run.at } : {}),
    },
    warnings: capIssues(warnings),
  };
}

const scenarioPath = (path: string) =>
  path === '' ? 'scenario' : path.startsWith('[') ? `scenario${path}` : `scenario.${path}`;

/** The run file's JSON text for a run (the format `parseRun` reads). */
export function runFile(run: {
  scenario: unknown;
  seed: number;
  steps: readonly StepFields[];
  at?: number;
}): Record<string, unknown> {
  return {
    version: RUN_VERSION,
    kind: 'run',
    scenario: run.scenario,
    seed: run.seed,
    commands: run.steps,
    ...(run.at !== undefined ? { at: run.at } : {}),
  };
}

/** The run file format for documentation (`npm run schema` writes docs/run.schema.json). */
export const runEnvelopeSchema = runEnvelope;

/**
 * A checker for one command at a time against a scenario (the worker refuses a learner's command
 * that would not make a valid run file). Returns the first problem as text, or null when fine.
 */
export function commandChecker(scenario: unknown): (step: StepFields) => string | null {
  const migrated = migrate(scenario);
  const parsed = migrated.ok ? scenarioSchema.safeParse(migrated.value) : null;
  const file = parsed?.success ? parsed.data : null;
  return (step) => {
    if (!file) return 'the scenario is not valid';
    const shape = scriptStep.safeParse(step);
    if (!shape.success) {
      const [first] = fromZodIssues(shape.error.issues, ['command']);
      return first ? `${first.path}: ${first.message}` : 'not a valid command';
    }
    const { errors } = checkScenario(file, { commands: { base: 'command', steps: [step] } });
    const own = errors.find((e) => e.path.startsWith('command'));
    return own ? `${own.path}: ${own.message}` : null;
  };
}

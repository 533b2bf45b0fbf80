/**
 * The scenario format's public API: parse (migrate → schema → checks → compile) with readable,
 * path-named issues; never throws.
 */
import { z } from 'zod';
import type { SimModel } from '../engine/types';
import { checkScenario } from './check';
import { compileScenario } from './compile';
import { capIssues, describe, type ScenarioIssue } from './issues';
import { migrate } from './migrate';
import { CURRENT_VERSION, documentationSchema, LIMITS, route, scenarioSchema } from './schema';
import { fromZodIssues } from './zodIssues';
import { findJsonSyntaxError } from './jsonSyntax';
import { isRunFile, parseRun, runEnvelopeSchema, RUN_VERSION, type RunValue } from './run';

export type { ScenarioIssue } from './issues';
export { formatIssue } from './issues';
export { scenarioSchema, CURRENT_VERSION, LIMITS } from './schema';
export type { ScenarioFile } from './schema';
export { migrate } from './migrate';
export { compileScenario } from './compile';
export { SCRIPT_ACTIONS, commandToStep } from './actions';
export type { StepFields } from './actions';
export { parseRun, runFile, isRunFile, RUN_VERSION, MAX_RUN_COMMANDS } from './run';
export type { RunValue, RunParse } from './run';

export interface ParseOk {
  ok: true;
  value: SimModel;
  warnings: ScenarioIssue[];
}
export interface ParseFail {
  ok: false;
  error: ScenarioIssue[];
}

/** Scenario texts larger than this are refused before parsing (a scenario is a few KB). */
export const MAX_TEXT_LENGTH = 2_000_000;

const fail = (error: ScenarioIssue[]): ParseFail => ({ ok: false, error: capIssues(error) });

/** Refuses oversized lists before the schema walks every item of them. */
function checkSizes(file: Record<string, unknown>): ScenarioIssue[] {
  const sizes: [keyof typeof file & string, number, string][] = [
    ['nodes', LIMITS.nodes, 'nodes'],
    ['routes', LIMITS.routes, 'routes'],
    ['script', LIMITS.scriptSteps, 'script steps'],
  ];
  const issues: ScenarioIssue[] = [];
  for (const [key, max, what] of sizes) {
    const v = file[key];
    if (Array.isArray(v) && v.length > max)
      issues.push({ path: key, message: `too many ${what}: at most ${max}, got ${v.length}` });
  }
  return issues;
}

function parse(input: unknown): ParseOk | ParseFail {
  const migrated = migrate(input);
  if (!migrated.ok) return fail(migrated.error);
  const tooBig = checkSizes(migrated.value);
  if (tooBig.length) return fail(tooBig);
  const parsed = scenarioSchema.safeParse(migrated.value);
  if (!parsed.success) return fail(fromZodIssues(parsed.error.issues));
  const { errors, warnings } = checkScenario(parsed.data);
  if (errors.length) return fail(errors);
  return { ok: true, value: compileScenario(parsed.data), warnings: capIssues(warnings) };
}

function safeString(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return 'unknown error';
  }
}

/** Validates and compiles a scenario (a parsed JSON value). Never throws. */
export function parseScenario(input: unknown): ParseOk | ParseFail {
  try {
    return parse(input);
  } catch (e) {
    return fail([{ path: '', message: `could not read the scenario: ${safeString(e)}` }]);
  }
}

function jsonErrorIssue(text: string, e: unknown): ScenarioIssue {
  const found = findJsonSyntaxError(text);
  if (found)
    return {
      path: '',
      message: `invalid JSON at line ${found.line}, column ${found.column}: ${found.reason}`,
    };
  // The scanner accepted what JSON.parse refused (e.g. nesting too deep for the engine).
  return { path: '', message: `invalid JSON: ${safeString(e)}` };
}

/** JSON text → value; a syntax error is one issue (path `''`) with line and column. */
function readJson(text: string): { ok: true; value: unknown } | ParseFail {
  if (typeof text !== 'string')
    return fail([{ path: '', message: `expected JSON text, got ${describe(text)}` }]);
  if (text.length > MAX_TEXT_LENGTH)
    return fail([
      {
        path: '',
        message: `the file is too large: at most ${MAX_TEXT_LENGTH} characters, got ${text.length}`,
      },
    ]);
  if (text.trim() === '') return fail([{ path: '', message: 'the file is empty' }]);
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch (e) {
    return fail([jsonErrorIssue(text, e)]);
  }
}

/** Parses scenario JSON text; a syntax error is one issue (path `''`) with line and column. */
export function parseScenarioText(text: string): ParseOk | ParseFail {
  const json = readJson(text);
  return json.ok ? parseScenario(json.value) : json;
}

/** A scenario or a run file, validated: what the app and the CLI play. */
export type InputParse =
  { ok: true; kind: 'scenario' | 'run'; value: RunValue; warnings: ScenarioIssue[] } | ParseFail;

/**
 * Validates a scenario file or a run file (`"kind": "run"`) and returns it as a run: a scenario
 * is a run with no commands. Never throws.
 */
export function parseInput(input: unknown): InputParse {
  if (isRunFile(input)) {
    const r = parseRun(input);
    return r.ok ? { ok: true, kind: 'run', value: r.value, warnings: r.warnings } : r;
  }
  const r = parseScenario(input);
  if (!r.ok) return r;
  return {
    ok: true,
    kind: 'scenario',
    value: {
      model: r.value,
      scenario: input as Record<string, unknown>,
      seed: r.value.seed,
      steps: [],
      commands: [],
    },
    warnings: r.warnings,
  };
}

/** `parseInput` for JSON text (syntax errors with line and column). */
export function parseInputText(text: string): InputParse {
  const json = readJson(text);
  return json.ok ? parseInput(json.value) : json;
}

/** The run file format as JSON Schema; its `scenario` refers to scenario.schema.json. */
export function runJsonSchema(): object {
  const generated = z.toJSONSchema(runEnvelopeSchema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as { properties?: Record<string, object> } & Record<string, unknown>;
  if (generated.properties) {
    generated.properties.scenario = {
      $ref: 'scenario.schema.json',
      description: 'The scenario the run played (a scenario file).',
    };
    // A command is a script step: the same one-branch-per-action description.
    generated.properties.commands = {
      ...generated.properties.commands,
      items: { $ref: 'scenario.schema.json#/properties/script/items' },
    };
  }
  return {
    $schema: generated.$schema,
    $id: 'https://brokerlab.dev/run.schema.json',
    title: `BrokerLab run (format version ${RUN_VERSION})`,
    description:
      'A BrokerLab run: a scenario, a seed and the learner’s commands (script steps) at the virtual time each took effect. See docs/scenario-format.md, "Run files".',
    ...generated,
  };
}

let jsonSchema: object | undefined;

/** The file format as JSON Schema (draft 2020-12) for editors: `"$schema": "…/scenario.schema.json"`. */
export function scenarioJsonSchema(): object {
  if (jsonSchema) return jsonSchema;
  const generated = z.toJSONSchema(documentationSchema(), {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
    override: (ctx) => {
      // The route's "exactly one of send / emit" is a zod check; say it in JSON Schema too.
      if (ctx.zodSchema === route)
        ctx.jsonSchema.oneOf = [{ required: ['send'] }, { required: ['emit'] }];
    },
  });
  jsonSchema = {
    $schema: generated.$schema,
    $id: 'https://brokerlab.dev/scenario.schema.json',
    title: `BrokerLab scenario (format version ${CURRENT_VERSION})`,
    description:
      'A BrokerLab scenario: NestJS microservices (nodes), the HTTP routes of the gateway and a timed script. See docs/scenario-format.md.',
    ...generated,
  };
  return jsonSchema;
}

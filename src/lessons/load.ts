/**
 * Reading a lesson: JSON → schema (zod, field-path issues) → references (the scenario by name or
 * inline, spotlight ids, the services and instances goals name, every demo and solution command
 * checked against the lesson's scenario like a run's commands) → a `Lesson` ready to play. Never
 * throws. Scenario files are handed in by the caller (the CLI reads simulations/, the app bundles
 * them), so this stays pure.
 */
import type { ScriptStep, SimModel } from '../engine/types';
import { parseScenario } from '../scenario';
import type { StepFields } from '../scenario/actions';
import { compileScript } from '../scenario/compile';
import { capIssues, describe, unknownName, type ScenarioIssue } from '../scenario/issues';
import { findJsonSyntaxError } from '../scenario/jsonSyntax';
import { commandChecker } from '../scenario/run';
import { fromZodIssues } from '../scenario/zodIssues';
import { goalRefs } from './goals';
import {
  lessonIndexSchema,
  lessonSchema,
  type LessonFile,
  type LessonIndex,
  type LessonStep,
} from './schema';

/** A step with its commands compiled for the engine (times relative to the step's start). */
export interface PlayableStep {
  file: LessonStep;
  demo: ScriptStep[];
  solution: ScriptStep[];
}

export interface Lesson {
  file: LessonFile;
  /** The scenario as a file (inline or named; its script dropped unless `keepScript`). */
  scenario: Record<string, unknown>;
  model: SimModel;
  steps: PlayableStep[];
}

export type LessonParse = { ok: true; value: Lesson } | { ok: false; error: ScenarioIssue[] };

/** Scenario files by name (`orders` for simulations/orders.json), as parsed JSON. */
export type ScenarioFiles = ReadonlyMap<string, unknown>;

const fail = (error: ScenarioIssue[]): LessonParse => ({ ok: false, error: capIssues(error) });

export function parseLesson(input: unknown, scenarios: ScenarioFiles): LessonParse {
  try {
    return parse(input, scenarios);
  } catch (e) {
    return fail([{ path: '', message: `could not read the lesson: ${String(e)}` }]);
  }
}

/** Parses lesson JSON text; a syntax error is one issue with its line and column. */
export function parseLessonText(text: string, scenarios: ScenarioFiles): LessonParse {
  const json = readJson(text);
  return json.ok ? parseLesson(json.value, scenarios) : fail([json.issue]);
}

function readJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; issue: ScenarioIssue } {
  if (text.trim() === '') return { ok: false, issue: { path: '', message: 'the file is empty' } };
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch (e) {
    const found = findJsonSyntaxError(text);
    const message = found
      ? `invalid JSON at line ${found.line}, column ${found.column}: ${found.reason}`
      : `invalid JSON: ${String(e)}`;
    return { ok: false, issue: { path: '', message } };
  }
}

function resolveScenario(
  file: LessonFile,
  scenarios: ScenarioFiles,
): { ok: true; value: Record<string, unknown> } | { ok: false; error: ScenarioIssue[] } {
  if (typeof file.scenario !== 'string') return { ok: true, value: file.scenario };
  const named = scenarios.get(file.scenario);
  if (named === undefined)
    return {
      ok: false,
      error: [
        {
          path: 'scenario',
          message: unknownName(`no scenario "${file.scenario}"`, file.scenario, [
            ...scenarios.keys(),
          ]),
        },
      ],
    };
  if (typeof named !== 'object' || named === null || Array.isArray(named))
    return {
      ok: false,
      error: [
        { path: 'scenario', message: `"${file.scenario}" is ${describe(named)}, not a scenario` },
      ],
    };
  return { ok: true, value: named as Record<string, unknown> };
}

/** Node ids a spotlight may name: what the canvas draws (load balancers included). */
function canvasIds(model: SimModel): string[] {
  const ids = [model.client.id, model.gateway.id, ...model.services.map((s) => s.id)];
  if (model.broker) ids.push(model.broker.id);
  for (const s of model.services) ids.push(`lb:${s.id}`);
  return ids;
}

function parse(input: unknown, scenarios: ScenarioFiles): LessonParse {
  const parsed = lessonSchema.safeParse(input);
  if (!parsed.success) return fail(fromZodIssues(parsed.error.issues));
  const file = parsed.data;

  const resolved = resolveScenario(file, scenarios);
  if (!resolved.ok) return fail(resolved.error);
  const scenario = file.keepScript ? resolved.value : { ...resolved.value, script: [] };
  const compiled = parseScenario(scenario);
  if (!compiled.ok) {
    const where = typeof file.scenario === 'string' ? `scenario ("${file.scenario}")` : 'scenario';
    return fail(
      compiled.error.map((i) => ({
        path: i.path ? `${where}.${i.path}` : where,
        message: i.message,
      })),
    );
  }
  const model = file.seed !== undefined ? { ...compiled.value, seed: file.seed } : compiled.value;

  const errors: ScenarioIssue[] = [];
  const nodes = canvasIds(model);
  const services = model.services.map((s) => s.id);
  const check = commandChecker(scenario);
  const checkCommands = (base: string, steps: readonly StepFields[] | undefined) =>
    steps?.forEach((s, j) => {
      const problem = check(s);
      if (!problem) return;
      // The checker names the command `command[0].kill`; put it at its place in the lesson.
      const m = /^command(?:\[0\])?((?:\.|\[)[^:]*)?: (.*)$/s.exec(problem);
      errors.push(
        m
          ? { path: `${base}[${j}]${m[1] ?? ''}`, message: m[2]! }
          : { path: `${base}[${j}]`, message: problem },
      );
    });

  file.steps.forEach((s, i) => {
    const at = `steps[${i}]`;
    s.spotlight?.forEach((id, j) => {
      for (const end of id.split('->'))
        if (!nodes.includes(end))
          errors.push({
            path: `${at}.spotlight[${j}]`,
            message: unknownName(`no node "${end}"`, end, nodes),
          });
    });
    checkCommands(`${at}.demo`, s.demo as StepFields[] | undefined);
    checkCommands(`${at}.solution`, s.solution as StepFields[] | undefined);
    const scored = s.goal?.challenge?.service;
    if (s.goal)
      for (const ref of [
        ...goalRefs(s.goal.check, `${at}.goal.check`),
        ...(scored ? [{ path: `${at}.goal.challenge.service`, service: scored }] : []),
      ])
        if (!services.includes(ref.service))
          errors.push({
            path: ref.path,
            message: unknownName(`no service "${ref.service}"`, ref.service, services),
          });
  });
  if (errors.length) return fail(errors);

  return {
    ok: true,
    value: {
      file,
      scenario,
      model,
      steps: file.steps.map((s) => ({
        file: s,
        demo: compileScript((s.demo ?? []) as StepFields[]),
        solution: compileScript((s.solution ?? []) as StepFields[]),
      })),
    },
  };
}

export type IndexParse = { ok: true; value: LessonIndex } | { ok: false; error: ScenarioIssue[] };

/** The index: every lesson in exactly one track, every listed id an existing lesson. */
export function parseLessonIndex(input: unknown, lessonIds: readonly string[]): IndexParse {
  const parsed = lessonIndexSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: capIssues(fromZodIssues(parsed.error.issues)) };
  const errors: ScenarioIssue[] = [];
  const seen = new Map<string, string>();
  parsed.data.tracks.forEach((t, i) =>
    t.lessons.forEach((id, j) => {
      const path = `tracks[${i}].lessons[${j}]`;
      if (!lessonIds.includes(id))
        errors.push({ path, message: unknownName(`no lesson "${id}"`, id, lessonIds) });
      else if (seen.has(id))
        errors.push({ path, message: `"${id}" is already in ${seen.get(id)}` });
      else seen.set(id, path);
    }),
  );
  for (const id of lessonIds)
    if (!seen.has(id)) errors.push({ path: 'tracks', message: `lesson "${id}" is in no track` });
  return errors.length ? { ok: false, error: capIssues(errors) } : { ok: true, value: parsed.data };
}

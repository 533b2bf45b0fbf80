/**
 * Field builders: zod schemas that carry their own human error message ("expected a whole number
 * ≥ 0, got -1"). Every builder states what it expects once, and the message is derived from the
 * zod issue code (missing / wrong type / too small / too big / bad format).
 */
import { z } from 'zod';
import { describe, suggest } from './issues';

type RawIssue = z.core.$ZodRawIssue;

/**
 * The message of a strict object's unknown keys. A zod error map cannot split one issue into one
 * per key, so it lists the allowed keys after this prefix and `fromZodIssues` does the split (with
 * a "did you mean"). Read directly from zod, the message is still sensible.
 */
export const UNKNOWN_KEYS_PREFIX = 'unknown field; allowed fields: ';

const has = (iss: RawIssue, code: string) => iss.code === code;

/** The message for a value that is missing or of the wrong kind. */
export function expected(what: string, input: unknown): string {
  return input === undefined
    ? `missing; expected ${what}`
    : `expected ${what}, got ${describe(input)}`;
}

const numberWhat = (whole: boolean, min?: number, max?: number) => {
  const noun = whole ? 'a whole number' : 'a number';
  if (min !== undefined && max !== undefined) return `${noun} from ${min} to ${max}`;
  if (min !== undefined) return `${noun} ≥ ${min}`;
  if (max !== undefined) return `${noun} ≤ ${max}`;
  return noun;
};

function numberError(whole: boolean, min?: number, max?: number) {
  const what = numberWhat(whole, min, max);
  return (iss: RawIssue) => {
    if (has(iss, 'too_small') && min !== undefined)
      return `expected ${numberWhat(whole, min)}, got ${describe(iss.input)}`;
    if (has(iss, 'too_big') && max !== undefined)
      return `expected ${numberWhat(whole, undefined, max)}, got ${describe(iss.input)}`;
    return expected(what, iss.input);
  };
}

/** A safe integer within [min, max]. */
export function wholeNumber(min?: number, max?: number) {
  const error = numberError(true, min, max);
  let s = z.number({ error }).int({ error });
  if (min !== undefined) s = s.min(min, { error });
  if (max !== undefined) s = s.max(max, { error });
  return s;
}

/** A finite number within [min, max]. */
export function number(min?: number, max?: number) {
  const error = numberError(false, min, max);
  let s = z.number({ error });
  if (min !== undefined) s = s.min(min, { error });
  if (max !== undefined) s = s.max(max, { error });
  return s;
}

/** A non-empty string of at most `max` characters (hostile files cannot smuggle megabytes). */
export function text(what: string, max = 200) {
  const error = (iss: RawIssue) => {
    const input = iss.input;
    if (has(iss, 'too_small')) return `expected ${what}, got an empty text`;
    if (has(iss, 'too_big') && typeof input === 'string')
      return `expected ${what} of at most ${max} characters, got ${input.length} characters`;
    return expected(what, input);
  };
  return z.string({ error }).min(1, { error }).max(max, { error });
}

/** A string matching `re`; `what` explains the format to a human. */
export function formatted(what: string, re: RegExp, max = 200) {
  const error = (iss: RawIssue) => {
    const input = iss.input;
    if (has(iss, 'too_big') && typeof input === 'string')
      return `expected ${what} of at most ${max} characters, got ${input.length} characters`;
    return expected(what, input);
  };
  return z.string({ error }).max(max, { error }).regex(re, { error });
}

/** One of a fixed set of strings, with a "did you mean" for near misses (`"rqm"` → `rmq`). */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const list = values.join(', ');
  return z.enum(values, {
    error: (iss) => {
      const base = expected(`one of ${list}`, iss.input);
      const hint = typeof iss.input === 'string' ? suggest(iss.input, values) : undefined;
      return hint !== undefined && hint !== iss.input ? `${base} (did you mean "${hint}"?)` : base;
    },
  });
}

export function bool() {
  return z.boolean({ error: (iss) => expected('true or false', iss.input) });
}

/** A strict object: unknown keys are errors, reported one per key with a suggestion. */
export function obj<const S extends z.core.$ZodLooseShape>(shape: S, what: string) {
  const allowed = UNKNOWN_KEYS_PREFIX + Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) => (has(iss, 'unrecognized_keys') ? allowed : expected(what, iss.input)),
  });
}

/** A list of at most `max` items (`what` is the plural noun: "nodes"). */
export function list<T extends z.ZodType>(item: T, what: string, max: number, min = 0) {
  const error = (iss: RawIssue) => {
    const input = iss.input;
    if (has(iss, 'too_big') && Array.isArray(input))
      return `too many ${what}: at most ${max}, got ${input.length}`;
    if (has(iss, 'too_small'))
      return `expected at least ${min} ${what}, got ${Array.isArray(input) ? input.length : 0}`;
    return expected(`a list of ${what}`, input);
  };
  return z.array(item, { error }).min(min, { error }).max(max, { error });
}

import { z } from 'zod';
import type { Profile } from '../profile/profile.js';
import { PROFILE_FIELD_PATHS, fieldSpec, isProfileFieldPath, type ProfileFieldPath } from './profileFields.js';

/**
 * A small declarative condition language for care rules, written in JSON:
 *
 *   { "careStage": { "in": ["not_started", "not_sure"] } }      one value among several
 *   { "withdrawal.heavyUse": { "eq": true } }                    one exact value
 *   { "responsibilities": { "includesAny": ["school"] } }        list shares a value
 *   { "responsibilities": { "isEmpty": true } }                  answered "none"
 *   { "careStage": { "answered": false } }                       question skipped
 *   { "all": [ ... ] }, { "any": [ ... ] }, { "not": { ... } }   combinators
 *
 * An object with several field keys means all of them must hold.
 * An unanswered field never satisfies eq / in / includesAny / isEmpty.
 */

export type FieldTest =
  | { readonly kind: 'eq'; readonly value: string | boolean }
  | { readonly kind: 'in'; readonly values: readonly (string | boolean)[] }
  | { readonly kind: 'includesAny'; readonly values: readonly string[] }
  | { readonly kind: 'isEmpty'; readonly value: boolean }
  | { readonly kind: 'answered'; readonly value: boolean };

export type Condition =
  | { readonly op: 'all'; readonly of: readonly Condition[] }
  | { readonly op: 'any'; readonly of: readonly Condition[] }
  | { readonly op: 'not'; readonly of: Condition }
  | { readonly op: 'field'; readonly path: ProfileFieldPath; readonly test: FieldTest };

type Issues = z.core.$RefinementCtx;
type Path = (string | number)[];

const COMBINATORS = ['all', 'any', 'not'] as const;
const OPERATORS = ['eq', 'in', 'includesAny', 'isEmpty', 'answered'] as const;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function report(ctx: Issues, path: Path, message: string): undefined {
  ctx.addIssue({ code: 'custom', path, message });
  return undefined;
}

/** Checks one operand against the field's value schema; reports the first problem. */
function checkValue(ctx: Issues, path: Path, field: ProfileFieldPath, value: unknown): value is string | boolean {
  const result = fieldSpec(field).value.safeParse(value);
  if (result.success) return true;
  const shown = JSON.stringify(value);
  const hint = result.error.issues[0]?.message ?? 'invalid value';
  report(ctx, path, `${shown} is not a possible answer for "${field}" (${hint})`);
  return false;
}

function checkValues(ctx: Issues, path: Path, field: ProfileFieldPath, raw: unknown): (string | boolean)[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return report(ctx, path, 'expected a non-empty list of values');
  const values: (string | boolean)[] = [];
  raw.forEach((value, i) => {
    if (checkValue(ctx, [...path, i], field, value)) values.push(value);
  });
  return values.length === raw.length ? values : undefined;
}

function parseFieldTest(ctx: Issues, path: Path, field: ProfileFieldPath, raw: unknown): FieldTest | undefined {
  if (!isPlainObject(raw)) return report(ctx, path, `expected an operator object like { "eq": ... } for "${field}"`);
  const keys = Object.keys(raw);
  const [op] = keys;
  if (keys.length !== 1 || op === undefined) {
    return report(ctx, path, `expected exactly one operator (${OPERATORS.join(', ')}), got ${keys.length}`);
  }
  const operand = raw[op];
  const kind = fieldSpec(field).kind;
  const here = [...path, op];
  switch (op) {
    case 'answered':
    case 'isEmpty':
      if (op === 'isEmpty' && kind !== 'array') return report(ctx, here, `"isEmpty" only applies to list fields, not "${field}"`);
      if (typeof operand !== 'boolean') return report(ctx, here, 'expected true or false');
      return { kind: op, value: operand };
    case 'eq':
      if (kind !== 'scalar') return report(ctx, here, `"eq" only applies to single-answer fields; use "includesAny" for "${field}"`);
      return checkValue(ctx, here, field, operand) ? { kind: 'eq', value: operand } : undefined;
    case 'in': {
      if (kind !== 'scalar') return report(ctx, here, `"in" only applies to single-answer fields; use "includesAny" for "${field}"`);
      const values = checkValues(ctx, here, field, operand);
      return values && { kind: 'in', values };
    }
    case 'includesAny': {
      if (kind !== 'array') return report(ctx, here, `"includesAny" only applies to list fields; use "in" for "${field}"`);
      const values = checkValues(ctx, here, field, operand);
      return values && { kind: 'includesAny', values: values.map(String) };
    }
    default:
      return report(ctx, here, `unknown operator "${op}" (expected one of ${OPERATORS.join(', ')})`);
  }
}

/** Parses the JSON form into a Condition tree, reporting every problem with its path. */
export function parseCondition(raw: unknown, ctx: Issues, path: Path = []): Condition | undefined {
  if (!isPlainObject(raw)) return report(ctx, path, 'expected a condition object');
  const keys = Object.keys(raw);
  if (keys.length === 0) return report(ctx, path, 'expected at least one test; an empty condition is ambiguous');

  const combinator = keys.find((k): k is (typeof COMBINATORS)[number] => (COMBINATORS as readonly string[]).includes(k));
  if (combinator !== undefined) {
    if (keys.length > 1) return report(ctx, path, `"${combinator}" must be the only key in its object; wrap siblings in "all"`);
    const operand = raw[combinator];
    const here = [...path, combinator];
    if (combinator === 'not') {
      const inner = parseCondition(operand, ctx, here);
      return inner && { op: 'not', of: inner };
    }
    if (!Array.isArray(operand) || operand.length === 0) return report(ctx, here, 'expected a non-empty list of conditions');
    const parts = operand.map((item, i) => parseCondition(item, ctx, [...here, i]));
    const of = parts.filter((c): c is Condition => c !== undefined);
    return of.length === parts.length ? { op: combinator, of } : undefined;
  }

  const tests: Condition[] = [];
  let ok = true;
  for (const key of keys) {
    if (!isProfileFieldPath(key)) {
      ok = false;
      report(ctx, [...path, key], `unknown profile field "${key}" (expected one of ${PROFILE_FIELD_PATHS.join(', ')}, or all/any/not)`);
      continue;
    }
    const test = parseFieldTest(ctx, [...path, key], key, raw[key]);
    if (test === undefined) ok = false;
    else tests.push({ op: 'field', path: key, test });
  }
  if (!ok) return undefined;
  const [only] = tests;
  return tests.length === 1 && only !== undefined ? only : { op: 'all', of: tests };
}

function testField(value: unknown, test: FieldTest): boolean {
  switch (test.kind) {
    case 'answered':
      return (value !== undefined) === test.value;
    case 'eq':
      return value !== undefined && value === test.value;
    case 'in':
      return (typeof value === 'string' || typeof value === 'boolean') && test.values.includes(value);
    case 'includesAny':
      return Array.isArray(value) && value.some((v) => test.values.includes(String(v)));
    case 'isEmpty':
      return Array.isArray(value) && (value.length === 0) === test.value;
  }
}

export function evaluateCondition(condition: Condition, profile: Profile): boolean {
  switch (condition.op) {
    case 'all':
      return condition.of.every((c) => evaluateCondition(c, profile));
    case 'any':
      return condition.of.some((c) => evaluateCondition(c, profile));
    case 'not':
      return !evaluateCondition(condition.of, profile);
    case 'field':
      return testField(fieldSpec(condition.path).read(profile), condition.test);
  }
}

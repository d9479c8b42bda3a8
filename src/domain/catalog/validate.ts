import type { z } from 'zod';
import { Catalog } from './schema.js';

/**
 * Turns zod issues into lines a data editor can act on:
 *   Program "oak-ridge-03": address.zip: expected 5 digits
 * Lines carry only the record id, the field path and the problem, never field values,
 * because they are logged when a hot reload is refused.
 */

/** Most problems shown in one error; the rest are counted. */
export const MAX_PROBLEMS_SHOWN = 20;

export class CatalogError extends Error {
  constructor(
    message: string,
    /** One line per problem (id, field, problem); empty for file-level errors. */
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'CatalogError';
  }
}

type PathKey = PropertyKey;

/** `iopTracks[0].end` style, the way people read paths in JSON. */
export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === 'number') node = node[key];
    else if (isRecord(node) && typeof key === 'string') node = node[key];
    else return undefined;
  }
  return node;
}

/** How a program is named in messages: by its id when it has a usable one. */
function programLabel(raw: unknown, index: number): string {
  const id = valueAt(raw, ['programs', index, 'id']);
  if (typeof id === 'string' && /^[a-z0-9-]{1,100}$/.test(id)) return `Program "${id}"`;
  return `Program #${index + 1} (no valid id)`;
}

function problemText(raw: unknown, issue: z.core.$ZodIssue): string {
  // zod says "expected string, received undefined"; say plainly that the field is missing.
  if (issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined) return 'is required but missing';
  return issue.message;
}

export function describeIssue(raw: unknown, issue: z.core.$ZodIssue): string {
  const [first, second, ...rest] = issue.path;
  if (first === 'programs' && typeof second === 'number') {
    const field = formatPath(rest);
    return `${programLabel(raw, second)}: ${field === '' ? '(record)' : field}: ${problemText(raw, issue)}`;
  }
  const where = formatPath(issue.path);
  return `${where === '' ? '(catalog)' : where}: ${problemText(raw, issue)}`;
}

/** Validates parsed JSON as a catalog; throws CatalogError naming each bad record. */
export function parseCatalog(raw: unknown, fileLabel: string): Catalog {
  if (!isRecord(raw)) {
    throw new CatalogError(`Invalid catalog ${fileLabel}: expected an object with "meta" and "programs"`, [
      '(catalog): expected an object with "meta" and "programs"',
    ]);
  }
  const result = Catalog.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => describeIssue(raw, issue));
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
  const more = problems.length > shown.length ? [`… and ${problems.length - shown.length} more problems`] : [];
  const message =
    problems.length === 1
      ? `Invalid catalog ${fileLabel}: ${problems[0]}`
      : `Invalid catalog ${fileLabel} (${problems.length} problems):\n  ${[...shown, ...more].join('\n  ')}`;
  throw new CatalogError(message, problems);
}

/**
 * JSON.parse, but the error keeps only V8's reason and the line and column: V8 also
 * quotes a stretch of the file's text, which must not reach the logs.
 */
export function parseJsonText(text: string, fileLabel: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CatalogError(`Catalog file ${fileLabel} is not valid JSON: ${describeJsonError(text, error)}`);
  }
}

export function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const located = /^(.*?) in JSON at position (\d+)/.exec(message);
  if (located?.[1] !== undefined && located[2] !== undefined) {
    const offset = Number(located[2]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return `${located[1]} (line ${line}, column ${column})`;
  }
  const token = /^Unexpected token '.'/.exec(message);
  if (token) return token[0];
  if (/end of JSON input/.test(message)) return 'it ends too early';
  return 'it cannot be parsed';
}

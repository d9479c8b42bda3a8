import { createReadStream } from 'node:fs';

/**
 * Streams the elements of a top-level JSON array (a Meeting Guide feed) out of a file without
 * holding the file in memory: a small scanner finds where each element starts and ends
 * (tracking strings, escapes and nesting), and each element's text is parsed on its own with
 * JSON.parse. So memory is bounded by the largest element, and one element that is not valid
 * JSON is reported as a bad row while the rest of the feed still imports. (stream-json, which
 * the program catalog uses for its nested export, tokenizes every character in JavaScript: on a
 * 100,000-meeting feed this reads the same rows about five times faster.)
 */

export class JsonArrayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonArrayError';
  }
}

export type ArrayElement = { index: number; value: unknown } | { index: number; error: string };

/** One element with more text than this is reported as bad rather than collected without limit. */
export const MAX_ELEMENT_CHARS = 1 << 20;

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff;

export async function* arrayElements(
  file: string,
  { maxElementChars = MAX_ELEMENT_CHARS, onBytes }: { maxElementChars?: number; onBytes?: (bytesRead: number) => void } = {},
): AsyncGenerator<ArrayElement> {
  const stream = createReadStream(file, { highWaterMark: 64 * 1024 });
  let bytesRead = 0;
  stream.on('data', (chunk) => {
    bytesRead += (chunk as Buffer).length;
  });
  stream.setEncoding('utf8');
  /** before: nothing yet; between: inside the array, between elements; in: inside an element; after: past the closing bracket. */
  let where: 'before' | 'between' | 'in' | 'after' = 'before';
  let index = -1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let scalar = false;
  let pieces: string[] = [];
  let size = 0;
  let oversized = false;
  let expectComma = false;

  const finish = (): ArrayElement => {
    const text = pieces.join('');
    pieces = [];
    size = 0;
    where = 'between';
    expectComma = true;
    if (oversized) {
      oversized = false;
      return { index, error: `longer than ${maxElementChars} characters` };
    }
    try {
      return { index, value: JSON.parse(text) as unknown };
    } catch (error) {
      return { index, error: `not valid JSON (${(error as Error).message.split('\n')[0]})` };
    }
  };
  const keep = (chunk: string, from: number, to: number): void => {
    if (oversized) return;
    size += to - from;
    if (size > maxElementChars) {
      oversized = true;
      pieces = [];
    } else pieces.push(chunk.slice(from, to));
  };

  for await (const chunk of stream as AsyncIterable<string>) {
    let start = 0;
    const out: ArrayElement[] = [];
    for (let i = 0; i < chunk.length; i += 1) {
      const c = chunk.charCodeAt(i);
      if (where === 'in') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) {
            inString = false;
            if (scalar && depth === 0) {
              keep(chunk, start, i + 1);
              out.push(finish());
            }
          }
        } else if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth += 1;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (scalar && depth === 0) {
            // "]" right after a number, true, false or null.
            keep(chunk, start, i);
            out.push(finish());
            where = 'after';
            continue;
          }
          depth -= 1;
          if (depth === 0) {
            keep(chunk, start, i + 1);
            out.push(finish());
          }
        } else if (scalar && depth === 0 && (c === COMMA || isSpace(c))) {
          keep(chunk, start, i);
          out.push(finish());
          if (c === COMMA) expectComma = false;
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (where === 'before') {
        if (c !== OPEN_BRACKET) throw new JsonArrayError('it does not start with "[" (a feed is a JSON array of meetings)');
        where = 'between';
        continue;
      }
      if (where === 'after') throw new JsonArrayError(`text after the closing "]" (after element ${index + 1})`);
      // between elements
      if (c === CLOSE_BRACKET) {
        where = 'after';
        continue;
      }
      if (c === COMMA) {
        if (!expectComma) throw new JsonArrayError(`a stray comma after element ${index + 1}`);
        expectComma = false;
        continue;
      }
      if (expectComma) throw new JsonArrayError(`a comma is missing after element ${index + 1}`);
      index += 1;
      where = 'in';
      start = i;
      depth = c === OPEN_BRACE || c === OPEN_BRACKET ? 1 : 0;
      scalar = depth === 0;
      inString = c === QUOTE;
      escaped = false;
    }
    if (where === 'in') keep(chunk, start, chunk.length);
    onBytes?.(bytesRead);
    for (const element of out) yield element;
  }
  if (where === 'in' && scalar && !inString) {
    yield finish();
    where = 'between';
  }
  // `where` changes inside finish() too, which the compiler's narrowing does not follow.
  const last = where as string;
  if (last === 'before') throw new JsonArrayError('it is empty');
  if (last !== 'after') throw new JsonArrayError(`it is cut short after element ${index + 1} (no closing "]")`);
}

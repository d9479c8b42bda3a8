import { createReadStream } from 'node:fs';
import { chain, none } from 'stream-chain';
import { parser, type Token } from 'stream-json/parser.js';
import Assembler from 'stream-json/assembler.js';
import { verifier, type VerifierError } from 'stream-json/utils/verifier.js';

/**
 * Streams the big array out of a JSON object without holding the file in memory:
 *   { "page": 1, ..., "rows": [ {...}, {...}, ... ], ... }
 * stream-json does the JSON: its parser tokenizes the text (strings, escapes, numbers,
 * UTF-8 split across chunks, a leading BOM) and its Assembler builds each row from the
 * tokens, so memory stays bounded by the largest row. What is here only routes tokens:
 * the top-level scalars (recordCount, dates) to `field`, each element of the array to
 * `row`. (stream-json's pick + streamArray do that routing too, but pick matches a path
 * on every token: measured on a 25,000-row export it cost 0.9 s of CPU more than this.)
 */

export type TopLevelScalar = string | number | boolean | null;

export interface RowHandlers {
  /** A scalar property of the top-level object (composite ones are skipped). */
  field(key: string, value: TopLevelScalar): void;
  /**
   * One element of the array, 0-based. Its strings may be slices of the text chunk they were
   * parsed from (V8 keeps the chunk alive while a slice lives): copy what you keep (structuredClone).
   */
  row(index: number, value: unknown): void;
  /** An element not assembled, and why (it is skipped; the stream carries on). */
  badRow(index: number, reason: string): void;
  /** After each chunk of the file has been handled, with the bytes read so far. */
  progress?(bytesRead: number): void;
}

/** The file is not JSON, is cut short, or is not one object: the message says what and where. */
export class JsonShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonShapeError';
  }
}

/** One row with more text than this is reported as bad rather than assembled without limit. */
export const MAX_ROW_CHARS = 16 << 20;

/**
 * The parser turns a whole chunk into tokens before they are routed: 64 KiB (stream-json's own
 * block size) peaks at ~150 MB RSS on a 25,000-row import where 256 KiB peaked at ~180 MB.
 */
const READ_CHUNK_BYTES = 64 * 1024;

function isValue(name: Token['name']): boolean {
  return name === 'stringValue' || name === 'numberValue' || name === 'trueValue' || name === 'falseValue' || name === 'nullValue';
}

/** Streams `file`, calling `handlers` as it goes; resolves to whether the array was there at all. */
export async function streamRows(
  file: string,
  arrayKey: string,
  handlers: RowHandlers,
  { maxRowChars = MAX_ROW_CHARS }: { maxRowChars?: number } = {},
): Promise<{ sawArray: boolean }> {
  let bytesRead = 0;
  let sawToken = false;
  let sawArray = false;
  // Outside the array: nesting depth of the document (1 = inside the top-level object).
  let depth = 0;
  let key: string | undefined;
  // Inside the array: the current element, its nesting depth and its size so far.
  let inArray = false;
  let index = -1;
  let rowDepth = 0;
  let rowChars = 0;
  let oversized = false;
  const assembler = new Assembler();

  const inArrayToken = (token: Token): void => {
    const { name } = token;
    if (rowDepth === 0) {
      if (name === 'endArray') {
        inArray = false;
        depth = 1;
        return;
      }
      index += 1;
      rowChars = 0;
      oversized = false;
    }
    if (name === 'startObject' || name === 'startArray') rowDepth += 1;
    else if (name === 'endObject' || name === 'endArray') rowDepth -= 1;
    else if (name === 'keyValue' || name === 'stringValue' || name === 'numberValue') rowChars += token.value.length;
    if (!oversized) {
      assembler.consume(token);
      if (rowChars > maxRowChars) {
        oversized = true;
        assembler.dropToLevel(0);
      }
    }
    if (rowDepth > 0) return;
    if (oversized) handlers.badRow(index, `larger than ${maxRowChars} characters of text`);
    else handlers.row(index, assembler.current);
  };

  const route = (token: Token): typeof none => {
    sawToken = true;
    if (inArray) {
      inArrayToken(token);
      return none;
    }
    const { name } = token;
    if (depth === 0 && name !== 'startObject') throw new JsonShapeError('expected a JSON object at the top level, found ' + describe(name));
    if (name === 'startObject' || name === 'startArray') {
      depth += 1;
      if (depth === 2 && key === arrayKey && name === 'startArray') {
        inArray = true;
        sawArray = true;
      }
    } else if (name === 'endObject' || name === 'endArray') depth -= 1;
    else if (depth === 1 && name === 'keyValue') key = token.value;
    else if (depth === 1 && key !== undefined && isValue(name)) {
      const value = (token as { value: string | boolean | null }).value;
      handlers.field(key, name === 'numberValue' ? Number(value) : value);
    }
    return none;
  };

  // Progress for a chunk is reported once all its tokens are handled: when the next one arrives, or at the end.
  const countBytes = (text: string): string => {
    if (bytesRead > 0) handlers.progress?.(bytesRead);
    bytesRead += Buffer.byteLength(text);
    return text;
  };

  // The read stream decodes UTF-8 (a character split between chunks included). Keys, strings
  // and numbers come packed, one token each: the assembler needs no more.
  const source = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES, encoding: 'utf8' });
  const pipeline = chain([source, countBytes, parser({ streamValues: false }), route]);
  try {
    for await (const _ of pipeline) {
      // `route` passes nothing on: rows reach the handlers as they are assembled.
    }
  } catch (error) {
    pipeline.destroy();
    if (error instanceof JsonShapeError || !(error instanceof Error) || !error.message.startsWith('Parser')) throw error;
    const broken = await locate(file);
    if (broken?.atEnd) {
      if (!sawToken) throw new JsonShapeError('the file is empty');
      throw new JsonShapeError(inArray ? `the file ends ${where()} (truncated?)` : 'the file ends before the top-level object is closed (truncated?)');
    }
    // No row number here: the parser hands over a chunk's tokens only once the whole chunk
    // parsed, so the rows seen so far stop at the chunk before the fault.
    const what = error.message.replace(/^Parser (cannot parse input: )?/, '');
    throw new JsonShapeError(`it is not valid JSON: ${what}${broken ? ` at line ${broken.line}, column ${broken.column}` : ''}`);
  }
  handlers.progress?.(bytesRead);
  return { sawArray };

  function where(): string {
    if (rowDepth > 0) return `in row ${index + 1} of "${arrayKey}"`;
    return index >= 0 ? `after row ${index + 1} of "${arrayKey}"` : `at the start of "${arrayKey}"`;
  }
}

function describe(name: Token['name']): string {
  if (name === 'startArray') return 'an array';
  if (name === 'stringValue') return 'a string';
  if (name === 'numberValue') return 'a number';
  return 'a literal';
}

/**
 * The parser says what it expected but not where; stream-json's verifier says where.
 * A second pass over the file, paid only when the file is broken. `atEnd` means the
 * text stopped where more was needed: the file was cut short (or is empty).
 */
async function locate(file: string): Promise<{ line: number; column: number; atEnd: boolean } | undefined> {
  let chars = 0;
  const countChars = (text: string): string => {
    // The verifier does not count a leading byte-order mark.
    chars += chars === 0 && text.charCodeAt(0) === 0xfeff ? text.length - 1 : text.length;
    return text;
  };
  const check = chain([createReadStream(file, { highWaterMark: READ_CHUNK_BYTES, encoding: 'utf8' }), countChars, verifier()]);
  try {
    for await (const _ of check) {
      // The verifier emits nothing; it throws where the text stops being JSON.
    }
  } catch (error) {
    check.destroy();
    const { line, pos, offset } = error as Partial<VerifierError>;
    if (typeof line === 'number' && typeof pos === 'number' && typeof offset === 'number') return { line, column: pos, atEnd: offset >= chars };
  }
  return undefined;
}

/**
 * Streams one big array out of a JSON object without holding the file in memory:
 *   { "page": 1, ..., "rows": [ {...}, {...}, ... ], ... }
 * Each element of the chosen array is cut out as text and JSON.parse'd on its own,
 * so memory stays bounded by the largest single element. Other top-level fields
 * are parsed and reported too (they are small in a locator export).
 *
 * Only the structure is tracked here (strings, escapes, nesting); JSON.parse does the
 * real parsing of each piece, which is both faster and stricter than doing it by hand.
 */

export type StreamEvent =
  | { kind: 'field'; key: string; value: unknown }
  | { kind: 'arrayStart'; key: string }
  | { kind: 'element'; index: number; value: unknown }
  | { kind: 'badElement'; index: number; reason: string };

export class JsonStructureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonStructureError';
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Top-level fields bigger than this are skipped rather than buffered. */
const MAX_FIELD_BYTES = 1 << 20;
/** One row bigger than this is reported as bad rather than buffered without limit. */
const MAX_ELEMENT_BYTES = 16 << 20;

type Phase =
  | 'start' // before the top-level '{'
  | 'key' // expecting a key or '}'
  | 'colon'
  | 'value' // expecting a top-level field value
  | 'afterValue' // expecting ',' or '}'
  | 'arrayItem' // inside the streamed array, expecting an element or ']'
  | 'arrayAfterItem' // expecting ',' or ']'
  | 'done';

/**
 * Captures one JSON value's bytes across chunks, tracking nesting and strings
 * to know where it ends.
 */
class ValueCapture {
  parts: Buffer[] = [];
  size = 0;
  depth = 0;
  inString = false;
  escaped = false;
  /** Scalars (numbers, true, false, null) end at a delimiter rather than a bracket. */
  scalar = false;
  overflow = false;

  constructor(readonly limit: number) {}

  add(part: Buffer): void {
    this.size += part.length;
    if (this.size > this.limit) {
      this.overflow = true;
      this.parts = [];
      return;
    }
    if (!this.overflow) this.parts.push(part);
  }

  text(): string {
    return Buffer.concat(this.parts).toString('utf8');
  }
}

export class JsonRowStream {
  #phase: Phase = 'start';
  #key = '';
  #keyCapture: ValueCapture | undefined;
  #capture: ValueCapture | undefined;
  #index = 0;
  #sawArray = false;
  #offset = 0;

  constructor(private readonly arrayKey: string) {}

  /** Whether the array was found (a file without it is not the expected kind). */
  get sawArray(): boolean {
    return this.#sawArray;
  }

  /** Feeds the next chunk; returns what it completed. Throws JsonStructureError on broken structure. */
  push(chunk: Buffer): StreamEvent[] {
    const events: StreamEvent[] = [];
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.#capture) {
        const end = this.#scanValue(chunk, i, this.#capture);
        if (end < 0) {
          this.#capture.add(chunk.subarray(i));
          i = n;
          break;
        }
        this.#capture.add(chunk.subarray(i, end));
        i = end;
        this.#finishValue(events);
        continue;
      }
      if (this.#keyCapture) {
        const end = this.#scanValue(chunk, i, this.#keyCapture);
        if (end < 0) {
          this.#keyCapture.add(chunk.subarray(i));
          i = n;
          break;
        }
        this.#keyCapture.add(chunk.subarray(i, end));
        i = end;
        const raw = this.#keyCapture.text();
        this.#keyCapture = undefined;
        this.#key = String(JSON.parse(raw));
        this.#phase = 'colon';
        continue;
      }
      const byte = chunk[i] as number;
      if (isSpace(byte)) {
        i += 1;
        continue;
      }
      switch (this.#phase) {
        case 'start':
          if (byte !== OPEN_BRACE) throw this.#error(i, 'expected a JSON object at the top level');
          this.#phase = 'key';
          i += 1;
          break;
        case 'key':
          if (byte === CLOSE_BRACE) {
            this.#phase = 'done';
            i += 1;
          } else if (byte === QUOTE) {
            this.#keyCapture = this.#startCapture(MAX_FIELD_BYTES);
          } else throw this.#error(i, 'expected a property name');
          break;
        case 'colon':
          if (byte !== COLON) throw this.#error(i, 'expected ":" after a property name');
          this.#phase = 'value';
          i += 1;
          break;
        case 'value':
          if (this.#key === this.arrayKey && byte === OPEN_BRACKET) {
            this.#sawArray = true;
            this.#phase = 'arrayItem';
            events.push({ kind: 'arrayStart', key: this.#key });
            i += 1;
          } else {
            this.#capture = this.#startCapture(MAX_FIELD_BYTES);
          }
          break;
        case 'afterValue':
          if (byte === COMMA) this.#phase = 'key';
          else if (byte === CLOSE_BRACE) this.#phase = 'done';
          else throw this.#error(i, 'expected "," or "}" between properties');
          i += 1;
          break;
        case 'arrayItem':
          if (byte === CLOSE_BRACKET) {
            this.#phase = 'afterValue';
            i += 1;
          } else {
            this.#capture = this.#startCapture(MAX_ELEMENT_BYTES);
          }
          break;
        case 'arrayAfterItem':
          if (byte === COMMA) this.#phase = 'arrayItem';
          else if (byte === CLOSE_BRACKET) this.#phase = 'afterValue';
          else throw this.#error(i, `expected "," or "]" between elements of "${this.arrayKey}"`);
          i += 1;
          break;
        case 'done':
          throw this.#error(i, 'unexpected text after the end of the JSON object');
      }
    }
    this.#offset += n;
    return events;
  }

  /** Call at end of input; throws if the document was cut short. */
  end(): StreamEvent[] {
    const events: StreamEvent[] = [];
    // A scalar at the very end of input has no delimiter after it.
    if (this.#capture?.scalar && this.#capture.depth === 0) this.#finishValue(events);
    if (this.#phase !== 'done') {
      if (this.#phase === 'start') throw new JsonStructureError('the file is empty');
      throw new JsonStructureError(
        this.#phase === 'arrayItem' || this.#phase === 'arrayAfterItem' || this.#capture
          ? `the file ends inside "${this.arrayKey}" (truncated?)`
          : 'the file ends before the top-level object is closed (truncated?)',
      );
    }
    return events;
  }

  #error(i: number, problem: string): JsonStructureError {
    return new JsonStructureError(`${problem} at byte ${this.#offset + i}`);
  }

  #startCapture(limit: number): ValueCapture {
    return new ValueCapture(limit);
  }

  /**
   * Advances through a value starting at `from`; returns the index just past its end,
   * or -1 if the chunk ends first (state is kept in `cap`).
   */
  #scanValue(chunk: Buffer, from: number, cap: ValueCapture): number {
    let i = from;
    const n = chunk.length;
    if (cap.size === 0 && cap.depth === 0 && !cap.inString && !cap.scalar && i < n) {
      // First byte decides the kind of value.
      const first = chunk[i] as number;
      if (first === QUOTE) {
        // A string value (or key): it ends at its closing quote.
        cap.inString = true;
        i += 1;
      } else if (first === OPEN_BRACE || first === OPEN_BRACKET) {
        cap.depth = 1;
        i += 1;
      } else {
        cap.scalar = true;
      }
      if (first === QUOTE) return this.#scanString(chunk, i, cap);
    }
    if (cap.scalar) {
      while (i < n) {
        const byte = chunk[i] as number;
        if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isSpace(byte)) return i;
        i += 1;
      }
      return -1;
    }
    if (cap.inString && cap.depth === 0) return this.#scanString(chunk, i, cap);
    while (i < n) {
      if (cap.inString) {
        const end = this.#scanString(chunk, i, cap);
        if (end < 0) return -1;
        i = end;
        continue;
      }
      const byte = chunk[i] as number;
      i += 1;
      if (byte === QUOTE) cap.inString = true;
      else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) cap.depth += 1;
      else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        cap.depth -= 1;
        if (cap.depth === 0) return i;
      }
    }
    return -1;
  }

  /** Moves past the closing quote of a string; -1 if the chunk ends first. */
  #scanString(chunk: Buffer, from: number, cap: ValueCapture): number {
    const n = chunk.length;
    for (let i = from; i < n; i += 1) {
      const byte = chunk[i] as number;
      if (cap.escaped) cap.escaped = false;
      else if (byte === BACKSLASH) cap.escaped = true;
      else if (byte === QUOTE) {
        cap.inString = false;
        return i + 1;
      }
    }
    return -1;
  }

  #finishValue(events: StreamEvent[]): void {
    const cap = this.#capture;
    if (!cap) return;
    this.#capture = undefined;
    if (this.#phase === 'arrayItem') {
      const index = this.#index;
      this.#index += 1;
      this.#phase = 'arrayAfterItem';
      if (cap.overflow) {
        events.push({ kind: 'badElement', index, reason: `larger than ${MAX_ELEMENT_BYTES} bytes` });
        return;
      }
      try {
        events.push({ kind: 'element', index, value: JSON.parse(cap.text()) });
      } catch {
        events.push({ kind: 'badElement', index, reason: 'not valid JSON' });
      }
      return;
    }
    this.#phase = 'afterValue';
    if (cap.overflow) return;
    try {
      events.push({ kind: 'field', key: this.#key, value: JSON.parse(cap.text()) });
    } catch {
      throw new JsonStructureError(`the value of "${this.#key}" is not valid JSON`);
    }
  }
}

/**
 * The string literals of a TypeScript file, with the calls they sit in: a small scanner
 * (TypeScript 7 has no JavaScript API to parse with). Comments are skipped; a template's
 * `${…}` parts become `{}` in its text, and the literals inside them are found too.
 */
export interface Literal {
  text: string;
  line: number;
  /** The calls the literal is an argument of, innermost last: "this.deps.logger.warn", "new ContentError". */
  calls: string[];
  /** The property it is the value of, if it is one (`prompt: '…'`). */
  property?: string;
}

const IDENT = /[\w$.!?]/;

/** Where a `/` starts a regular expression rather than a division. */
function regexCanStart(code: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && /\s/.test(code[i]!)) i--;
  if (i < 0) return true;
  if (/[(,=:[!&|?{};+\-*%<>~^]/.test(code[i]!)) return true;
  const word = /(\w+)$/.exec(code.slice(Math.max(0, i - 10), i + 1))?.[1];
  return word === 'return' || word === 'typeof' || word === 'case' || word === 'of' || word === 'in';
}

export function literalsOf(code: string): Literal[] {
  const out: Literal[] = [];
  const calls: string[] = [];
  let line = 1;
  let i = 0;

  const calleeBefore = (at: number): string => {
    let j = at - 1;
    while (j >= 0 && code[j] === ' ') j--;
    let k = j;
    while (k >= 0 && IDENT.test(code[k]!)) k--;
    const name = code.slice(k + 1, j + 1);
    const before = code.slice(Math.max(0, k - 4), k + 1);
    return /new\s$/.test(before) ? `new ${name}` : name;
  };
  const propertyBefore = (at: number): string | undefined => /(\w+)\s*:\s*$/.exec(code.slice(Math.max(0, at - 60), at))?.[1];

  /** Reads a quoted string from i (at the quote); returns its text. */
  const readQuoted = (quote: string): string => {
    let text = '';
    i++;
    while (i < code.length && code[i] !== quote) {
      if (code[i] === '\\') {
        const next = code[i + 1] ?? '';
        text += next === 'n' ? '\n' : next;
        i += 2;
        continue;
      }
      if (code[i] === '\n') line++;
      text += code[i];
      i++;
    }
    i++;
    return text;
  };

  /** Reads a template from i (at the backtick), scanning `${…}` as code. */
  const readTemplate = (): string => {
    let text = '';
    i++;
    while (i < code.length && code[i] !== '`') {
      if (code[i] === '\\') {
        text += code[i + 1] === 'n' ? '\n' : (code[i + 1] ?? '');
        i += 2;
        continue;
      }
      if (code[i] === '$' && code[i + 1] === '{') {
        i += 2;
        scan('}');
        text += '{}';
        continue;
      }
      if (code[i] === '\n') line++;
      text += code[i];
      i++;
    }
    i++;
    return text;
  };

  /** Scans code until `end` (a closing brace of a template part) at depth 0. */
  const scan = (end?: string): void => {
    let depth = 0;
    while (i < code.length) {
      const c = code[i]!;
      if (c === '\n') {
        line++;
        i++;
      } else if (c === '/' && code[i + 1] === '/') {
        while (i < code.length && code[i] !== '\n') i++;
      } else if (c === '/' && code[i + 1] === '*') {
        const close = code.indexOf('*/', i + 2);
        const stop = close < 0 ? code.length : close + 2;
        for (let k = i; k < stop; k++) if (code[k] === '\n') line++;
        i = stop;
      } else if (c === '/' && regexCanStart(code, i)) {
        i++;
        let inClass = false;
        while (i < code.length && (code[i] !== '/' || inClass)) {
          if (code[i] === '\\') i++;
          else if (code[i] === '[') inClass = true;
          else if (code[i] === ']') inClass = false;
          i++;
        }
        i++;
      } else if (c === '"' || c === "'" || c === '`') {
        const at = i;
        const startLine = line;
        const property = propertyBefore(at);
        const text = c === '`' ? readTemplate() : readQuoted(c);
        out.push({ text, line: startLine, calls: [...calls], ...(property ? { property } : {}) });
      } else if (c === '(') {
        calls.push(calleeBefore(i));
        i++;
      } else if (c === ')') {
        calls.pop();
        i++;
      } else if (c === '{') {
        depth++;
        i++;
      } else if (c === '}') {
        if (depth === 0 && end === '}') {
          i++;
          return;
        }
        depth--;
        i++;
      } else {
        i++;
      }
    }
  };
  scan();
  return out;
}

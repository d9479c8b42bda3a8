/**
 * Anchors of a lexicon rule: literal strings such that every match of the rule's pattern
 * contains at least one of them. The detector looks for all rules' anchors in one pass
 * and runs a rule only on the sentences holding one of its anchors, instead of running
 * all 80 rules over every character of a long message.
 *
 * The analysis understands the part of regular-expression syntax the lexicon uses:
 * literals, \b ^ $ (which match no characters), groups, look-arounds (which consume
 * nothing), alternation and quantifiers. Anything else in a pattern (a character class,
 * ".", a back-reference) counts as "any character": it never adds an anchor, it only
 * ends the literal run around it. A pattern it cannot read gives no anchors, and the
 * rule then runs everywhere, as before.
 */

/** What every match of a piece of pattern must contain: one of `strings`, or nothing known. */
type Requirement = readonly string[] | null;

interface Piece {
  /** A literal character the piece is made of, when it is exactly one character. */
  char?: string;
  /** Consumes no characters (\b, ^, $, a look-around). */
  zeroWidth?: boolean;
  requirement: Requirement;
}

class Unreadable extends Error {}

const ESCAPED_LITERAL = /[.*+?^${}()|[\]\\/\-'"]/;

/** The anchors for a pattern's source, or null when it cannot be read (the rule then runs everywhere). */
export function ruleAnchors(source: string): string[] | null {
  try {
    const reader = new Reader(source);
    const requirement = reader.alternation();
    if (reader.pos !== source.length) throw new Unreadable();
    return requirement === null ? null : [...new Set(requirement)];
  } catch (error) {
    if (error instanceof Unreadable) return null;
    throw error;
  }
}

/** Longer anchors are rarer; among equals, fewer strings to look for. */
function better(a: Requirement, b: Requirement): Requirement {
  if (a === null) return b;
  if (b === null) return a;
  const shortest = (r: readonly string[]): number => Math.min(...r.map((s) => s.length));
  if (shortest(a) !== shortest(b)) return shortest(a) > shortest(b) ? a : b;
  return a.length <= b.length ? a : b;
}

class Reader {
  pos = 0;
  constructor(private readonly source: string) {}

  private peek(offset = 0): string | undefined {
    return this.source[this.pos + offset];
  }

  /** a|b|c: a match of the whole is a match of one branch, so it contains one of any branch's anchors. */
  alternation(): Requirement {
    const branches: Requirement[] = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    if (branches.some((b) => b === null)) return null;
    return (branches as string[][]).flat();
  }

  /** A run of pieces: adjacent literal characters form one anchor; the best anchor of any piece will do. */
  private sequence(): Requirement {
    let best: Requirement = null;
    let run = '';
    const endRun = (): void => {
      if (run.length > 0) best = better(best, [run]);
      run = '';
    };
    while (this.pos < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      const piece = this.quantified();
      if (piece.zeroWidth) continue;
      if (piece.char !== undefined) {
        run += piece.char;
        continue;
      }
      endRun();
      best = better(best, piece.requirement);
    }
    endRun();
    return best;
  }

  /** An atom and its quantifier: one that allows zero repeats requires nothing. */
  private quantified(): Piece {
    const atom = this.atom();
    const quantifier = this.quantifier();
    if (quantifier === undefined) return atom;
    if (atom.zeroWidth) throw new Unreadable();
    return { requirement: quantifier.min === 0 ? null : atom.requirement };
  }

  private quantifier(): { min: number } | undefined {
    const c = this.peek();
    let min: number;
    if (c === '?' || c === '*') {
      min = 0;
      this.pos++;
    } else if (c === '+') {
      min = 1;
      this.pos++;
    } else if (c === '{') {
      const match = /^\{(\d+)(?:,(\d*))?\}/.exec(this.source.slice(this.pos));
      if (!match) throw new Unreadable();
      min = Number(match[1]);
      this.pos += match[0].length;
    } else {
      return undefined;
    }
    if (this.peek() === '?') this.pos++;
    return { min };
  }

  private atom(): Piece {
    const c = this.peek();
    if (c === undefined) throw new Unreadable();
    if (c === '(') return this.group();
    if (c === '^' || c === '$') {
      this.pos++;
      return { zeroWidth: true, requirement: null };
    }
    if (c === '[') {
      this.skipClass();
      return { requirement: null };
    }
    if (c === '.') {
      this.pos++;
      return { requirement: null };
    }
    if (c === '\\') return this.escape();
    if ('*+?{}|)'.includes(c)) throw new Unreadable();
    this.pos++;
    return { char: c, requirement: [c] };
  }

  private escape(): Piece {
    const c = this.peek(1);
    if (c === undefined) throw new Unreadable();
    this.pos += 2;
    if (c === 'b' || c === 'B') return { zeroWidth: true, requirement: null };
    if (c === 'd' || c === 'w' || c === 'D' || c === 'W' || c === 's' || c === 'S') return { requirement: null };
    if (ESCAPED_LITERAL.test(c)) return { char: c, requirement: [c] };
    // \n, \u…, back-references and the rest: not worth reading here.
    throw new Unreadable();
  }

  private group(): Piece {
    this.pos++;
    let lookaround = false;
    if (this.peek() === '?') {
      const kind = this.source.slice(this.pos, this.pos + 3);
      if (kind.startsWith('?:')) this.pos += 2;
      else if (kind.startsWith('?=') || kind.startsWith('?!')) {
        this.pos += 2;
        lookaround = true;
      } else if (kind === '?<=' || kind === '?<!') {
        this.pos += 3;
        lookaround = true;
      } else {
        throw new Unreadable();
      }
    }
    const requirement = this.alternation();
    if (this.peek() !== ')') throw new Unreadable();
    this.pos++;
    return lookaround ? { zeroWidth: true, requirement: null } : { requirement };
  }

  private skipClass(): void {
    this.pos++;
    if (this.peek() === '^') this.pos++;
    if (this.peek() === ']') this.pos++;
    while (this.pos < this.source.length && this.peek() !== ']') this.pos += this.peek() === '\\' ? 2 : 1;
    if (this.peek() !== ']') throw new Unreadable();
    this.pos++;
  }
}

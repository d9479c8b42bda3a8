import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Letters from other scripts that look like Latin ones ("kіll" with a Cyrillic і, Greek
 * "ΚΙLL", "ᴋɪʟʟ" from a fancy-text generator) folded to the Latin letter, so the crisis
 * lexicon, written in plain a-z, still reads them. Fullwidth and mathematical letters
 * need no table: NFKC already turns them into plain ones.
 */

const require = createRequire(import.meta.url);

/**
 * Unicode's confusables.txt (UTS #39) as unhomoglyph ships it: character -> prototype.
 * Read as text rather than require()d, so the 6,000-entry object is not kept in the
 * module cache once the table below is built.
 */
function unicodeConfusables(): Record<string, string> {
  return JSON.parse(readFileSync(require.resolve('unhomoglyph/data.json'), 'utf8')) as Record<string, string>;
}

/**
 * Latin small capitals. confusables.txt treats them as letters of their own (it maps
 * Cyrillic к and т to ĸ and ᴛ, and ᴅ, ᴇ, ʟ to nothing), yet they are what "small caps"
 * text generators write whole messages in.
 */
const SMALL_CAPITALS: Readonly<Record<string, string>> = {
  ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ꜰ: 'f', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ĸ: 'k', ʟ: 'l',
  ᴍ: 'm', ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ꞯ: 'q', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z',
};

const MARKS = /\p{M}/gu;
const LETTER = /^\p{L}$/u;

/** The plain letter a prototype stands for ("r̵" -> "r", "ᴛ" -> "t"), if it is one. */
function latinLetter(prototype: string | undefined): string | undefined {
  if (prototype === undefined) return undefined;
  const plain = prototype.normalize('NFD').replace(MARKS, '').toLowerCase();
  return /^[a-z]$/.test(plain) ? plain : SMALL_CAPITALS[plain];
}

/**
 * Lower-case letter -> Latin letter, for letters outside Latin-1 only: ASCII and
 * Latin-1 (á, é, í, ó, ú, ñ, ü, and ¿ ¡, which are not letters) are never touched, so
 * Spanish reads as before. The text is lower-cased before folding, and a lower-case
 * letter looks like its capital's prototype when it has none of its own (Cyrillic т
 * looks like a small T).
 */
function buildTable(): Map<string, string> {
  const confusables = unicodeConfusables();
  const table = new Map<string, string>();
  for (const source of Object.keys(confusables)) {
    if (!LETTER.test(source) || source.codePointAt(0)! <= 0xff) continue;
    const lower = source.toLowerCase();
    if (table.has(lower) || [...lower].length !== 1 || lower.codePointAt(0)! <= 0xff) continue;
    const latin = latinLetter(confusables[lower]) ?? latinLetter(confusables[source]);
    if (latin !== undefined) table.set(lower, latin);
  }
  for (const [letter, latin] of Object.entries(SMALL_CAPITALS)) table.set(letter, latin);
  return table;
}

const TABLE = buildTable();
/** A letter beyond Latin-1 (not an emoji or a curly quote): where folding may have work. */
const FOREIGN_LETTER = /(?=[\u0100-\u{10ffff}])\p{L}/gu;
const LETTER_CHAR = /\p{L}/u;

/** Where the letter ending just before `index` starts, or -1 when no letter ends there. */
function letterEndingAt(text: string, index: number): number {
  if (index <= 0) return -1;
  let start = index - 1;
  const unit = text.charCodeAt(start);
  if (unit >= 0xdc00 && unit <= 0xdfff && start > 0) start--;
  return LETTER_CHAR.test(text.slice(start, index)) ? start : -1;
}

/** Where the letter starting at `index` ends, or -1 when no letter starts there. */
function letterStartingAt(text: string, index: number): number {
  const code = text.codePointAt(index);
  if (code === undefined) return -1;
  const end = index + (code > 0xffff ? 2 : 1);
  return LETTER_CHAR.test(text.slice(index, end)) ? end : -1;
}

/** The word with its look-alikes folded, or as it is when one of its letters has no Latin look-alike. */
function foldWord(word: string): string {
  let folded = '';
  for (const letter of word) {
    if (letter <= '\u00ff') {
      folded += letter;
      continue;
    }
    const latin = TABLE.get(letter);
    if (latin === undefined) return word;
    folded += latin;
  }
  return folded;
}

/**
 * Folds look-alike letters in lower-cased text. A word is folded only when every letter
 * in it can be: a word with a letter that has no Latin look-alike is real text in
 * another script (Russian "хочу"), and half-folding it could spell an English word
 * by accident. Only the words around letters beyond Latin-1 are looked at, each once.
 */
export function foldConfusables(text: string): string {
  FOREIGN_LETTER.lastIndex = 0;
  let found = FOREIGN_LETTER.exec(text);
  if (found === null) return text;
  let out = '';
  let copied = 0;
  while (found !== null) {
    let start = found.index;
    for (let before = letterEndingAt(text, start); before >= copied; before = letterEndingAt(text, start)) start = before;
    let end = found.index;
    for (let after = letterStartingAt(text, end); after !== -1; after = letterStartingAt(text, end)) end = after;
    out += text.slice(copied, start) + foldWord(text.slice(start, end));
    copied = end;
    FOREIGN_LETTER.lastIndex = end;
    found = FOREIGN_LETTER.exec(text);
  }
  FOREIGN_LETTER.lastIndex = 0;
  return out + text.slice(copied);
}

import { foldConfusables } from './confusables.js';
import { createFuzzyCorrector, type FuzzyCorrector } from './fuzzySpelling.js';

/**
 * Turns a raw chat message into clean lower-case word sequences, one per sentence,
 * so the crisis lexicon can be written once in plain words: "I'm gonna k1ll myslef!!"
 * becomes "i am going to kill myself". Works on a copy; nothing is kept.
 */

export interface NormalizationRules {
  /** Whole-token replacements: "dont" -> "do not", "kms" -> "kill myself". */
  tokens: Readonly<Record<string, string>>;
  /** Word-sequence replacements run after token replacement: "my self" -> "myself". */
  phrases: ReadonlyArray<readonly [string, string]>;
  /** Words worth correcting typos towards ("suicide", "seizure"). */
  fuzzyTargets: readonly string[];
  /** Real words near a target that must never be corrected ("leisure"). */
  fuzzyProtected: readonly string[];
  /**
   * Short words worth recognising through repeated letters and leetspeak ("diiie", "k1ll");
   * the four-letter ones also through one swap of neighbouring letters ("lfie").
   */
  vocabulary: readonly string[];
  /**
   * Spanish: how to tell it from English, and its own repairs. A message read as Spanish
   * gets these instead of the English token map, phrases and typo targets, so the
   * English slang map never rewrites a Spanish word ("ya", "y", "da", "mama").
   */
  spanish?: SpanishRules;
}

export interface SpanishRules {
  /** Common Spanish words that are not English words ("que", "estoy", "pa"). */
  markers: readonly string[];
  /** Common English words that are not Spanish words ("the", "i", "my"). */
  englishMarkers: readonly string[];
  /**
   * Spanish repairs. The English token map also applies to a Spanish message, for the
   * English in it ("dont", "kms"), except on the markers and these Spanish words ("u", "da").
   */
  tokens: Readonly<Record<string, string>>;
  keep?: readonly string[];
  phrases: ReadonlyArray<readonly [string, string]>;
  fuzzyTargets: readonly string[];
  fuzzyProtected: readonly string[];
}

export type Language = 'en' | 'es';

export interface NormalizedSentence {
  /** Tokens joined by single spaces; lexicon patterns run against this. */
  text: string;
  tokens: string[];
  /** Character offset of each token in `text`. */
  starts: number[];
  /** True when a comma, bracket or emoji separated this token from the one before. */
  pauseBefore: boolean[];
  /**
   * Set when this is one window of a sentence too long to read whole (MAX_SENTENCE_TOKENS):
   * the token indexes [first, end) where the matches this window answers for start.
   * Windows overlap; each match is judged in the one window that sees enough words on
   * both sides of it. first > 0 means the window starts mid-sentence.
   */
  owns?: { first: number; end: number };
}

export interface TextNormalizer {
  normalize(raw: string): NormalizedSentence[];
  /** The language a message is read as (see `detectLanguage`). */
  language(raw: string): Language;
}

/** Characters only Spanish writing uses among the two languages. */
const SPANISH_LETTERS = /[ñ¿¡áéíóú]/gi;
/** Characters read to tell the language: enough for any chat message, bounded for a long paste. */
const DETECT_CHARS = 2000;

/** Marker words as patterns, each counting whole words of the lower-case, accent-free text. */
export interface LanguageMarkers {
  spanish: RegExp;
  english: RegExp;
}

export function compileLanguageMarkers(spanish: readonly string[], english: readonly string[]): LanguageMarkers {
  const words = (list: readonly string[]): RegExp => new RegExp(`(?<![a-z])(?:${list.map(escapeRegExp).join('|')})(?![a-z])`, 'g');
  return { spanish: words(spanish), english: words(english) };
}

function count(pattern: RegExp, text: string): number {
  let n = 0;
  pattern.lastIndex = 0;
  while (pattern.exec(text) !== null) n++;
  pattern.lastIndex = 0;
  return n;
}

/**
 * Spanish or English, per message: Spanish-only letters and marks (ñ, ¿, ¡, accents) and
 * Spanish function words against English function words. A tie is English. Deterministic,
 * no model, nothing downloaded; the first 2,000 characters at most. A message with no
 * Spanish sign at all (most English ones) is settled after one pass for the Spanish words.
 */
export function detectLanguage(raw: string, markers: LanguageMarkers): Language {
  const head = (raw.length > DETECT_CHARS ? raw.slice(0, DETECT_CHARS) : raw).toLowerCase();
  let es = 0;
  let plain = head;
  if (NON_ASCII.test(head)) {
    es = Math.min(3, (head.match(SPANISH_LETTERS) ?? []).length);
    // Marks off, so a word with any accent stays one word ("suïcidal", "estás").
    plain = head.normalize('NFD').replace(COMBINING_MARK, '');
  }
  es += count(markers.spanish, plain);
  if (es === 0) return 'en';
  return es > count(markers.english, plain) ? 'es' : 'en';
}

const PAUSE = ',';

/**
 * A sentence longer than this many tokens (a paste with no punctuation) is read in
 * overlapping windows, so the checks around each match look at a bounded stretch of
 * text and the whole message costs time in proportion to its length. Real sentences are
 * far shorter, so for them nothing changes.
 */
export const MAX_SENTENCE_TOKENS = 128;
/**
 * Tokens each window shares with the next. A match is judged in the window where at least
 * half this many tokens lie on each side of where it starts: more than the negation
 * window before it, and room for the longest rule's match after it.
 */
export const SENTENCE_OVERLAP_TOKENS = 48;

// Block-level tags end a thought the way a line break does.
const BLOCK_TAG = /<\/?(?:br|p|div|li|ul|ol|tr|td|h[1-6]|blockquote)\b[^<>]{0,500}>/gi;
const ANY_TAG = /<\/?[a-z!][^<>]{0,500}>/gi;
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  rsquo: "'",
  lsquo: "'",
  hellip: '.',
  mdash: ' - ',
  ndash: ' - ',
};
const ENTITY = /&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi;
const URL = /\b(?:https?:\/\/|www\.)\S+/g;
const ZERO_WIDTH = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
const COMBINING_MARK = /\p{M}+/gu;
const NON_ASCII = /[\u0080-\u{10ffff}]/u;
const APOSTROPHES = /[\u2018\u2019\u201b\u02bc\u0060\u00b4]/g;

// Contractions with an apostrophe; order matters (specific forms first). Each comes with
// text every match of it contains: a pass whose text does not occur is skipped, which on a
// long message saves most of the passes (each one reads the whole text).
const CONTRACTIONS: ReadonlyArray<readonly [RegExp, string, readonly string[]]> = [
  [/\bwon'?t\b/g, 'will not', ['won']],
  [/\bcan'?t\b|\bcan not\b/g, 'cannot', ['can']],
  [/\bain'?t\b/g, 'is not', ['ain']],
  [/\bshan't\b/g, 'shall not', ["shan't"]],
  [/\b([a-z]+)n't\b/g, '$1 not', ["n't"]],
  [/\bi'm\b/g, 'i am', ["i'm"]],
  [/\blet's\b/g, 'let us', ["let's"]],
  [/\b([a-z]+)'re\b/g, '$1 are', ["'re"]],
  [/\b([a-z]+)'ve\b/g, '$1 have', ["'ve"]],
  [/\b([a-z]+)'ll\b/g, '$1 will', ["'ll"]],
  [/\b(i|you|he|she|we|they|it|that|who)'d\b/g, '$1 would', ["'d"]],
  // "od'd", "o.d.", "od'ing": overdose shorthand, before "'d" can become "would". Plain
  // "odd" is the adjective after a linking word ("my son is odd", "acting odd"), which
  // read as "overdosed" sent a parent the emergency reply; "he odd on fent" still reads so.
  [/(?<!\b(?:is|are|was|were|be|been|being|seems?|looks?|feels?|felt|acting|so|kinda|really|very|pretty|how|thats|that is|it is|its|bit|little) )\bo\.?d\.?'?(?:d|ed)\b/g, 'overdosed', ['od', 'o.d']],
  [/\bo\.?d\.?'?ing\b/g, 'overdosing', ['od', 'o.d']],
  [/\bo\.d\.?(?=\s|$)/g, 'od', ['o.d']],
  // "he's" -> "he is"; after a noun, drop the "'s" whichever it means:
  // "my friend's not breathing" and "my son's overdose" both read safely without it.
  [/\b(he|she|it|that|there|what|who|where|here|how|this|everything|nothing|everyone|someone|somebody|nobody|life)'s\b/g, '$1 is', ["'s"]],
  [/\b([a-z]+)'s\b/g, '$1', ["'s"]],
];

// One regex walks the cleaned text: words, sentence ends, pauses, everything else.
const SCAN = /([a-z0-9$@']+)|([.!?;\n\r\u2026]+)|([,:()"\[\]{}\u201c\u201d*~|]|\p{Extended_Pictographic})/gu;
// The same for ASCII text, where no emoji can occur: without the unicode flag it runs faster.
const SCAN_ASCII = /([a-z0-9$@']+)|([.!?;\n\r]+)|([,:()"[\]{}*~|])/g;
const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', $: 's', '@': 'a' };
const HAS_LETTER = /[a-z]/;
const HAS_LEET = /[013457$@]/;
const TRIPLE = /(.)\1\1+/g;
const HAS_TRIPLE = /(.)\1\1/;

function decodeEntities(text: string): string {
  return text.replace(ENTITY, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Lower-case, plain-letter text (look-alike letters folded) with markup, links and invisible characters removed. */
export function cleanText(raw: string): string {
  // Each step is skipped when the text cannot hold what it removes: a whole message is
  // read, up to 256 KB, and most of it is plain ASCII without markup.
  let text = raw.includes('<') ? raw.replace(BLOCK_TAG, '\n').replace(ANY_TAG, ' ') : raw;
  if (text.includes('&')) text = decodeEntities(text);
  if (NON_ASCII.test(text)) {
    text = text.normalize('NFKC').toLowerCase().normalize('NFD').replace(COMBINING_MARK, '').replace(ZERO_WIDTH, '');
    text = foldConfusables(text);
  } else {
    text = text.toLowerCase();
  }
  text = text.replace(APOSTROPHES, "'").replace(URL, ' ');
  for (const [pattern, replacement, needs] of CONTRACTIONS) {
    if (needs.some((part) => text.includes(part))) text = text.replace(pattern, replacement);
  }
  return text;
}

function sentenceOf(tokens: string[], pauseBefore: boolean[]): NormalizedSentence {
  const starts: number[] = [];
  let offset = 0;
  for (const token of tokens) {
    starts.push(offset);
    offset += token.length + 1;
  }
  return { text: tokens.join(' '), tokens, starts, pauseBefore };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface LanguageRepairs {
  tokens: Readonly<Record<string, string>>;
  fuzzy: FuzzyCorrector;
  known: ReadonlySet<string>;
  phrases: ReadonlyArray<readonly [RegExp, string]>;
  anyPhrase: RegExp | undefined;
}

function languageRepairs(
  tokens: Readonly<Record<string, string>>,
  phraseList: ReadonlyArray<readonly [string, string]>,
  fuzzyTargets: readonly string[],
  fuzzyProtected: readonly string[],
  vocabulary: readonly string[],
): LanguageRepairs {
  return {
    tokens,
    fuzzy: createFuzzyCorrector(fuzzyTargets, fuzzyProtected, vocabulary),
    known: new Set<string>([...fuzzyTargets, ...vocabulary, ...Object.keys(tokens)]),
    phrases: phraseList.map(([from, to]) => [new RegExp(`(?<![a-z0-9])${escapeRegExp(from)}(?![a-z0-9])`, 'g'), to] as const),
    anyPhrase: phraseList.length > 0 ? new RegExp(`(?<![a-z0-9])(?:${phraseList.map(([from]) => escapeRegExp(from)).join('|')})(?![a-z0-9])`) : undefined,
  };
}

/** Spanish tokens over the English ones, minus every English entry that would rewrite a Spanish word. */
function spanishTokenMap(english: Readonly<Record<string, string>>, spanish: SpanishRules): Record<string, string> {
  const keep = new Set([...spanish.markers, ...(spanish.keep ?? [])]);
  const merged: Record<string, string> = {};
  for (const [from, to] of Object.entries(english)) if (!keep.has(from)) merged[from] = to;
  return { ...merged, ...spanish.tokens };
}

export function createTextNormalizer(rules: NormalizationRules): TextNormalizer {
  const english = languageRepairs(rules.tokens, rules.phrases, rules.fuzzyTargets, rules.fuzzyProtected, rules.vocabulary);
  const { spanish: spanishRules } = rules;
  // Spanish keeps the vocabulary's repeated-letter and leetspeak repairs ("matarmeee"), and
  // English words of the vocabulary that are no Spanish word; typos go towards Spanish targets.
  const spanish =
    spanishRules &&
    languageRepairs(spanishTokenMap(rules.tokens, spanishRules), spanishRules.phrases, spanishRules.fuzzyTargets, spanishRules.fuzzyProtected, []);
  const markers = spanishRules && compileLanguageMarkers(spanishRules.markers, spanishRules.englishMarkers);
  const languageOf = (raw: string): Language => (markers === undefined ? 'en' : detectLanguage(raw, markers));

  /** Spelling repairs for one word: repeated letters, leetspeak, typos, then the token map. */
  function repairToken(word: string, repairs: LanguageRepairs): string {
    const { tokens, fuzzy, known } = repairs;
    let token = word.replace(/^'+|'+$/g, '').replace(/'/g, '');
    if (token.length === 0) return '';
    const direct = tokens[token];
    if (direct !== undefined) return direct;
    if (HAS_TRIPLE.test(token)) {
      const two = token.replace(TRIPLE, '$1$1');
      const one = token.replace(TRIPLE, '$1');
      token = known.has(two) || !known.has(one) ? two : one;
    }
    if (HAS_LEET.test(token) && HAS_LETTER.test(token)) {
      const decoded = token.replace(/[013457$@]/g, (c) => LEET[c] ?? c);
      const fixed = known.has(decoded) ? decoded : fuzzy.correct(decoded);
      if (fixed !== undefined) token = fixed;
    }
    const mapped = tokens[token];
    if (mapped !== undefined) return mapped;
    if (/^[a-z]+$/.test(token)) token = fuzzy.correct(token) ?? token;
    return tokens[token] ?? token;
  }

  function finishSentence(pieces: string[], out: NormalizedSentence[], repairs: LanguageRepairs): void {
    if (pieces.length === 0) return;
    let joined = ` ${pieces.join(' ')} `.replace(/ {2,}/g, ' ');
    // One scan says whether any phrase occurs: most sentences hold none, and the
    // replacements below only ever act on text where one does.
    const { anyPhrase, phrases } = repairs;
    if (anyPhrase !== undefined && anyPhrase.test(joined)) {
      for (const [pattern, to] of phrases) joined = joined.replace(pattern, to);
    }
    const tokens: string[] = [];
    const pauseBefore: boolean[] = [];
    let pause = false;
    for (const part of joined.split(' ')) {
      if (part.length === 0) continue;
      if (part === PAUSE) {
        pause = true;
        continue;
      }
      tokens.push(part);
      pauseBefore.push(pause && tokens.length > 1);
      pause = false;
    }
    if (tokens.length <= MAX_SENTENCE_TOKENS) {
      if (tokens.length > 0) out.push(sentenceOf(tokens, pauseBefore));
      return;
    }
    const step = MAX_SENTENCE_TOKENS - SENTENCE_OVERLAP_TOKENS;
    const margin = SENTENCE_OVERLAP_TOKENS / 2;
    for (let from = 0; ; from += step) {
      const window = sentenceOf(tokens.slice(from, from + MAX_SENTENCE_TOKENS), pauseBefore.slice(from, from + MAX_SENTENCE_TOKENS));
      window.pauseBefore[0] = false;
      const last = from + MAX_SENTENCE_TOKENS >= tokens.length;
      window.owns = { first: from === 0 ? 0 : margin, end: last ? window.tokens.length : MAX_SENTENCE_TOKENS - margin };
      out.push(window);
      if (last) break;
    }
  }

  return {
    language: languageOf,
    normalize(raw: string): NormalizedSentence[] {
      const repairs = spanish !== undefined && languageOf(raw) === 'es' ? spanish : english;
      const text = cleanText(raw);
      const sentences: NormalizedSentence[] = [];
      let pieces: string[] = [];
      // Long messages repeat their words; each distinct word is repaired once. Lives for
      // this call only, so no one's words outlast it.
      const repaired = new Map<string, string>();
      // exec, not matchAll (which clones the regex on every call); the scanners are only used here, synchronously.
      const scan = NON_ASCII.test(text) ? SCAN : SCAN_ASCII;
      scan.lastIndex = 0;
      for (let match = scan.exec(text); match !== null; match = scan.exec(text)) {
        const [, word, stop, pause] = match;
        if (word !== undefined) {
          let token = repaired.get(word);
          if (token === undefined) {
            token = repairToken(word, repairs);
            repaired.set(word, token);
          }
          if (token.length > 0) pieces.push(token);
        } else if (stop !== undefined) {
          finishSentence(pieces, sentences, repairs);
          pieces = [];
        } else if (pause !== undefined && pieces.length > 0 && pieces[pieces.length - 1] !== PAUSE) {
          pieces.push(PAUSE);
        }
      }
      finishSentence(pieces, sentences, repairs);
      return sentences;
    },
  };
}

import { stem, stemSpanish } from '../nlu/naturalModules.js';
import type { Language, NormalizedSentence } from './textNormalizer.js';

/**
 * What the safety classifier (safetyModel.ts) sees of a message: hashed features of the
 * text the crisis check has already normalized (slang spelled out, accents off, typos
 * towards the lexicon's words repaired). Training (scripts/safety/) and the bot use this
 * one function, so a feature means the same thing in both.
 *
 * - stems of the words, one language's stemmer or the other's, so "overdosed" and
 *   "overdosing" (or "matarme" and "matar") share weight;
 * - pairs of neighbouring stems, which carry what a word alone cannot ("not die", "want die");
 * - letter 3- to 5-grams inside each word, so a word misspelled in a way nobody listed
 *   ("sucidal", "pastiyas") still shares most of its pieces with the spelling trained on;
 * - the stems in the few words after a negation ("not", "never", "nunca") once more,
 *   marked as negated: "suicide is not something i think about" and "i haven't relapsed"
 *   are not the words they contain.
 *
 * Features are hashed into a fixed space (no vocabulary to ship) and the vector is scaled
 * to unit length, so a long message does not outvote a short one by its length alone; but
 * never scaled up past `minLength`, so one or two words ("goodbye", "he's 15") are not read
 * with the confidence of a whole sentence: little said is little evidence.
 */

export interface FeatureConfig {
  /** The hash space is 2^bits buckets. */
  bits: number;
  /** Shortest and longest letter n-gram inside a word. */
  charMin: number;
  charMax: number;
  /** How much each kind of feature counts before the vector is scaled to unit length. */
  wordWeight: number;
  pairWeight: number;
  charWeight: number;
  /** A message is read in windows of at most this many words (see windows()). */
  windowTokens: number;
  /** At most this many windows are read; the rules alone read the rest of a longer paste. */
  maxWindows: number;
  /** Words that negate the words after them (normalized: "don't" is already "do not"). */
  negators: readonly string[];
  /** How many words after a negator are read as negated. */
  negationWindow: number;
  /** The vector is divided by its length, or by this when it is shorter. */
  minLength: number;
}

/** Bumped whenever the features a text gives change, so a model trained on the old ones reads as stale. */
export const FEATURE_VERSION = 4;

/** One message window as a sparse vector: bucket indexes (distinct) and their values. */
export interface SparseVector {
  indexes: Int32Array;
  values: Float32Array;
}

/** Letters beyond this are not cut into n-grams: a pasted link or a key-mash adds nothing but cost. */
const MAX_GRAM_WORD = 24;

// FNV-1a, 32 bits: stable across runs and platforms, unlike anything seeded per process.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashInto(h: number, text: string, start = 0, end = text.length): number {
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

// Each kind of feature hashes from its own seed, so the word "die" and the letters "die" differ.
const WORD_SEED = hashInto(FNV_OFFSET, 'w:');
const PAIR_SEED = hashInto(FNV_OFFSET, 'p:');
const CHAR_SEED = hashInto(FNV_OFFSET, 'c:');
const NEGATED_SEED = hashInto(FNV_OFFSET, 'n:');
const SPANISH = hashInto(FNV_OFFSET, 'lang:es');
/** The word before a sentence's first word, so "die" at the start is its own pair. */
const START = '^';

/**
 * Stems are cached: a chat repeats the same few hundred words. Bounded; cleared when full,
 * which can only cost time, never change a stem.
 */
const STEM_CACHE_LIMIT = 20_000;
const stemCache: Record<Language, Map<string, string>> = { en: new Map(), es: new Map() };

function stemOf(word: string, language: Language): string {
  const cache = stemCache[language];
  let stemmed = cache.get(word);
  if (stemmed === undefined) {
    // Numbers and short words as they are: the stemmers make "1000s" or "ya" nothing useful.
    stemmed = word.length <= 2 || /\d/.test(word) ? word : language === 'es' ? stemSpanish(word) : stem(word);
    if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
    cache.set(word, stemmed);
  }
  return stemmed;
}

/** Words [start, end) of one sentence's tokens: the words before `start` are context only. */
export interface Piece {
  tokens: readonly string[];
  start: number;
  end: number;
}

/**
 * The sentences cut into windows of whole sentences, at most `windowTokens` words each (a
 * longer sentence is cut by words), and at most `maxWindows` of them. Chat messages are
 * nearly always one window; the training examples are too, so each window reads like one.
 */
export function windows(sentences: readonly NormalizedSentence[], config: FeatureConfig): Piece[][] {
  const out: Piece[][] = [];
  let current: Piece[] = [];
  let size = 0;
  const flush = (): void => {
    if (current.length > 0) out.push(current);
    current = [];
    size = 0;
  };
  for (const sentence of sentences) {
    // A long sentence read in overlapping windows (sentence.owns) is already cut: its own
    // tokens are read from each window once, the overlap twice, which only repeats features.
    const { tokens } = sentence;
    for (let start = 0; start < tokens.length; start += config.windowTokens) {
      const end = Math.min(tokens.length, start + config.windowTokens);
      if (size + (end - start) > config.windowTokens) {
        flush();
        if (out.length >= config.maxWindows) return out;
      }
      current.push({ tokens, start, end });
      size += end - start;
    }
  }
  flush();
  return out.slice(0, config.maxWindows);
}

const negatorSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function negatorsOf(config: FeatureConfig): ReadonlySet<string> {
  let set = negatorSets.get(config.negators);
  if (set === undefined) {
    set = new Set(config.negators);
    negatorSets.set(config.negators, set);
  }
  return set;
}

/**
 * The features of one window (its pieces of sentences), as a unit-length sparse vector. A
 * piece cut from the middle of a long sentence still reads the words just before it, for
 * the pair its first word makes and for a negation that reaches into it.
 */
export function featuresOf(window: readonly Piece[], language: Language, config: FeatureConfig): SparseVector {
  const mask = (1 << config.bits) - 1;
  const negators = negatorsOf(config);
  const counts = new Map<number, number>();
  const add = (hash: number, weight: number): void => {
    const index = hash & mask;
    counts.set(index, (counts.get(index) ?? 0) + weight);
  };
  if (language === 'es') add(SPANISH, config.wordWeight);
  for (const { tokens, start, end } of window) {
    let previous = start > 0 ? stemOf(tokens[start - 1] ?? '', language) : START;
    let negatedLeft = 0;
    for (let i = Math.max(0, start - config.negationWindow); i < start; i++) {
      if (negators.has(tokens[i] ?? '')) negatedLeft = config.negationWindow;
      else if (negatedLeft > 0) negatedLeft--;
    }
    for (let i = start; i < end; i++) {
      const word = tokens[i] ?? '';
      const stemmed = stemOf(word, language);
      add(hashInto(WORD_SEED, stemmed), config.wordWeight);
      if (negators.has(word)) negatedLeft = config.negationWindow;
      else if (negatedLeft > 0) {
        add(hashInto(NEGATED_SEED, stemmed), config.wordWeight);
        negatedLeft--;
      }
      add(hashInto(hashInto(hashInto(PAIR_SEED, previous), ' '), stemmed), config.pairWeight);
      previous = stemmed;
      if (config.charWeight > 0) {
        const padded = `<${word.length > MAX_GRAM_WORD ? word.slice(0, MAX_GRAM_WORD) : word}>`;
        for (let n = config.charMin; n <= config.charMax; n++) {
          for (let k = 0; k + n <= padded.length; k++) add(hashInto(CHAR_SEED, padded, k, k + n), config.charWeight);
        }
      }
    }
  }
  let norm = 0;
  for (const value of counts.values()) norm += value * value;
  const scale = norm > 0 ? 1 / Math.max(Math.sqrt(norm), config.minLength) : 0;
  const indexes = new Int32Array(counts.size);
  const values = new Float32Array(counts.size);
  let i = 0;
  for (const [index, value] of counts) {
    indexes[i] = index;
    values[i] = value * scale;
    i++;
  }
  return { indexes, values };
}

/** Every window of a message as features. */
export function messageFeatures(sentences: readonly NormalizedSentence[], language: Language, config: FeatureConfig): SparseVector[] {
  return windows(sentences, config).map((w) => featuresOf(w, language, config));
}

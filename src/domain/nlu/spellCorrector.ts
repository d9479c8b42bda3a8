import { editDistance, jaroWinkler } from './naturalModules.js';

/** Words shorter than this are too ambiguous to correct ("na", "aa", "ok"). */
const MIN_LENGTH = 4;
/** Longer "words" are pasted junk or URLs; comparing them would only cost time. */
const MAX_LENGTH = 24;
/** Shortest half accepted when splitting a run-together word. */
const MIN_SPLIT_PART = 3;
/** Jaro-Winkler similarity a candidate must reach before edit distance is checked. */
const MIN_SIMILARITY = 0.88;
/** Remembered corrections; bounded so a stream of random strings cannot grow memory. */
const CACHE_LIMIT = 5000;

/**
 * Corrects typos ("grup", "insurence") to the nearest word in the training
 * vocabulary. Only close, unambiguous matches are taken, so an off-topic word
 * stays unknown instead of being bent into a domain word.
 */
export class SpellCorrector {
  private readonly vocabulary: ReadonlySet<string>;
  /** Vocabulary bucketed by first letter: typos rarely change the first letter. */
  private readonly byFirstLetter = new Map<string, string[]>();
  private readonly cache = new Map<string, string | null>();

  constructor(words: Iterable<string>) {
    this.vocabulary = new Set(words);
    for (const word of this.vocabulary) {
      if (word.length < MIN_LENGTH - 1) continue;
      const first = word.charAt(0);
      const bucket = this.byFirstLetter.get(first);
      if (bucket) bucket.push(word);
      else this.byFirstLetter.set(first, [word]);
    }
  }

  has(word: string): boolean {
    return this.vocabulary.has(word);
  }

  /** The vocabulary word meant, or null when the word is unknown and nothing is close enough. */
  correct(word: string): string | null {
    if (this.vocabulary.has(word)) return word;
    if (word.length < MIN_LENGTH || word.length > MAX_LENGTH || /\d/.test(word)) return null;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const found = this.nearest(word);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, found);
    return found;
  }

  /**
   * "thankyou" -> ["thank", "you"] when both halves are known words; null otherwise.
   * Halves of three letters or more, so "renew" is not read as "re" + "new".
   */
  split(word: string): [string, string] | null {
    if (word.length < MIN_SPLIT_PART * 2 || word.length > MAX_LENGTH || this.vocabulary.has(word)) return null;
    for (let at = MIN_SPLIT_PART; at <= word.length - MIN_SPLIT_PART; at++) {
      const left = word.slice(0, at);
      const right = word.slice(at);
      if (this.vocabulary.has(left) && this.vocabulary.has(right)) return [left, right];
    }
    return null;
  }

  private nearest(word: string): string | null {
    const bucket = this.byFirstLetter.get(word.charAt(0));
    if (!bucket) return null;
    // Longer words can carry two slips ("counsling" is one, "insurnce" one, "theraphy" two).
    const maxEdits = word.length >= 8 ? 2 : 1;
    let best: string | null = null;
    let bestSimilarity = MIN_SIMILARITY;
    for (const candidate of bucket) {
      if (Math.abs(candidate.length - word.length) > maxEdits) continue;
      const similarity = jaroWinkler(word, candidate);
      if (similarity <= bestSimilarity) continue;
      if (editDistance(word, candidate) > maxEdits) continue;
      best = candidate;
      bestSimilarity = similarity;
    }
    return best;
  }
}

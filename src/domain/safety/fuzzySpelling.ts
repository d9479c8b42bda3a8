/**
 * Typo tolerance for the few words that carry crisis meaning ("sucidal", "siezure",
 * "unconcious"). People in distress type fast and on phones; a miss costs more than
 * a stray correction, but corrections are limited to a short list of target words.
 */

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), stopping early above `max`. */
export function editDistanceWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  // Three rolling rows are enough for transpositions.
  let prevPrev = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  let cur = new Array<number>(cols).fill(0);
  for (let i = 1; i < rows; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (prevPrev[j - 2] ?? 0) + 1);
      }
      cur[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[cols - 1] ?? max + 1;
}

/** Allowed edits grow with word length so short words are never "corrected" into other words. */
export function allowedEdits(length: number): number {
  if (length >= 9) return 2;
  if (length >= 5) return 1;
  return 0;
}

export interface FuzzyCorrector {
  /** The target word this token is a likely misspelling of, or undefined. */
  correct(token: string): string | undefined;
}

/** Length of the short words repaired only by swapping two neighbouring letters ("lfie" -> "life"). */
export const SHORT_WORD_LENGTH = 4;

/** True when `token` is `word` with exactly one pair of neighbouring letters swapped. */
export function isAdjacentSwap(token: string, word: string): boolean {
  if (token.length !== word.length || token === word) return false;
  let i = 0;
  while (i < token.length && token[i] === word[i]) i++;
  if (i + 1 >= token.length || token[i] !== word[i + 1] || token[i + 1] !== word[i]) return false;
  return token.slice(i + 2) === word.slice(i + 2);
}

/**
 * Builds a corrector over `targets`. Words in `protectedWords` (real words close to a
 * target, like "leisure" near "seizure") are never corrected.
 *
 * Four-letter words get no edit budget (too many real words sit one edit apart), but a
 * swap of two neighbouring letters is the commonest phone typo ("lfie", "hrut"), so a
 * four-letter token is repaired towards `shortTargets` by that swap alone. Callers pass
 * short words whose swaps are not themselves words.
 */
export function createFuzzyCorrector(
  targets: readonly string[],
  protectedWords: readonly string[],
  shortTargets: readonly string[] = [],
): FuzzyCorrector {
  const targetSet = new Set(targets);
  const protectedSet = new Set(protectedWords);
  const shorts = [...new Set(shortTargets)].filter((w) => w.length === SHORT_WORD_LENGTH);
  const shortSet = new Set(shorts);
  return {
    correct(token: string): string | undefined {
      if (token.length === SHORT_WORD_LENGTH && !shortSet.has(token) && !protectedSet.has(token)) {
        return shorts.find((word) => isAdjacentSwap(token, word));
      }
      if (token.length < 5 || targetSet.has(token) || protectedSet.has(token)) return undefined;
      let best: string | undefined;
      let bestDistance = Number.POSITIVE_INFINITY;
      for (const target of targets) {
        const max = allowedEdits(Math.min(token.length, target.length));
        if (max === 0) continue;
        // Cheap filter: typos almost always keep the first letter.
        if (target[0] !== token[0]) continue;
        const distance = editDistanceWithin(token, target, max);
        if (distance <= max && distance < bestDistance) {
          best = target;
          bestDistance = distance;
        }
      }
      return best;
    },
  };
}

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

/**
 * Builds a corrector over `targets`. Words in `protectedWords` (real words close to a
 * target, like "leisure" near "seizure") are never corrected.
 */
export function createFuzzyCorrector(targets: readonly string[], protectedWords: readonly string[]): FuzzyCorrector {
  const targetSet = new Set(targets);
  const protectedSet = new Set(protectedWords);
  return {
    correct(token: string): string | undefined {
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

import type { CompiledLexicon } from './crisisLexicon.js';
import type { NormalizedSentence } from './textNormalizer.js';

/**
 * Context checks around one lexicon match inside one sentence: is it negated
 * ("i am not suicidal"), in the past ("two years ago"), a general question
 * ("what are the signs of ..."), and who it is about. Each check is limited to the
 * clause, so "i am not suicidal but i took a bottle of pills" still fires.
 */

export interface MatchSpan {
  /** Index of the first matched token. */
  first: number;
  /** Index one past the last matched token. */
  end: number;
}

export interface ScopeChecker {
  isNegated(sentence: NormalizedSentence, span: MatchSpan, options: { inside: boolean; after: boolean }): boolean;
  isHistorical(sentence: NormalizedSentence, span: MatchSpan, medical: boolean): boolean;
  isTopical(sentence: NormalizedSentence, span: MatchSpan): boolean;
  isAboutOther(sentence: NormalizedSentence, span: MatchSpan): boolean;
}

/** The index of the last start at or before `offset` in ascending `starts` (binary search). */
export function lastStartAtOrBefore(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Token index containing character `offset`. */
export function tokenAt(sentence: NormalizedSentence, offset: number): number {
  return lastStartAtOrBefore(sentence.starts, offset);
}

function splitWords(phrases: readonly string[]): string[][] {
  return phrases.map((p) => p.split(' ').filter((w) => w.length > 0));
}

function startsWithAt(tokens: readonly string[], at: number, words: readonly string[]): boolean {
  for (let k = 0; k < words.length; k++) if (tokens[at + k] !== words[k]) return false;
  return words.length > 0;
}

const AFTER_FILLERS = new Set(['is', 'are', 'was', 'were', 'has', 'have', 'had', 'been', 'thoughts', 'urges', 'ideation', 'feelings', 'plans']);
const AFTER_CUES = new Set(['not', 'never', 'none', 'no']);

export function createScopeChecker(lexicon: CompiledLexicon): ScopeChecker {
  const { scope } = lexicon.file;
  const cues = splitWords(scope.negationCues);
  const subjectCues = splitWords(scope.subjectNegationCues);
  const narrowBreaks = new Set([...scope.historyBreaks, ...scope.narrowHistoryBreaks]);
  const pseudo = splitWords(scope.pseudoNegations);
  const clauseBreaks = new Set(scope.clauseBreaks);
  const historyBreaks = new Set(scope.historyBreaks);
  const selfWords = new Set(scope.selfWords);
  const otherWords = new Set(scope.otherWords);

  const isPseudo = (tokens: readonly string[], at: number): boolean => pseudo.some((p) => startsWithAt(tokens, at, p));
  const cueAt = (tokens: readonly string[], at: number): boolean =>
    cues.some((c) => startsWithAt(tokens, at, c)) && !isPseudo(tokens, at);

  /** First token of the clause holding `index`: stops at pauses and clause-break words. */
  function clauseStart(sentence: NormalizedSentence, index: number, breaks: ReadonlySet<string>, stopAtPause = true): number {
    let i = index;
    while (i > 0) {
      if (stopAtPause && sentence.pauseBefore[i]) return i;
      if (breaks.has(sentence.tokens[i - 1] ?? '')) return i;
      i--;
    }
    return 0;
  }

  function clauseEnd(sentence: NormalizedSentence, index: number, breaks: ReadonlySet<string>, stopAtPause = true): number {
    let i = index;
    const n = sentence.tokens.length;
    while (i < n) {
      if (stopAtPause && i > index && sentence.pauseBefore[i]) return i;
      if (breaks.has(sentence.tokens[i] ?? '')) return i;
      i++;
    }
    return n;
  }

  return {
    isNegated(sentence, span, options) {
      const { tokens } = sentence;
      const from = Math.max(clauseStart(sentence, span.first, clauseBreaks), span.first - scope.negationWindow);
      // Inside the match too, since a word gap can swallow the cue ("i am not really suicidal"),
      // but not its first word, which is the rule's own verb ("quit xanax", "stopped breathing").
      let sawI = false;
      for (let i = options.inside ? span.end - 1 : span.first - 1; i >= from; i--) {
        if (i !== span.first && cueAt(tokens, i)) return true;
        // "no one in my family has overdosed" is negated; "no one understands, i want to die" is not.
        if (i < span.first && !sawI && subjectCues.some((c) => startsWithAt(tokens, i, c))) return true;
        if (tokens[i] === 'i') sawI = true;
      }
      if (!options.after) return false;
      // "suicide is not on my mind", "self harm thoughts none": a cue right after, past at most two fillers.
      let i = span.end;
      for (let skipped = 0; skipped < 2 && AFTER_FILLERS.has(tokens[i] ?? ''); skipped++) i++;
      if (i > span.end + 2 || sentence.pauseBefore[i]) return false;
      return AFTER_CUES.has(tokens[i] ?? '') && !isPseudo(tokens, i);
    },

    isHistorical(sentence, span, medical) {
      // Pauses do not end a history clause: "i overdosed, two years ago".
      const words = (breaks: ReadonlySet<string>): string =>
        sentence.tokens.slice(clauseStart(sentence, span.first, breaks, false), clauseEnd(sentence, span.end, breaks, false)).join(' ');
      const isPast = (text: string): boolean => lexicon.pastMarkers.test(text) || (medical && lexicon.medicalPastMarkers.test(text));
      // Narrow clause first ("i overdosed years ago and | i think i overdosed again tonight"),
      // then the wider one ("my friend overdosed and died in january").
      const narrow = words(narrowBreaks);
      if (lexicon.recentMarkers.test(narrow)) return false;
      if (isPast(narrow)) return true;
      const wide = words(historyBreaks);
      if (lexicon.recentMarkers.test(wide)) return false;
      return isPast(wide);
    },

    isTopical(sentence, span) {
      const start = clauseStart(sentence, span.first, clauseBreaks);
      if (lexicon.topicCues.test(sentence.tokens.slice(start, span.first).join(' '))) return true;
      // Question cues read from the sentence's first word; a later window of a long sentence
      // starts mid-sentence, and taking its first word for one could silence a real crisis.
      if ((sentence.owns?.first ?? 0) > 0) return false;
      return lexicon.questionCues.test(sentence.tokens.slice(0, span.first).join(' '));
    },

    isAboutOther(sentence, span) {
      // The person nearest before the verb decides: "my friend took too much" vs "my lips are blue".
      const from = Math.max(clauseStart(sentence, span.first, clauseBreaks), span.first - 5);
      for (let i = span.end - 1; i >= from; i--) {
        const word = sentence.tokens[i] ?? '';
        if (otherWords.has(word)) return true;
        if (selfWords.has(word)) return false;
      }
      return false;
    },
  };
}

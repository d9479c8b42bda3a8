import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CrisisConceptsSchema, DEFAULT_CONCEPTS_URL } from './crisisConcepts.js';
import { CrisisLexiconSchema, DEFAULT_LEXICON_URL, type CrisisLexiconFile } from './crisisLexicon.js';
import { createTextNormalizer, type TextNormalizer } from './textNormalizer.js';

/**
 * The crisis check's normalizer, built from the lexicon's normalization rules and the
 * concepts' typo-repair words. One builder, so the crisis check and the safety classifier's
 * training (scripts/safety/) read text exactly alike: the classifier's features are made
 * from this normalizer's output.
 */

export type Normalization = CrisisLexiconFile['normalization'];
export type FuzzyWords = z.infer<typeof CrisisConceptsSchema>['fuzzy'];

export function createCrisisNormalizer(normalization: Normalization, fuzzy: FuzzyWords): TextNormalizer {
  // The concepts' words are repaired like the lexicon's ("evryone", "brdige"); the four-letter
  // ones only by a swap of neighbouring letters (fuzzySpelling.ts).
  const long = (words: readonly string[]): string[] => words.filter((w) => w.length > 4);
  const short = (words: readonly string[]): string[] => words.filter((w) => w.length === 4);
  return createTextNormalizer({
    tokens: normalization.tokens,
    phrases: normalization.phrases,
    fuzzyTargets: [...new Set([...normalization.fuzzyTargets, ...long(fuzzy.en)])],
    fuzzyProtected: normalization.fuzzyProtected,
    vocabulary: [...new Set([...normalization.vocabulary, ...short(fuzzy.en)])],
    ...(normalization.spanish
      ? { spanish: { ...normalization.spanish, fuzzyTargets: [...new Set([...normalization.spanish.fuzzyTargets, ...long(fuzzy.es)])] } }
      : {}),
  });
}

/** What the normalizer is built from, read from the two files without compiling their rules (which takes a second). */
export function readNormalizationSources(lexiconPath: string | URL = DEFAULT_LEXICON_URL, conceptsPath: string | URL = DEFAULT_CONCEPTS_URL): { normalization: Normalization; fuzzy: FuzzyWords } {
  const read = (path: string | URL): { normalization?: unknown; fuzzy?: unknown } | null => JSON.parse(readFileSync(path, 'utf8')) as { normalization?: unknown; fuzzy?: unknown } | null;
  const normalization = CrisisLexiconSchema.shape.normalization.parse(read(lexiconPath)?.normalization);
  const fuzzy = CrisisConceptsSchema.shape.fuzzy.parse(read(conceptsPath)?.fuzzy);
  return { normalization, fuzzy };
}

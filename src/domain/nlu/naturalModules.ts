import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier.js';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import PorterStemmerEs from 'natural/lib/natural/stemmers/porter_stemmer_es.js';
import JaroWinklerDistance from 'natural/lib/natural/distance/jaro-winkler_distance.js';
import levenshtein from 'natural/lib/natural/distance/levenshtein_distance.js';

/**
 * The `natural` pieces the recognizer uses, imported by deep path so the slow
 * main entry never loads. Deep CommonJS imports type-check whatever their real
 * shape is, so each one is checked here once, with an error that says what broke
 * (for example after a `natural` upgrade moves a file).
 */
function requireFunction<T>(value: T, name: string): T {
  if (typeof value !== 'function') {
    throw new Error(`natural: expected ${name} to be a function but got ${typeof value}; has the natural package layout changed?`);
  }
  return value;
}

export const NaiveBayes = requireFunction(BayesClassifier, 'classifiers/bayes_classifier.js');
export const stem: (token: string) => string = requireFunction(PorterStemmer.stem, 'PorterStemmer.stem').bind(PorterStemmer);
/** natural's Spanish Porter stemmer ("programas" -> "program", "hablar" -> "habl"), for the Spanish model. */
export const stemSpanish: (token: string) => string = requireFunction(PorterStemmerEs.stem, 'PorterStemmerEs.stem').bind(PorterStemmerEs);
export const jaroWinkler = requireFunction(JaroWinklerDistance, 'distance/jaro-winkler_distance.js');
const damerau = requireFunction(levenshtein.DamerauLevenshteinDistance, 'DamerauLevenshteinDistance');

/** Optimal-string-alignment distance: a swap of two neighbouring letters costs 1. */
export function editDistance(a: string, b: string): number {
  return damerau(a, b, { restricted: true });
}

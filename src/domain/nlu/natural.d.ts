/**
 * Types for the few `natural` sub-modules imported by deep path. The package
 * main entry is never imported: it loads database drivers and dotenv (~1.5 s).
 * These are CommonJS modules, so each is a default import; naturalModules.ts
 * checks their shape at run time.
 */
declare module 'natural/lib/natural/classifiers/bayes_classifier.js' {
  interface Classification {
    label: string;
    value: number;
  }
  class BayesClassifier {
    constructor(stemmer?: unknown, smoothing?: number);
    /** Accepts pre-tokenized text; a string would be re-tokenized with stop words removed. */
    addDocument(tokens: string[], label: string): void;
    train(): void;
    getClassifications(tokens: string[]): Classification[];
    /** Turns tokens into a 0/1 vector over every feature seen in training. */
    textToFeatures(tokens: string[]): number[];
    /** Feature -> number of training documents containing it, in vector order. */
    features: Record<string, number>;
    /** The underlying apparatus classifier; an object observation lists feature positions (sparse). */
    classifier: { getClassifications(observation: number[] | Record<number, number>): Classification[] };
  }
  export = BayesClassifier;
}

declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export = PorterStemmer;
}

declare module 'natural/lib/natural/stemmers/porter_stemmer_es.js' {
  const PorterStemmerEs: { stem(token: string): string };
  export = PorterStemmerEs;
}

declare module 'natural/lib/natural/distance/jaro-winkler_distance.js' {
  function JaroWinklerDistance(s1: string, s2: string, options?: { ignoreCase?: boolean }): number;
  export = JaroWinklerDistance;
}

declare module 'natural/lib/natural/distance/levenshtein_distance.js' {
  const distances: {
    DamerauLevenshteinDistance(
      source: string,
      target: string,
      options?: { transposition_cost?: number; restricted?: boolean },
    ): number;
  };
  export = distances;
}

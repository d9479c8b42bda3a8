import { stem as stemEnglish, stemSpanish } from './naturalModules.js';
import { SpellCorrector } from './spellCorrector.js';
import { tokenize as tokenizeEnglish } from './textNormalizer.js';

/** Feature standing for "a word the bot has never seen", so off-topic text can be learned. */
export const OUT_OF_VOCABULARY = 'oov_word';
/**
 * Words so common in every intent that, alone, they only add noise ("is there",
 * "what do you", "tell me about"). They still count inside bigrams ("call_me",
 * "about_me"), and messages made only of them fall back to using them.
 */
const FUNCTION_WORDS = new Set(
  (
    'i me my you your the a an is are am was be been do does did to of in on at for it its that this these those ' +
    'and or but so can could would will should what how there have has had with they them their we us our ' +
    'just any some im id ill ive get got if as by from then than all also really very please oh um like ' +
    'about want need tell'
  ).split(' '),
);

/** Spanish words as common as the English ones above ("que", "de", "me", "quiero", "necesito"). */
const SPANISH_FUNCTION_WORDS = new Set(
  (
    'yo me mi mis tu tus te el la los las un una unos unas es son soy estoy esta estan fue ser de del al a en por para con ' +
    'que y o pero si no se lo le les nos su sus este esta esto ese esa eso hay tengo tiene puedo puede quiero necesito ' +
    'como cual donde cuando muy mas ya tambien algo alguna alguno porfa favor oye bueno pues'
  ).split(' '),
);

/** How a language's words are split, reduced to stems, and which of them carry no meaning alone. */
export interface LanguageTools {
  tokenize(text: string): string[];
  stem(token: string): string;
  functionWords: ReadonlySet<string>;
}

export const ENGLISH_TOOLS: LanguageTools = { tokenize: tokenizeEnglish, stem: stemEnglish, functionWords: FUNCTION_WORDS };

/** Spanish typed with or without accents reads the same: "información" and "informacion", "año" as "ano". */
const foldAccents = (text: string): string => text.normalize('NFD').replace(/\p{M}+/gu, '');
/** Texting shorthand in Spanish ("q", "xq", "tmb"), expanded before the words are read. */
const SPANISH_SHORTHAND: ReadonlyMap<string, string> = new Map([
  ['q', 'que'],
  ['k', 'que'],
  ['xq', 'porque'],
  ['pq', 'porque'],
  ['tmb', 'tambien'],
  ['tb', 'tambien'],
  ['xfa', 'favor'],
  ['porfa', 'favor'],
  ['info', 'informacion'],
]);
export const SPANISH_TOOLS: LanguageTools = {
  tokenize: (text) => tokenizeEnglish(foldAccents(text)).map((t) => SPANISH_SHORTHAND.get(t) ?? t),
  stem: stemSpanish,
  functionWords: SPANISH_FUNCTION_WORDS,
};

/** No real word is longer; longer tokens are pasted junk, links or keyboard mashing. */
const MAX_WORD_LENGTH = 30;
/** Stop after this many distinct features: enough for any real message, and keeps scores finite. */
const MAX_FEATURES = 120;

export interface ExtractedFeatures {
  /** Stems, stem bigrams ("call_me") and possibly OUT_OF_VOCABULARY, each once. */
  features: string[];
  /** Tokens recognized (directly, by stem, or after typo correction). */
  knownCount: number;
  /** Tokens nothing could be made of. */
  unknownCount: number;
}

/**
 * Turns text into classifier features. Built from the training utterances so
 * that typo correction maps onto words the classifier has actually learned.
 */
export class FeatureExtractor {
  private readonly corrector: SpellCorrector;
  private readonly knownStems: ReadonlySet<string>;
  /** Tokens that occur in exactly one training utterance: stand-ins for unseen words. */
  private readonly rareTokens: ReadonlySet<string>;

  constructor(
    utterances: readonly string[],
    private readonly tools: LanguageTools = ENGLISH_TOOLS,
  ) {
    const { tokenize, stem } = tools;
    const documentFrequency = new Map<string, number>();
    for (const utterance of utterances) {
      for (const token of new Set(tokenize(utterance))) {
        documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
      }
    }
    const vocabulary = [...documentFrequency.keys()];
    this.corrector = new SpellCorrector(vocabulary);
    this.knownStems = new Set(vocabulary.map(stem));
    this.rareTokens = new Set(vocabulary.filter((token) => documentFrequency.get(token) === 1));
  }

  /**
   * Features of a training utterance. A word seen only once in all the training
   * data is, for learning purposes, what an unseen word looks like at run time,
   * so it also adds OUT_OF_VOCABULARY; that teaches each intent how often real
   * messages carry words the bot does not know.
   */
  forTraining(utterance: string): string[] {
    const tokens = this.tools.tokenize(utterance);
    const features = this.build(tokens, true);
    if (tokens.some((token) => this.rareTokens.has(token))) features.push(OUT_OF_VOCABULARY);
    return features;
  }

  forMessage(text: string): ExtractedFeatures {
    const tokens = this.tools.tokenize(text);
    const words: string[] = [];
    let knownCount = 0;
    let unknownCount = 0;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as string;
      const next = tokens[i + 1];
      // "neuro feedback", "after care": two typed words that the vocabulary knows as one.
      if (next !== undefined && !(this.isKnown(token) && this.isKnown(next)) && this.corrector.has(token + next)) {
        words.push(token + next);
        knownCount += 2;
        i++;
        continue;
      }
      const word = this.recognizeToken(token);
      if (word !== null) {
        words.push(word);
        knownCount++;
        continue;
      }
      // "thankyou", "callback me": one typed word the vocabulary knows as two.
      const halves = this.corrector.split(token);
      if (halves !== null) {
        words.push(...halves);
        knownCount++;
        continue;
      }
      unknownCount++;
    }
    // "how do i renew my passport": filler around words the bot has never seen is off-topic, not "how do i use this".
    const features = this.build(words, unknownCount === 0);
    if (unknownCount > 0) features.push(OUT_OF_VOCABULARY);
    return { features, knownCount, unknownCount };
  }

  private isKnown(token: string): boolean {
    // Stemming a pasted 1,000-letter "word" costs milliseconds and can never match.
    if (token.length > MAX_WORD_LENGTH) return false;
    return this.corrector.has(token) || this.knownStems.has(this.tools.stem(token));
  }

  /** The token if known (as is or by its stem), else the word a typo was meant to be, else null. */
  private recognizeToken(token: string): string | null {
    if (this.isKnown(token)) return token;
    return this.corrector.correct(token);
  }

  /**
   * Content-word unigrams plus adjacent bigrams with at least one content word:
   * "call me" and "call someone" mean different things.
   */
  private build(words: readonly string[], functionWordsAlone: boolean): string[] {
    const stems = words.map((w) => this.tools.stem(w));
    const content = words.map((word) => !this.tools.functionWords.has(word));
    const onlyFunctionWords = functionWordsAlone && !content.includes(true);
    const unique = new Set<string>();
    for (let i = 0; i < stems.length && unique.size < MAX_FEATURES; i++) {
      const current = stems[i] as string;
      if (content[i] || onlyFunctionWords) unique.add(current);
      const next = stems[i + 1];
      if (next !== undefined && (content[i] || content[i + 1])) unique.add(`${current}_${next}`);
    }
    return [...unique];
  }
}

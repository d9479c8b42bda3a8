import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ENGLISH_TOOLS, FeatureExtractor, SPANISH_TOOLS, type LanguageTools } from './featureExtractor.js';
import { IntentName, type IntentResult } from './intentNames.js';
import { IndexedBayesClassifier } from './naiveBayes.js';
import { DEFAULT_INTENTS_PATH, MAX_UTTERANCE_LENGTH, loadLocaleTrainingData, loadTrainingData, type TrainingData } from './trainingData.js';
import type { Locale } from '../locale.js';

/**
 * The one threshold callers need. recognize() already returns `unknown` for
 * anything scoring below it, so a caller can simply trust the intent; a caller
 * wanting extra certainty (say, before deleting data) can demand a higher score.
 */
export const INTENT_THRESHOLD = 0.5;

/**
 * Naive Bayes log-likelihoods are divided by this before the softmax. Measured
 * by 5-fold cross-validation on data/intents.json: 1 gave the best accuracy
 * with scores that still track correctness (at >= 0.9 about 9 in 10 are right;
 * 0.5-0.7 is a coin toss, hence the dialogs may confirm those). Kept as a named
 * knob so re-tuning after data changes is one edit.
 */
const TEMPERATURE = 1;
/**
 * Additive smoothing for unseen word/intent pairs. natural's default of 1 made
 * a word seen once in an intent barely count (x2 against x21 at 0.05), so
 * common filler words outvoted the word that mattered ("yoga", "sponsor").
 */
const SMOOTHING = 0.05;

/** Messages made only of question marks are people asking what to do. */
const ONLY_QUESTION_MARKS = /^\s*\?+\s*$/;

/**
 * Recognizes what a message is asking for. Pure and synchronous: no I/O after
 * construction, never throws on any string, never keeps the text it is given.
 */
export class IntentRecognizer {
  private static cached: IntentRecognizer | undefined;

  private readonly english: LanguageModel;
  /** Trained from data/locales/es/intents.json with natural's Spanish stemmer, when there is one. */
  private readonly spanish?: LanguageModel;

  constructor(data: TrainingData, spanish?: Partial<TrainingData>) {
    this.english = new LanguageModel(data, ENGLISH_TOOLS);
    if (spanish) this.spanish = new LanguageModel(spanish, SPANISH_TOOLS);
  }

  /**
   * Trains from a JSON file of utterances (validated; throws TrainingDataError if bad), and from
   * its Spanish counterpart (locales/es/intents.json beside it) when that exists.
   */
  static fromFile(path: string = DEFAULT_INTENTS_PATH): IntentRecognizer {
    const spanishPath = join(dirname(path), 'locales', 'es', 'intents.json');
    return new IntentRecognizer(loadTrainingData(path), existsSync(spanishPath) ? loadLocaleTrainingData(spanishPath) : undefined);
  }

  /** Process-wide recognizer trained from data/intents.json on first use. */
  static default(): IntentRecognizer {
    IntentRecognizer.cached ??= IntentRecognizer.fromFile();
    return IntentRecognizer.cached;
  }

  /**
   * The intent of a message in the conversation's language. A Spanish conversation is read by
   * the Spanish model first; what it cannot place (English words, "quiero info about IOP" that
   * it is unsure of) goes to the English one, and the surer answer wins. English is read by the
   * English model alone.
   */
  recognize(text: string, locale: Locale = 'en'): IntentResult {
    if (typeof text !== 'string') return { intent: 'unknown', score: 1 };
    if (ONLY_QUESTION_MARKS.test(text)) return { intent: 'help', score: 0.9 };
    const english = this.english.recognize(text);
    if (locale !== 'es' || !this.spanish) return english;
    const spanish = this.spanish.recognize(text);
    if (spanish.intent !== 'unknown' && spanish.score >= INTENT_THRESHOLD) {
      return english.intent !== 'unknown' && english.score > spanish.score && english.score === 1 ? english : spanish;
    }
    return english.intent !== 'unknown' ? english : spanish;
  }
}

/** One language's classifier. */
class LanguageModel {
  private readonly extractor: FeatureExtractor;
  private readonly classifier: IndexedBayesClassifier;
  /** Exact training sentences (menu buttons, "cancel") map straight to their intent. */
  private readonly exact = new Map<string, IntentName>();

  constructor(data: Partial<TrainingData>, tools: LanguageTools) {
    const utterances = IntentName.options.flatMap((intent) => data[intent] ?? []);
    this.extractor = new FeatureExtractor(utterances, tools);
    this.classifier = new IndexedBayesClassifier(undefined, SMOOTHING);
    for (const intent of IntentName.options) {
      for (const utterance of data[intent] ?? []) {
        this.exact.set(exactKey(utterance), intent);
        const features = this.extractor.forTraining(utterance);
        if (features.length > 0) this.classifier.addDocument(features, intent);
      }
    }
    this.classifier.train();
  }

  recognize(text: string): IntentResult {

    const exact = text.length <= MAX_UTTERANCE_LENGTH ? this.exact.get(exactKey(text)) : undefined;
    if (exact !== undefined) return { intent: exact, score: 1 };

    const { features, knownCount } = this.extractor.forMessage(text);
    // Nothing recognizable at all (empty, emoji, gibberish): confidently unknown.
    if (knownCount === 0) return { intent: 'unknown', score: 1 };

    const ranked = this.rank(features);
    const best = ranked[0];
    if (best === undefined) return { intent: 'unknown', score: 1 };
    if (best.intent === 'unknown' || best.score < INTENT_THRESHOLD) {
      return { intent: 'unknown', score: round(best.intent === 'unknown' ? best.score : 1 - best.score) };
    }
    return { intent: best.intent, score: round(best.score) };
  }

  /** Every intent with its calibrated score, best first. */
  private rank(features: string[]): IntentResult[] {
    const classifications = this.classifier.getClassifications(features);
    const logits: { intent: IntentName; logit: number }[] = [];
    for (const { label, value } of classifications) {
      const parsed = IntentName.safeParse(label);
      if (!parsed.success || !(value > 0)) continue;
      logits.push({ intent: parsed.data, logit: Math.log(value) / TEMPERATURE });
    }
    const top = logits[0]?.logit ?? 0;
    let total = 0;
    for (const entry of logits) total += Math.exp(entry.logit - top);
    return logits.map(({ intent, logit }) => ({ intent, score: Math.exp(logit - top) / total }));
  }
}

function exactKey(text: string): string {
  return text
    .toLowerCase()
    // Accents off, so "información" and "informacion" are the same exact sentence.
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}

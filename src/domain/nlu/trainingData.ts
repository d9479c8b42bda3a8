import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fromRoot } from '../../paths.js';
import { IntentName } from './intentNames.js';

/** Fewer examples than this and an intent is recognized by luck, not by learning. */
export const MIN_EXAMPLES_PER_INTENT = 25;

export const DEFAULT_INTENTS_PATH = fromRoot('data/intents.json');

/** Longest training utterance; longer messages cannot be an exact match. */
export const MAX_UTTERANCE_LENGTH = 400;

const Utterance = z
  .string()
  .trim()
  .min(1, 'an utterance must not be empty')
  .max(MAX_UTTERANCE_LENGTH, `an utterance must be at most ${MAX_UTTERANCE_LENGTH} characters`);

/** Every intent, `unknown` included, must be present: a record keyed by an enum is exhaustive in zod 4. */
export const TrainingData = z
  .record(
    IntentName,
    z.array(Utterance).min(MIN_EXAMPLES_PER_INTENT, `each intent needs at least ${MIN_EXAMPLES_PER_INTENT} examples`),
  )
  .superRefine((data, ctx) => {
    // The same text under two intents would teach the classifier a coin toss.
    const seen = new Map<string, IntentName>();
    for (const intent of IntentName.options) {
      for (const utterance of data[intent]) {
        const key = utterance.toLowerCase();
        const other = seen.get(key);
        if (other !== undefined && other !== intent) {
          ctx.addIssue({ code: 'custom', path: [intent], message: `"${utterance}" is also listed under ${other}` });
        }
        seen.set(key, intent);
      }
    }
  });
export type TrainingData = z.infer<typeof TrainingData>;

export class TrainingDataError extends Error {}

/** Parses training utterances; throws TrainingDataError naming the file and each problem. */
export function parseTrainingData(json: unknown, source = 'training data'): TrainingData {
  const result = TrainingData.safeParse(json);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new TrainingDataError(`Invalid ${source}:\n${lines.join('\n')}`);
}

export function loadTrainingData(path: string = DEFAULT_INTENTS_PATH): TrainingData {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TrainingDataError(`Cannot read training data ${path}: ${(error as Error).message}`);
  }
  return parseTrainingData(json, path);
}

/** Fewer Spanish examples are asked per intent: the Spanish model falls back to the English one when unsure. */
export const MIN_SPANISH_EXAMPLES_PER_INTENT = 10;

/**
 * Another language's utterances (data/locales/<locale>/intents.json). Only intents the bot knows
 * are read, and one with no examples is simply not learned (that language's messages about it go
 * to the English model): a new intent added in English never breaks the start.
 */
export const LocaleTrainingData = z.record(z.string(), z.array(Utterance).min(MIN_SPANISH_EXAMPLES_PER_INTENT, `each intent needs at least ${MIN_SPANISH_EXAMPLES_PER_INTENT} examples`));

export function loadLocaleTrainingData(path: string): Partial<TrainingData> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TrainingDataError(`Cannot read training data ${path}: ${(error as Error).message}`);
  }
  const result = LocaleTrainingData.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new TrainingDataError(`Invalid ${path}:\n${lines.join('\n')}`);
  }
  const known: Partial<TrainingData> = {};
  for (const intent of IntentName.options) {
    const utterances = result.data[intent];
    if (utterances) known[intent] = utterances;
  }
  return known;
}

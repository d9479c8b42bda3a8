import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FeatureConfigSchema, SafetyClass } from '../../src/domain/safety/safetyModelFile.js';
import { fromRoot } from '../../src/paths.js';

/**
 * The safety classifier's training data (data/safety-training/): labelled messages in
 * data/safety-training/examples/*.json and how to train on them in config.json. Outside
 * data, so every file is checked with zod and a bad one stops training with the file,
 * the place in it and what is wrong.
 */

export const TRAINING_DIR = fromRoot('data/safety-training');
export const EXAMPLES_DIR = join(TRAINING_DIR, 'examples');
export const CONFIG_PATH = join(TRAINING_DIR, 'config.json');

/**
 * How a "none" example is used: a hard negative (hyperbole, history, negation, a question,
 * recovery talk: the false alarms that matter) or an ordinary message to the bot.
 */
export const NegativeKind = z.enum(['hard', 'ordinary']);

export const TrainingExample = z.strictObject({
  text: z.string().trim().min(1).max(2000),
  label: SafetyClass,
  lang: z.enum(['en', 'es']),
  /** Where the wording comes from (a set's name), for the figures per source. */
  source: z.string().min(1),
  /** The writer's own category (hyperbole, history, dosing, alcohol...), kept for reading errors. */
  category: z.string().min(1).optional(),
  /** For "none" only: hard negative or ordinary message. */
  negative: NegativeKind.optional(),
});
export type TrainingExample = z.infer<typeof TrainingExample>;

export const TrainingFile = z
  .strictObject({
    version: z.literal(1),
    about: z.string().min(1),
    examples: z.array(TrainingExample).min(1),
  })
  .superRefine((file, ctx) => {
    for (const [i, e] of file.examples.entries()) {
      if ((e.label === 'none') !== (e.negative !== undefined)) {
        ctx.addIssue({ code: 'custom', path: ['examples', i, 'negative'], message: e.label === 'none' ? 'a "none" example says whether it is a hard negative or ordinary' : 'only a "none" example has "negative"' });
      }
    }
  });
export type TrainingFile = z.infer<typeof TrainingFile>;

export const TrainingConfig = z.strictObject({
  about: z.string().optional(),
  seed: z.number().int().min(1),
  folds: z.number().int().min(2).max(20),
  epochs: z.number().int().min(1).max(200),
  learningRate: z.number().positive(),
  /** The learning rate at step t is learningRate / (1 + decay * t / examples). */
  decay: z.number().min(0),
  l2: z.number().min(0),
  /** Class weights are (largest class / class size) to this power: 0 none, 1 fully balanced. */
  balance: z.number().min(0).max(1),
  /** Buckets whose weights are all smaller than this are left out of the model file. */
  pruneBelow: z.number().min(0),
  features: FeatureConfigSchema,
  thresholds: z.strictObject({
    /** At most this share of the hard negatives may get a model hit of a group's classes (out-of-fold). */
    hardNegativeBudget: z.number().min(0).max(1),
    /** And at most this share of the ordinary messages. */
    ordinaryBudget: z.number().min(0).max(1),
    /** No threshold below this, whatever the budget allows. */
    floor: z.number().gt(0).lt(1),
  }),
});
export type TrainingConfig = z.infer<typeof TrainingConfig>;

export class TrainingDataError extends Error {}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TrainingDataError(`${path}: ${(error as Error).message}`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, data: unknown, path: string): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new TrainingDataError(`${path}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
}

export function parseTrainingFile(data: unknown, path: string): TrainingFile {
  return parseWith(TrainingFile, data, path);
}

export function readTrainingConfig(path: string = CONFIG_PATH): TrainingConfig {
  return parseWith(TrainingConfig, readJson(path), path);
}

/** The example files, in name order (the order is part of what training sees). */
export function exampleFiles(dir: string = EXAMPLES_DIR): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(dir, name));
}

export function readTrainingFiles(dir: string = EXAMPLES_DIR): TrainingExample[] {
  return exampleFiles(dir).flatMap((path) => parseTrainingFile(readJson(path), path).examples);
}

import { readFileSync } from 'node:fs';
import { fromRoot } from '../../paths.js';
import { messageFeatures, type FeatureConfig, type SparseVector } from './safetyFeatures.js';
import { decodeWeights, SAFETY_CLASSES, SafetyModelError, SafetyModelFileSchema, type DecodedWeights, type SafetyClass, type SafetyModelFile, type Thresholds } from './safetyModelFile.js';
import type { Language, NormalizedSentence } from './textNormalizer.js';

/**
 * The safety classifier: the second net beside the hand-written rules (issue #15). A
 * multinomial logistic regression over hashed words, word pairs and letter n-grams
 * (safetyFeatures.ts), trained offline by `npm run train:safety` on the labelled messages
 * in data/safety-training/ and read from data/safety-model.json. It never replaces a rule:
 * the crisis check and the risk topics ask it only when their rules found nothing, and it
 * answers only above the threshold cross-validation chose for each class.
 *
 * Pure and deterministic: the same text gives the same probabilities on every run.
 */

export interface ModelHit {
  /** A class other than "none". */
  label: Exclude<SafetyClass, 'none'>;
  probability: number;
}

export interface SafetyModel {
  readonly features: FeatureConfig;
  readonly thresholds: Thresholds;
  /** Bytes the weights take in memory (typed arrays, outside the JS heap proper). */
  readonly sizeBytes: number;
  /**
   * Per class, the highest probability any window of the message gives it ("none": the
   * lowest), in SAFETY_CLASSES order. A long message is read in windows so one sentence
   * of crisis is not drowned by the paragraphs around it.
   */
  probabilities(sentences: readonly NormalizedSentence[], language: Language): Float64Array;
  /** The same from a message's windows already made into features (training measures with this). */
  probabilitiesOf(vectors: readonly SparseVector[]): Float64Array;
  /** The classes among `among` at or above their threshold, most probable first. */
  hits(sentences: readonly NormalizedSentence[], language: Language, among: readonly Exclude<SafetyClass, 'none'>[]): ModelHit[];
}

const CLASS_COUNT = SAFETY_CLASSES.length;
const NONE = 0;

/** Softmax of one window's scores, written into `out`. */
function windowProbabilities(vector: SparseVector, weights: DecodedWeights, out: Float64Array): void {
  const { rowOf, rows, scale, bias } = weights;
  for (let c = 0; c < CLASS_COUNT; c++) out[c] = bias[c] ?? 0;
  const { indexes, values } = vector;
  for (let i = 0; i < indexes.length; i++) {
    const row = rowOf[indexes[i] ?? 0] ?? -1;
    if (row < 0) continue;
    const value = (values[i] ?? 0) * scale;
    const base = row * CLASS_COUNT;
    for (let c = 0; c < CLASS_COUNT; c++) out[c] = (out[c] ?? 0) + (rows[base + c] ?? 0) * value;
  }
  let max = -Infinity;
  for (let c = 0; c < CLASS_COUNT; c++) max = Math.max(max, out[c] ?? 0);
  let sum = 0;
  for (let c = 0; c < CLASS_COUNT; c++) {
    out[c] = Math.exp((out[c] ?? 0) - max);
    sum += out[c] ?? 0;
  }
  for (let c = 0; c < CLASS_COUNT; c++) out[c] = (out[c] ?? 0) / sum;
}

/** A model from a parsed file (the trainer builds one the same way to measure exactly what ships). */
export function createSafetyModel(file: SafetyModelFile): SafetyModel {
  const weights = decodeWeights(file.weights, file.features.bits);
  const { features, thresholds } = file;
  const window = new Float64Array(CLASS_COUNT);

  function probabilitiesOf(vectors: readonly SparseVector[]): Float64Array {
    const result = new Float64Array(CLASS_COUNT);
    result[NONE] = 1;
    for (const vector of vectors) {
      windowProbabilities(vector, weights, window);
      result[NONE] = Math.min(result[NONE] ?? 1, window[NONE] ?? 1);
      for (let c = 1; c < CLASS_COUNT; c++) result[c] = Math.max(result[c] ?? 0, window[c] ?? 0);
    }
    return result;
  }

  // The crisis check and the risk step read the same message through the same normalizer in
  // one turn: the last message's probabilities are kept, so the features are built once a turn.
  let lastKey: string | undefined;
  let lastProbabilities: Float64Array | undefined;
  const probabilities = (sentences: readonly NormalizedSentence[], language: Language): Float64Array => {
    const key = `${language}\u0000${sentences.map((sentence) => sentence.text).join('\u0001')}`;
    if (key === lastKey && lastProbabilities) return lastProbabilities;
    lastProbabilities = probabilitiesOf(messageFeatures(sentences, language, features));
    lastKey = key;
    return lastProbabilities;
  };

  return {
    features,
    thresholds,
    sizeBytes: weights.rowOf.byteLength + weights.rows.byteLength + weights.bias.byteLength,
    probabilities,
    probabilitiesOf,
    hits(sentences, language, among) {
      const p = probabilities(sentences, language);
      const found: ModelHit[] = [];
      for (const label of among) {
        const probability = p[SAFETY_CLASSES.indexOf(label)] ?? 0;
        if (probability >= thresholds[label]) found.push({ label, probability });
      }
      return found.sort((a, b) => b.probability - a.probability);
    },
  };
}

export const DEFAULT_SAFETY_MODEL_PATH = fromRoot('data/safety-model.json');

/** Reads and checks a model file; a missing, corrupt or mis-shaped file throws with the file named. */
export function readSafetyModelFile(path: string = DEFAULT_SAFETY_MODEL_PATH): SafetyModelFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SafetyModelError(`${path}: ${(error as Error).message}`);
  }
  const parsed = SafetyModelFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SafetyModelError(`${path}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

const loaded = new Map<string, SafetyModel>();

/** The model in `path`, read once per process: the crisis check and the risk topics share it. */
export function loadSafetyModel(path: string = DEFAULT_SAFETY_MODEL_PATH): SafetyModel {
  let model = loaded.get(path);
  if (model === undefined) {
    const file = readSafetyModelFile(path);
    try {
      model = createSafetyModel(file);
    } catch (error) {
      throw new SafetyModelError(`${path}: ${(error as Error).message}`);
    }
    loaded.set(path, model);
  }
  return model;
}

import { SAFETY_CLASSES, type SafetyClass } from '../../src/domain/safety/safetyModelFile.js';
import type { SparseVector } from '../../src/domain/safety/safetyFeatures.js';
import type { TrainingConfig } from './trainingData.js';

/**
 * Multinomial logistic regression trained by stochastic gradient descent, with the
 * weights averaged over every step (averaged SGD: steadier than the last step's weights
 * on a few thousand examples). Deterministic: the order of examples comes from a seeded
 * generator and nothing else varies, so the same data and settings give the same weights,
 * bit for bit.
 */

export interface Sample {
  /** One window of a message (a message of several windows is several samples). */
  vector: SparseVector;
  label: number;
}

export interface Weights {
  /** Bucket-major: weights[bucket * classes + class]. */
  dense: Float64Array;
  bias: number[];
}

/** mulberry32: a small seeded generator, the same numbers on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

export const classIndex = (label: SafetyClass): number => SAFETY_CLASSES.indexOf(label);

export function train(samples: readonly Sample[], config: TrainingConfig): Weights {
  const classes = SAFETY_CLASSES.length;
  const size = (1 << config.features.bits) * classes;
  const w = new Float64Array(size);
  // Averaging without touching every weight each step: avg = w - u / steps, where u sums step * change.
  const u = new Float64Array(size);
  const b = new Float64Array(classes);
  const ub = new Float64Array(classes);

  const counts = Array.from({ length: classes }, () => 0);
  for (const s of samples) counts[s.label] = (counts[s.label] ?? 0) + 1;
  const largest = Math.max(...counts);
  const classWeight = counts.map((n) => (n > 0 ? (largest / n) ** config.balance : 0));

  const random = seededRandom(config.seed);
  const order = samples.map((_, i) => i);
  const scores = new Float64Array(classes);
  let step = 1;
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const sample = samples[i];
      if (sample === undefined) continue;
      const rate = config.learningRate / (1 + (config.decay * step) / samples.length);
      const { indexes, values } = sample.vector;
      for (let c = 0; c < classes; c++) scores[c] = b[c] ?? 0;
      for (let k = 0; k < indexes.length; k++) {
        const base = (indexes[k] ?? 0) * classes;
        const x = values[k] ?? 0;
        for (let c = 0; c < classes; c++) scores[c] = (scores[c] ?? 0) + (w[base + c] ?? 0) * x;
      }
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, scores[c] ?? 0);
      let sum = 0;
      for (let c = 0; c < classes; c++) {
        scores[c] = Math.exp((scores[c] ?? 0) - max);
        sum += scores[c] ?? 0;
      }
      const weight = classWeight[sample.label] ?? 1;
      for (let c = 0; c < classes; c++) {
        // The gradient of the log loss: predicted minus wanted, for each class.
        const g = weight * ((scores[c] ?? 0) / sum - (c === sample.label ? 1 : 0));
        const db = -rate * g;
        b[c] = (b[c] ?? 0) + db;
        ub[c] = (ub[c] ?? 0) + step * db;
        for (let k = 0; k < indexes.length; k++) {
          const at = (indexes[k] ?? 0) * classes + c;
          const old = w[at] ?? 0;
          // L2 only on the weights this example touches: the usual shortcut for sparse data.
          const dw = -rate * (g * (values[k] ?? 0) + config.l2 * old);
          w[at] = old + dw;
          u[at] = (u[at] ?? 0) + step * dw;
        }
      }
      step++;
    }
  }
  for (let i = 0; i < size; i++) w[i] = (w[i] ?? 0) - (u[i] ?? 0) / step;
  const bias = Array.from(b, (value, c) => value - (ub[c] ?? 0) / step);
  return { dense: w, bias };
}

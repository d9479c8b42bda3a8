import { CRISIS_KINDS } from '../../src/domain/safety/crisisKind.js';
import { messageFeatures, type SparseVector } from '../../src/domain/safety/safetyFeatures.js';
import { createSafetyModel, type SafetyModel } from '../../src/domain/safety/safetyModel.js';
import { encodeWeights, RISK_CLASSES, SAFETY_CLASSES, type SafetyClass, type SafetyModelFile, type Thresholds } from '../../src/domain/safety/safetyModelFile.js';
import type { TextNormalizer } from '../../src/domain/safety/textNormalizer.js';
import { classIndex, seededRandom, shuffle, train, type Sample } from './trainer.js';
import type { TrainingConfig, TrainingExample } from './trainingData.js';

/**
 * From examples to a model file: features made by the bot's own code, k-fold
 * cross-validation for out-of-fold probabilities, thresholds chosen on those, and the
 * final model trained on everything. Every figure is measured on the packed model (the
 * one the bot would load), not on the trainer's own weights.
 */

export interface Prepared {
  example: TrainingExample;
  /** The normalized text, one line per sentence: two examples alike here are one example. */
  normalized: string;
  vectors: SparseVector[];
}

export const featureConfig = (config: TrainingConfig): TrainingConfig['features'] => config.features;

/** Features for every example; a later example whose normalized text was seen is dropped (the first one's label stands). */
export function prepare(examples: readonly TrainingExample[], normalizer: TextNormalizer, config: TrainingConfig): { prepared: Prepared[]; duplicates: number; conflicts: string[] } {
  const seen = new Map<string, SafetyClass>();
  const prepared: Prepared[] = [];
  const conflicts: string[] = [];
  let duplicates = 0;
  for (const example of examples) {
    const sentences = normalizer.normalize(example.text);
    const normalized = sentences.map((s) => s.text).join('\n');
    const before = seen.get(normalized);
    if (before !== undefined) {
      duplicates++;
      if (before !== example.label) conflicts.push(`${before} / ${example.label}: ${example.text}`);
      continue;
    }
    seen.set(normalized, example.label);
    const vectors = messageFeatures(sentences, example.lang, featureConfig(config));
    if (vectors.length === 0) continue;
    prepared.push({ example, normalized, vectors });
  }
  return { prepared, duplicates, conflicts };
}

const samplesOf = (items: readonly Prepared[]): Sample[] => items.flatMap((p) => p.vectors.map((vector) => ({ vector, label: classIndex(p.example.label) })));

/** Until thresholds are chosen: every class answers at 0.5. */
const HALF: Thresholds = Object.fromEntries(SAFETY_CLASSES.filter((c) => c !== 'none').map((c) => [c, 0.5])) as Thresholds;

export function buildModelFile(items: readonly Prepared[], config: TrainingConfig, extra: { trainedOn: string; thresholds?: Thresholds; validation?: Record<string, unknown>; about?: string }): SafetyModelFile {
  const weights = train(samplesOf(items), config);
  return {
    version: 1,
    about: extra.about ?? '',
    trainedOn: extra.trainedOn,
    classes: [...SAFETY_CLASSES],
    features: featureConfig(config),
    thresholds: extra.thresholds ?? HALF,
    validation: extra.validation ?? {},
    weights: encodeWeights(weights.dense, weights.bias, config.pruneBelow),
  };
}

/** Folds stratified by label and language: each stratum is shuffled (seeded) and dealt round the folds. */
export function assignFolds(items: readonly Prepared[], folds: number, seed: number): number[] {
  const strata = new Map<string, number[]>();
  items.forEach((p, i) => {
    const key = `${p.example.label} ${p.example.lang}`;
    strata.set(key, [...(strata.get(key) ?? []), i]);
  });
  const fold = Array.from({ length: items.length }, () => 0);
  const random = seededRandom(seed);
  for (const key of [...strata.keys()].sort()) {
    shuffle(strata.get(key) ?? [], random).forEach((index, k) => {
      fold[index] = k % folds;
    });
  }
  return fold;
}

/** Each example's probabilities from a model that never saw it. */
export function outOfFold(items: readonly Prepared[], config: TrainingConfig, log: (line: string) => void = () => {}): Float64Array[] {
  const fold = assignFolds(items, config.folds, config.seed);
  const result: Float64Array[] = Array.from({ length: items.length }, () => new Float64Array(0));
  for (let k = 0; k < config.folds; k++) {
    const started = Date.now();
    const model = createSafetyModel(buildModelFile(items.filter((_, i) => fold[i] !== k), config, { trainedOn: '0'.repeat(64) }));
    items.forEach((p, i) => {
      if (fold[i] === k) result[i] = model.probabilitiesOf(p.vectors);
    });
    log(`fold ${k + 1}/${config.folds}: ${Date.now() - started} ms`);
  }
  return result;
}

export const CRISIS_CLASSES = [...CRISIS_KINDS] as const;
const GROUPS: ReadonlyArray<readonly Exclude<SafetyClass, 'none'>[]> = [CRISIS_CLASSES, RISK_CLASSES];

const isHard = (p: Prepared): boolean => p.example.label === 'none' && p.example.negative === 'hard';
const isOrdinary = (p: Prepared): boolean => p.example.label === 'none' && p.example.negative === 'ordinary';

export interface ThresholdChoice {
  thresholds: Thresholds;
  /** Per class: its out-of-fold false alarms on hard negatives and ordinary messages at its threshold, and its recall. */
  perClass: Record<string, { threshold: number; hardFalseAlarms: number; ordinaryFalseAlarms: number; recall: string }>;
}

/**
 * Per class, the lowest threshold at which its out-of-fold hits on the hard negatives stay
 * within its share of the budget (the group's budget split among its classes by their share
 * of the group's messages, so the group together stays within it: suicide and self-harm, the
 * most varied language, gets the most), and the same on ordinary messages, in each
 * language; never below
 * `floor`. Read off the negatives' own scores (just above the highest one that must stay
 * quiet), not from a grid: a confident model's scores crowd near 1, where a grid is coarse.
 * Lower is more recall; the budget is what stops it.
 */
export function chooseThresholds(items: readonly Prepared[], probabilities: readonly Float64Array[], config: TrainingConfig): ThresholdChoice {
  const { hardNegativeBudget, ordinaryBudget, floor } = config.thresholds;
  const hard = items.map((p, i) => (isHard(p) ? i : -1)).filter((i) => i >= 0);
  const ordinary = items.map((p, i) => (isOrdinary(p) ? i : -1)).filter((i) => i >= 0);
  const thresholds = {} as Thresholds;
  const perClass: ThresholdChoice['perClass'] = {};
  for (const group of GROUPS) {
    const size = (label: SafetyClass): number => items.filter((p) => p.example.label === label).length;
    const groupSize = group.reduce((sum, label) => sum + size(label), 0);
    for (const label of group) {
      // Each class's share of the group's budget is its share of the group's messages.
      const share = groupSize > 0 ? size(label) / groupSize : 1 / group.length;
      const c = classIndex(label);
      const score = (i: number): number => probabilities[i]?.[c] ?? 0;
      const over = (indexes: number[], t: number): number => indexes.filter((i) => score(i) >= t).length;
      /**
       * Just above the score of the (allowed + 1)-th highest negative of each language: that
       * one and all below stay quiet, so the budget holds in English and in Spanish alike.
       */
      const above = (indexes: number[], budget: number): number =>
        Math.max(
          ...(['en', 'es'] as const).map((lang) => {
            const inLang = indexes.filter((i) => items[i]?.example.lang === lang);
            const quiet = inLang.map(score).sort((a, b) => b - a)[Math.floor(budget * inLang.length * share)];
            return quiet === undefined ? 0 : roundUp(quiet);
          }),
        );
      const chosen = Math.min(1, Math.max(floor, above(hard, hardNegativeBudget), above(ordinary, ordinaryBudget)));
      thresholds[label] = chosen;
      const positives = items.map((p, i) => (p.example.label === label ? i : -1)).filter((i) => i >= 0);
      perClass[label] = {
        threshold: chosen,
        hardFalseAlarms: over(hard, chosen),
        ordinaryFalseAlarms: over(ordinary, chosen),
        recall: `${over(positives, chosen)}/${positives.length}`,
      };
    }
  }
  return { thresholds, perClass };
}

/** The smallest number of at most six decimals above `p` (a threshold that reads plainly in the file and stays strictly above). */
function roundUp(p: number): number {
  const step = 1e-6;
  return Math.min(1, Number(((Math.floor(p / step) + 1) * step).toFixed(6)));
}

const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}% (${n}/${d})`);

/**
 * The figures at the chosen thresholds, per class and language: recall (the right class
 * at its threshold), and for crisis messages any crisis kind at all (the crisis reply goes
 * out, though maybe with the wrong number); false alarms of each group on the hard
 * negatives and on ordinary messages.
 */
export function figures(items: readonly Prepared[], probabilities: readonly Float64Array[], thresholds: Thresholds): Record<string, Record<string, string>> {
  const hitOf = (i: number, labels: readonly Exclude<SafetyClass, 'none'>[]): boolean => labels.some((l) => (probabilities[i]?.[classIndex(l)] ?? 0) >= thresholds[l]);
  const out: Record<string, Record<string, string>> = {};
  for (const lang of ['en', 'es'] as const) {
    const row: Record<string, string> = {};
    const inLang = items.map((p, i) => ({ p, i })).filter(({ p }) => p.example.lang === lang);
    for (const label of SAFETY_CLASSES) {
      if (label === 'none') continue;
      const positives = inLang.filter(({ p }) => p.example.label === label);
      row[label] = pct(positives.filter(({ i }) => hitOf(i, [label])).length, positives.length);
    }
    const crisis = inLang.filter(({ p }) => (CRISIS_CLASSES as readonly string[]).includes(p.example.label));
    row['any crisis kind on a crisis message'] = pct(crisis.filter(({ i }) => hitOf(i, CRISIS_CLASSES)).length, crisis.length);
    const hard = inLang.filter(({ p }) => isHard(p));
    const ordinary = inLang.filter(({ p }) => isOrdinary(p));
    row['crisis false alarms, hard negatives'] = pct(hard.filter(({ i }) => hitOf(i, CRISIS_CLASSES)).length, hard.length);
    row['risk false alarms, hard negatives'] = pct(hard.filter(({ i }) => hitOf(i, RISK_CLASSES)).length, hard.length);
    row['crisis false alarms, ordinary'] = pct(ordinary.filter(({ i }) => hitOf(i, CRISIS_CLASSES)).length, ordinary.length);
    row['risk false alarms, ordinary'] = pct(ordinary.filter(({ i }) => hitOf(i, RISK_CLASSES)).length, ordinary.length);
    out[lang] = row;
  }
  return out;
}

export type { SafetyModel };

/** The project's own decisions, copied from the safety tests (examples/decisions.json). */
const isDecision = (p: Prepared): boolean => p.example.source.startsWith('test/safety');
/** A hard negative of the regression sets or the tests: never a corpus written for training. */
const isRegressionNegative = (p: Prepared): boolean => isHard(p) && !p.example.source.startsWith('corpus-');

export interface Raised {
  label: string;
  from: number;
  to: number;
  /** How many examples held the threshold up. */
  by: number;
}

/**
 * Raises a crisis threshold, when it must, until the final model is quiet on every hard
 * negative of the regression sets and the tests, and on every decision of the tests for the
 * classes other than its own (an opioid withdrawal that vomits is withdrawal, never a
 * crisis). These are the false alarms already found and fixed once; the model must not
 * bring them back.
 */
export function raiseToQuiet(items: readonly Prepared[], model: SafetyModel, thresholds: Thresholds): { thresholds: Thresholds; raised: Raised[] } {
  const out = { ...thresholds };
  const raised: Raised[] = [];
  const highest = new Map<string, { score: number; count: number }>();
  for (const p of items) {
    if (!isRegressionNegative(p) && !isDecision(p)) continue;
    const probabilities = model.probabilitiesOf(p.vectors);
    for (const label of CRISIS_CLASSES) {
      if (label === p.example.label) continue;
      const score = probabilities[classIndex(label)] ?? 0;
      if (score < out[label]) continue;
      const seen = highest.get(label) ?? { score: 0, count: 0 };
      highest.set(label, { score: Math.max(seen.score, score), count: seen.count + 1 });
    }
  }
  raiseAbove(out, raised, highest);
  return { thresholds: out, raised };
}

/** Raises each class's threshold just above the highest score it gave where it should have been quiet. */
function raiseAbove(out: Thresholds, raised: Raised[], highest: ReadonlyMap<string, { score: number; count: number }>): void {
  for (const [label, { score, count }] of highest) {
    const key = label as Exclude<SafetyClass, 'none'>;
    const to = roundUp(score);
    raised.push({ label, from: out[key], to, by: count });
    out[key] = to;
  }
}

/**
 * The same for the risk classes, judged by the bot's own risk step (`topicOf`: the rules,
 * then the model with the lexicon's vetoes) on the tests' decisions that are no risk topic.
 * The crisis sets' negatives are left out here: they say "not a crisis", and some of them
 * are a withdrawal or a relapse told. Repeated until the step is quiet on all of them.
 */
export function raiseRiskToQuiet(
  items: readonly Prepared[],
  thresholds: Thresholds,
  topicWith: (thresholds: Thresholds, text: string) => { label: string; probability: number } | undefined,
): { thresholds: Thresholds; raised: Raised[] } {
  const out = { ...thresholds };
  const raised: Raised[] = [];
  const decisions = items.filter((p) => isDecision(p) && p.example.label === 'none');
  for (let round = 0; round < 20; round++) {
    const highest = new Map<string, { score: number; count: number }>();
    for (const p of decisions) {
      const found = topicWith(out, p.example.text);
      if (found === undefined) continue;
      const seen = highest.get(found.label) ?? { score: 0, count: 0 };
      highest.set(found.label, { score: Math.max(seen.score, found.probability), count: seen.count + 1 });
    }
    if (highest.size === 0) break;
    raiseAbove(out, raised, highest);
  }
  return { thresholds: out, raised };
}

import { z } from 'zod';
import { CRISIS_KINDS } from './crisisKind.js';

/**
 * The shape of data/safety-model.json, written by `npm run train:safety` and read at
 * start-up: the classes, how features are made, the thresholds chosen by cross-validation
 * with the figures that justified them, and the weights packed small. Only the buckets a
 * training example touched are stored, as 16-bit integers with one scale, so the file
 * stays well under a megabyte and JSON stays the one format the data folder holds.
 */

/** The classes, in the order the weights are stored. "none" is everything else. */
export const SAFETY_CLASSES = ['none', ...CRISIS_KINDS, 'withdrawal', 'relapse', 'medication'] as const;
export const SafetyClass = z.enum(SAFETY_CLASSES);
export type SafetyClass = z.infer<typeof SafetyClass>;
export const RISK_CLASSES = ['withdrawal', 'relapse', 'medication'] as const satisfies readonly SafetyClass[];
export type RiskClass = (typeof RISK_CLASSES)[number];

export const FeatureConfigSchema = z.strictObject({
  bits: z.number().int().min(10).max(22),
  charMin: z.number().int().min(1).max(8),
  charMax: z.number().int().min(1).max(8),
  wordWeight: z.number().min(0),
  pairWeight: z.number().min(0),
  charWeight: z.number().min(0),
  windowTokens: z.number().int().min(8).max(512),
  maxWindows: z.number().int().min(1).max(64),
  negators: z.array(z.string().regex(/^[a-z]+$/)),
  negationWindow: z.number().int().min(0).max(12),
  minLength: z.number().min(0),
});

const Probability = z.number().gt(0).lte(1);
export const ThresholdsSchema = z.strictObject(
  Object.fromEntries(SAFETY_CLASSES.filter((c) => c !== 'none').map((c) => [c, Probability])) as Record<Exclude<SafetyClass, 'none'>, typeof Probability>,
);
export type Thresholds = z.infer<typeof ThresholdsSchema>;

const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

export const SafetyModelFileSchema = z.strictObject({
  version: z.literal(1),
  about: z.string(),
  /** sha256 of what the model was trained from (see scripts/safety/trainingHash.ts): the staleness check compares it. */
  trainedOn: z.string().regex(/^[0-9a-f]{64}$/),
  classes: z.array(SafetyClass).refine((c) => c.length === SAFETY_CLASSES.length && c.every((name, i) => name === SAFETY_CLASSES[i]), {
    message: `must be exactly ${SAFETY_CLASSES.join(', ')}`,
  }),
  features: FeatureConfigSchema,
  thresholds: ThresholdsSchema,
  /** For people: the cross-validation figures the thresholds were chosen on. The code never reads them. */
  validation: z.record(z.string(), z.unknown()),
  weights: z.strictObject({
    /** A stored integer times this is the weight. */
    scale: z.number().positive(),
    bias: z.array(z.number()).length(SAFETY_CLASSES.length),
    /** The buckets that have weights, ascending, each as the gap from the one before in LEB128. */
    buckets: Base64,
    /** Per bucket, one little-endian int16 per class. */
    rows: Base64,
  }),
});
export type SafetyModelFile = z.infer<typeof SafetyModelFileSchema>;

export class SafetyModelError extends Error {}

/**
 * The weights as the model reads them: a bucket's row (or -1), and the rows kept as the
 * file's 16-bit integers (a weight is one times `scale`), half the memory of floats.
 */
export interface DecodedWeights {
  rowOf: Int32Array;
  rows: Int16Array;
  scale: number;
  bias: Float32Array;
}

/** Dense weights (bucket-major, one value per class) to the file's packed form, dropping buckets whose weights are all below `pruneBelow`. */
export function encodeWeights(dense: Float64Array, bias: readonly number[], pruneBelow: number): SafetyModelFile['weights'] {
  const classes = SAFETY_CLASSES.length;
  const kept: number[] = [];
  let max = 0;
  for (let bucket = 0; bucket * classes < dense.length; bucket++) {
    let keep = false;
    for (let c = 0; c < classes; c++) {
      const w = Math.abs(dense[bucket * classes + c] ?? 0);
      if (w >= pruneBelow && w > 0) keep = true;
    }
    if (!keep) continue;
    kept.push(bucket);
    for (let c = 0; c < classes; c++) max = Math.max(max, Math.abs(dense[bucket * classes + c] ?? 0));
  }
  const scale = max > 0 ? max / 32767 : 1;
  const gaps: number[] = [];
  let last = 0;
  for (const bucket of kept) {
    let gap = bucket - last;
    last = bucket;
    do {
      const low = gap & 0x7f;
      gap >>>= 7;
      gaps.push(gap > 0 ? low | 0x80 : low);
    } while (gap > 0);
  }
  const rows = Buffer.alloc(kept.length * classes * 2);
  kept.forEach((bucket, i) => {
    for (let c = 0; c < classes; c++) rows.writeInt16LE(Math.round((dense[bucket * classes + c] ?? 0) / scale), (i * classes + c) * 2);
  });
  return { scale, bias: [...bias], buckets: Buffer.from(gaps).toString('base64'), rows: rows.toString('base64') };
}

/** The packed weights back to a bucket-to-row table; throws when they do not fit the hash space. */
export function decodeWeights(weights: SafetyModelFile['weights'], bits: number): DecodedWeights {
  const classes = SAFETY_CLASSES.length;
  const gaps = Buffer.from(weights.buckets, 'base64');
  const packed = Buffer.from(weights.rows, 'base64');
  const rowCount = packed.length / (classes * 2);
  if (!Number.isInteger(rowCount)) throw new SafetyModelError(`weights.rows: ${packed.length} bytes is not a whole number of rows`);
  const rowOf = new Int32Array(1 << bits).fill(-1);
  let bucket = 0;
  let row = 0;
  for (let i = 0; i < gaps.length; ) {
    let gap = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = gaps[i++] ?? 0;
      gap += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80 && i < gaps.length);
    bucket += gap;
    if (bucket >= rowOf.length || row >= rowCount) throw new SafetyModelError(`weights.buckets: bucket ${bucket} or row ${row} is out of range`);
    rowOf[bucket] = row++;
  }
  if (row !== rowCount) throw new SafetyModelError(`weights: ${row} buckets but ${rowCount} rows`);
  const rows = new Int16Array(rowCount * classes);
  for (let i = 0; i < rows.length; i++) rows[i] = packed.readInt16LE(i * 2);
  return { rowOf, rows, scale: weights.scale, bias: Float32Array.from(weights.bias) };
}

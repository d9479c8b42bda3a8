import { writeFileSync } from 'node:fs';
import { createCrisisNormalizer, readNormalizationSources } from '../src/domain/safety/crisisNormalizer.js';
import { DEFAULT_SAFETY_MODEL_PATH } from '../src/domain/safety/safetyModel.js';
import { SafetyModelFileSchema } from '../src/domain/safety/safetyModelFile.js';
import { createSafetyModel } from '../src/domain/safety/safetyModel.js';
import { readFileSync } from 'node:fs';
import { createRiskDetector, DEFAULT_RISK_LEXICON_PATH } from '../src/domain/safety/riskTopics.js';
import { RISK_CLASSES, SAFETY_CLASSES } from '../src/domain/safety/safetyModelFile.js';
import { buildModelFile, chooseThresholds, figures, outOfFold, prepare, raiseRiskToQuiet, raiseToQuiet } from './safety/pipeline.js';
import { trainingHash } from './safety/trainingHash.js';
import { readTrainingConfig, readTrainingFiles } from './safety/trainingData.js';

/**
 * npm run train:safety: trains the safety classifier on data/safety-training/ and writes
 * data/safety-model.json. First k-fold cross-validation: each example is scored by a model
 * that never saw it; the thresholds are chosen on those scores (see pipeline.ts) and the
 * figures printed here and written into the model file. Then the model is trained on every
 * example. Deterministic: the same files give the same model file, byte for byte.
 *
 *   npm run train:safety            train and write the model
 *   npm run train:safety -- --cv    cross-validation figures only, nothing written
 */

const cvOnly = process.argv.includes('--cv');
const log = (line: string): void => console.log(line);

const started = Date.now();
const config = readTrainingConfig();
const examples = readTrainingFiles();
const { normalization, fuzzy } = readNormalizationSources();
const normalizer = createCrisisNormalizer(normalization, fuzzy);
const { prepared, duplicates, conflicts } = prepare(examples, normalizer, config);
log(`${examples.length} examples, ${prepared.length} distinct after normalizing (${duplicates} repeats dropped, ${conflicts.length} with another label)`);
for (const line of conflicts) log(`  two labels, the first kept: ${line}`);
const counts = new Map<string, number>();
for (const p of prepared) counts.set(`${p.example.label} ${p.example.lang}`, (counts.get(`${p.example.label} ${p.example.lang}`) ?? 0) + 1);
log([...counts].sort().map(([k, n]) => `  ${k}: ${n}`).join('\n'));

const oof = outOfFold(prepared, config, log);
const choice = chooseThresholds(prepared, oof, config);
log(`\nThresholds (the lowest with each class's out-of-fold false alarms within its share of the budget, its share of its group's messages):`);
for (const [label, c] of Object.entries(choice.perClass)) {
  log(`  ${label.padEnd(18)} ${c.threshold.toFixed(6)}  recall ${c.recall}, hard-negative false alarms ${c.hardFalseAlarms}, ordinary ${c.ordinaryFalseAlarms}`);
}

// The final model, on every example; then the thresholds raised where it would bring back a fixed false alarm.
const hash = trainingHash();
const about =
  'The safety classifier beside the crisis and risk rules (src/domain/safety/safetyModel.ts). Written by npm run train:safety from data/safety-training/; do not edit by hand. validation holds the cross-validation figures the thresholds were chosen on.';
const draft = buildModelFile(prepared, config, { trainedOn: hash, thresholds: choice.thresholds, about });
const crisisRaise = raiseToQuiet(prepared, createSafetyModel(draft), choice.thresholds);
// The risk step as the bot runs it, with the draft model at the thresholds being tried.
const riskLexicon: unknown = JSON.parse(readFileSync(DEFAULT_RISK_LEXICON_PATH, 'utf8'));
const riskRaise = raiseRiskToQuiet(prepared, crisisRaise.thresholds, (tried, text) => {
  const model = createSafetyModel({ ...draft, thresholds: tried });
  const topic = createRiskDetector(riskLexicon, normalizer, model).detect(text);
  const label = topic?.concepts.find((c) => c.startsWith('model:'))?.slice('model:'.length);
  if (label === undefined || !(RISK_CLASSES as readonly string[]).includes(label)) return undefined;
  const probability = model.probabilities(normalizer.normalize(text), normalizer.language(text))[SAFETY_CLASSES.indexOf(label as (typeof RISK_CLASSES)[number])] ?? 0;
  return { label, probability };
});
const thresholds = riskRaise.thresholds;
const raised = [...crisisRaise.raised, ...riskRaise.raised];
for (const r of raised) log(`  ${r.label}: raised from ${r.from} to ${r.to} to keep ${r.by} fixed false alarm(s) of the regression sets and tests quiet`);

const figuresByLanguage = figures(prepared, oof, thresholds);
log(`\n${config.folds}-fold cross-validation at the final thresholds (model alone, every example scored by a model that never saw it):`);
const rows = Object.keys(figuresByLanguage.en ?? {});
log(`  ${''.padEnd(40)} ${'en'.padEnd(20)} es`);
for (const row of rows) log(`  ${row.padEnd(40)} ${(figuresByLanguage.en?.[row] ?? '').padEnd(20)} ${figuresByLanguage.es?.[row] ?? ''}`);

if (!cvOnly) {
  const file = {
    ...draft,
    thresholds,
    validation: {
      method: `${config.folds}-fold cross-validation, stratified by label and language, seed ${config.seed}; thresholds per class: the lowest (not below ${config.thresholds.floor}) with out-of-fold false alarms within ${config.thresholds.hardNegativeBudget * 100}% of the hard negatives and ${config.thresholds.ordinaryBudget * 100}% of the ordinary messages, split among a group's classes (crisis: 3, risk: 3) by their share of its messages; then raised where the final model would fire on a hard negative of the regression sets or a decision of the tests (the risk classes judged by the risk step itself, with the lexicon's vetoes)`,
      examples: prepared.length,
      chosen: choice.perClass,
      raised,
      byLanguage: figuresByLanguage,
    },
  };
  SafetyModelFileSchema.parse(file);
  const text = `${JSON.stringify(file, null, 1)}\n`;
  writeFileSync(DEFAULT_SAFETY_MODEL_PATH, text);
  log(`\nwrote ${DEFAULT_SAFETY_MODEL_PATH}: ${(text.length / 1024).toFixed(0)} KB, ${Buffer.from(file.weights.rows, 'base64').length / 14} buckets`);
}
log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readNormalizationSources } from '../../src/domain/safety/crisisNormalizer.js';
import { DEFAULT_RISK_LEXICON_PATH } from '../../src/domain/safety/riskTopics.js';
import { FEATURE_VERSION } from '../../src/domain/safety/safetyFeatures.js';
import { CONFIG_PATH, exampleFiles, EXAMPLES_DIR } from './trainingData.js';

/**
 * What a model is trained from, as one sha256: the examples, the settings, the
 * normalizer's rules (the features are made from its output), the risk lexicon (its vetoes
 * decide where a risk threshold must be raised) and the versions of the features and the
 * trainer. data/safety-model.json records it; test/safety/safetyModel.test.ts
 * fails when the files say otherwise, so nobody ships a model trained on other data.
 */

/** Bumped whenever training itself changes (the optimizer, the folds, how thresholds are chosen). */
export const TRAINER_VERSION = 1;

export function trainingHash(configPath: string = CONFIG_PATH, examplesDir: string = EXAMPLES_DIR): string {
  const hash = createHash('sha256');
  hash.update(`features ${FEATURE_VERSION} trainer ${TRAINER_VERSION}\n`);
  hash.update(readFileSync(configPath));
  for (const path of exampleFiles(examplesDir)) {
    hash.update(`\n${basename(path)}\n`);
    hash.update(readFileSync(path));
  }
  hash.update(JSON.stringify(readNormalizationSources()));
  hash.update(readFileSync(DEFAULT_RISK_LEXICON_PATH));
  return hash.digest('hex');
}

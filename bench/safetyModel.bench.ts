import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { crisisNormalizer } from '../src/domain/safety/crisisDetector.js';
import { createSafetyModel, readSafetyModelFile } from '../src/domain/safety/safetyModel.js';
import { safetyBenchMessages, percentile } from './stats.js';

/**
 * The safety classifier alone (issue #15): features and scores of one message already
 * normalized (the crisis check has normalized it by the time it asks the model), and the
 * memory its weights take. Target: well under 0.2 ms p95, inside the crisis check's share
 * of the turn (bench/safetyTurn.bench.ts). Run: npx tsx bench/safetyModel.bench.ts
 */

const ROUNDS = 20;

export async function run(): Promise<Record<string, number>> {
  const messages = [
    ...safetyBenchMessages(),
  ];
  // Read, checked and decoded afresh (the crisis check has its own copy by now): what start-up pays.
  const started = performance.now();
  const model = createSafetyModel(readSafetyModelFile());
  const loadMs = performance.now() - started;
  const normalizer = crisisNormalizer();
  const read = messages.map((text) => ({ sentences: normalizer.normalize(text), language: normalizer.language(text) }));
  for (const r of read) model.probabilities(r.sentences, r.language);
  const all: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const r of read) {
      const start = performance.now();
      model.probabilities(r.sentences, r.language);
      all.push(performance.now() - start);
    }
  }
  all.sort((a, b) => a - b);
  return {
    messages: messages.length,
    model_p50_ms: percentile(all, 50),
    model_p95_ms: percentile(all, 95),
    model_p99_ms: percentile(all, 99),
    load_ms: loadMs,
    weights_kb: model.sizeBytes / 1024,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await run();
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(28)} ${Number.isInteger(value) ? value : value.toFixed(4)}`);
}

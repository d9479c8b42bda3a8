import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IntentName } from '../src/domain/nlu/intentNames.js';
import { IntentRecognizer } from '../src/domain/nlu/intentRecognizer.js';
import { loadTrainingData } from '../src/domain/nlu/trainingData.js';

/**
 * Intent recognizer speed. Targets: start-up training <= 500 ms; recognize()
 * p95 well under 0.5 ms. Figures in milliseconds.
 */

const WARM_TRAININGS = 5;
const ROUNDS = 20;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function evalMessages(): string[] {
  const path = fileURLToPath(new URL('../test/eval/intent-eval.json', import.meta.url));
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { examples: { text: string }[] };
  return parsed.examples.map((example) => example.text);
}

export async function run(): Promise<Record<string, number>> {
  // Start-up as the bot does it: read and validate the file, then train (first time, cold JIT).
  let started = performance.now();
  const data = loadTrainingData();
  const loadMs = performance.now() - started;
  started = performance.now();
  const recognizer = new IntentRecognizer(data);
  const firstTrainMs = performance.now() - started;

  const warm: number[] = [];
  for (let i = 0; i < WARM_TRAININGS; i++) {
    started = performance.now();
    new IntentRecognizer(data);
    warm.push(performance.now() - started);
  }
  warm.sort((a, b) => a - b);

  // Held-out messages plus training sentences with a typo, so the spell corrector does real work.
  const messages = [
    ...evalMessages(),
    ...IntentName.options.flatMap((intent) => data[intent].slice(0, 5).map((u) => `${u}x`)),
    `${'so this is a long story about my week '.repeat(40)} can someone call me back`,
  ];
  const timings: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const message of messages) {
      const t = performance.now();
      recognizer.recognize(message);
      timings.push(performance.now() - t);
    }
  }
  timings.sort((a, b) => a - b);

  started = performance.now();
  recognizer.recognize('z'.repeat(50_000));
  const hugeInputMs = performance.now() - started;

  return {
    trainingDataLoadMs: loadMs,
    firstTrainMs,
    startupMs: loadMs + firstTrainMs,
    warmTrainMedianMs: percentile(warm, 50),
    recognizeP50Ms: percentile(timings, 50),
    recognizeP95Ms: percentile(timings, 95),
    recognizeP99Ms: percentile(timings, 99),
    recognizeMaxMs: timings[timings.length - 1] ?? Number.NaN,
    recognize50KbMs: hugeInputMs,
    messagesTimed: timings.length,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const figures = await run();
  for (const [name, value] of Object.entries(figures)) {
    console.log(`${name.padEnd(22)} ${Number.isInteger(value) ? value : value.toFixed(3)}`);
  }
}

import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { IntentName } from '../../src/domain/nlu/intentNames.js';
import { IntentRecognizer } from '../../src/domain/nlu/intentRecognizer.js';
import { loadTrainingData } from '../../src/domain/nlu/trainingData.js';
import { tokenize } from '../../src/domain/nlu/textNormalizer.js';

/** Below this the bot answers the wrong question too often to ship. */
const MIN_ACCURACY = 0.9;

const EvalSet = z.object({
  description: z.string(),
  examples: z
    .array(z.object({ text: z.string().max(2000), intent: IntentName }).strict())
    .min(220, 'the evaluation set needs at least 220 messages'),
});
type EvalExample = z.infer<typeof EvalSet>['examples'][number];

function loadEvalSet(): EvalExample[] {
  const path = fileURLToPath(new URL('./intent-eval.json', import.meta.url));
  const result = EvalSet.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!result.success) {
    throw new Error(`Invalid ${path}:\n${result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return result.data.examples;
}

/** Same words in any order, punctuation and case ignored: what counts as a copy. */
const wordsKey = (text: string): string => [...new Set(tokenize(text))].sort().join(' ');

const percent = (n: number): string => `${(n * 100).toFixed(1)}%`;

describe('intent evaluation set', () => {
  const examples = loadEvalSet();

  it('covers every intent, with at least 25 off-topic messages', () => {
    const counts = new Map<IntentName, number>();
    for (const { intent } of examples) counts.set(intent, (counts.get(intent) ?? 0) + 1);
    for (const intent of IntentName.options) expect(counts.get(intent) ?? 0, intent).to.be.at.least(1);
    expect(counts.get('unknown')).to.be.at.least(25);
  });

  it('shares no message with the training data', () => {
    const training = loadTrainingData();
    const trained = new Set(IntentName.options.flatMap((intent) => training[intent].map(wordsKey)));
    const copies = examples.filter(({ text }) => wordsKey(text) !== '' && trained.has(wordsKey(text))).map((e) => e.text);
    expect(copies, 'evaluation messages also in data/intents.json').to.deep.equal([]);
  });

  it(`is recognized with at least ${percent(MIN_ACCURACY)} accuracy`, () => {
    // A fresh recognizer, so nothing another test did to the shared one can matter.
    const recognizer = IntentRecognizer.fromFile();
    const perIntent = new Map<IntentName, { right: number; total: number }>();
    const confusions: string[] = [];
    let right = 0;
    for (const { text, intent } of examples) {
      const got = recognizer.recognize(text);
      const tally = perIntent.get(intent) ?? { right: 0, total: 0 };
      tally.total++;
      if (got.intent === intent) {
        right++;
        tally.right++;
      } else {
        confusions.push(`    ${intent} -> ${got.intent} (${got.score.toFixed(2)}): ${JSON.stringify(text)}`);
      }
      perIntent.set(intent, tally);
    }
    const accuracy = right / examples.length;

    console.log(`\n    intent accuracy: ${percent(accuracy)} (${right}/${examples.length})`);
    for (const intent of IntentName.options) {
      const tally = perIntent.get(intent);
      if (tally) console.log(`      ${intent.padEnd(28)} ${percent(tally.right / tally.total).padStart(6)}  (${tally.right}/${tally.total})`);
    }
    console.log(`    confusions (expected -> got):\n${confusions.join('\n') || '    none'}`);

    expect(accuracy).to.be.at.least(MIN_ACCURACY);
  });
});

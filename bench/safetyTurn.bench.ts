import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { readCrisis } from '../src/domain/safety/crisisDetector.js';
import { IntentRecognizer } from '../src/domain/nlu/intentRecognizer.js';
import { loadTrainingData } from '../src/domain/nlu/trainingData.js';
import { safetyBenchMessages, percentile } from './stats.js';

/**
 * The words' share of a turn: the crisis check and the intent classifier on one message,
 * as every typed message meets them (target: p95 <= 1 ms). When the message before left
 * crisis concepts to carry, the check reads the message a second time with them (the
 * two-message path of crisisMiddleware.ts); the `with_carry` figures time that case.
 * Messages: the crisis and intent evaluation sets and the second blind set, English and
 * Spanish. Run: npx tsx bench/safetyTurn.bench.ts
 */

const ROUNDS = 20;

export async function run(): Promise<Record<string, number>> {
  const messages = [
    ...safetyBenchMessages(),
  ];
  const recognizer = new IntentRecognizer(loadTrainingData());
  const carried = readCrisis("I'm so tired of everything").carry;

  const turn = (text: string, previous: readonly string[]): void => {
    const alone = readCrisis(text);
    if (alone.signal === null && previous.length > 0) readCrisis(text, previous);
    recognizer.recognize(text);
  };
  for (const text of messages) turn(text, carried);

  /**
   * Every call is one sample; the median of each message's rounds is also kept, which shows
   * the cost without the scheduler and GC pauses of a busy shared machine.
   */
  const time = (previous: readonly string[], work: (text: string, previous: readonly string[]) => void = turn): { all: number[]; medians: number[] } => {
    const all: number[] = [];
    const perMessage: number[][] = messages.map(() => []);
    for (let round = 0; round < ROUNDS; round++) {
      messages.forEach((text, i) => {
        const start = performance.now();
        work(text, previous);
        const ms = performance.now() - start;
        all.push(ms);
        perMessage[i]?.push(ms);
      });
    }
    const medians = perMessage.map((t) => percentile([...t].sort((a, b) => a - b), 50));
    return { all: all.sort((a, b) => a - b), medians: medians.sort((a, b) => a - b) };
  };
  const plain = time([]);
  const withCarry = time(carried);
  const crisisOnly = time([], (text) => readCrisis(text));
  const intentOnly = time([], (text) => recognizer.recognize(text));
  return {
    messages: messages.length,
    crisis_plus_intent_p50_ms: percentile(plain.all, 50),
    crisis_plus_intent_p95_ms: percentile(plain.all, 95),
    crisis_plus_intent_p99_ms: percentile(plain.all, 99),
    per_message_median_p95_ms: percentile(plain.medians, 95),
    with_carry_p95_ms: percentile(withCarry.all, 95),
    with_carry_per_message_median_p95_ms: percentile(withCarry.medians, 95),
    crisis_alone_per_message_median_p95_ms: percentile(crisisOnly.medians, 95),
    intent_alone_per_message_median_p95_ms: percentile(intentOnly.medians, 95),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await run();
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(28)} ${Number.isInteger(value) ? value : value.toFixed(4)}`);
}

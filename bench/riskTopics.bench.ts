import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { readCrisis } from '../src/domain/safety/crisisDetector.js';
import { IntentRecognizer } from '../src/domain/nlu/intentRecognizer.js';
import { loadTrainingData } from '../src/domain/nlu/trainingData.js';
import { loadRiskDetector } from '../src/domain/safety/riskTopics.js';
import { evalTexts, safetyBenchMessages, percentile } from './stats.js';

/**
 * The risk step's share of a turn (src/turn/riskStep.ts): the risk-topic check on one
 * message alone, and the words' whole share with it (crisis check + risk check + intent),
 * which must stay within the crisis check + intent budget (p95 <= 1 ms). Messages: the
 * crisis and intent evaluation sets, the second blind set and the risk regression set.
 * Run: npx tsx bench/riskTopics.bench.ts
 */

const ROUNDS = 20;

export async function run(): Promise<Record<string, number>> {
  const messages = [
    ...safetyBenchMessages(),
    ...evalTexts('risk-regression.json', ['withdrawal', 'relapse', 'medication']),
  ];
  const loadStart = performance.now();
  const risk = loadRiskDetector();
  const loadMs = performance.now() - loadStart;
  const recognizer = new IntentRecognizer(loadTrainingData());
  const whole = (text: string): void => {
    readCrisis(text);
    risk.detect(text);
    recognizer.recognize(text);
  };
  for (const text of messages) whole(text);

  /** Every call is a sample; each message's median over the rounds shows the cost without GC and scheduler pauses. */
  const time = (work: (text: string) => void): { all: number[]; medians: number[] } => {
    const all: number[] = [];
    const perMessage: number[][] = messages.map(() => []);
    for (let round = 0; round < ROUNDS; round++) {
      messages.forEach((text, i) => {
        const start = performance.now();
        work(text);
        const ms = performance.now() - start;
        all.push(ms);
        perMessage[i]?.push(ms);
      });
    }
    return { all: all.sort((a, b) => a - b), medians: perMessage.map((t) => percentile([...t].sort((a, b) => a - b), 50)).sort((a, b) => a - b) };
  };
  const riskOnly = time((text) => risk.detect(text));
  // Crisis check + intent without the risk check, timed in the same run, so the difference is the risk check's.
  const without = time((text) => {
    readCrisis(text);
    recognizer.recognize(text);
  });
  const all = time(whole);
  // The step reads the text the bot understands, at most 2,000 characters (normalizeIncoming.ts).
  const long = `${'I have been thinking about which evening group would fit my schedule. '.repeat(28)} I relapsed last night`.slice(-2000);
  const longStart = performance.now();
  risk.detect(long);
  const longMs = performance.now() - longStart;
  return {
    messages: messages.length,
    risk_alone_p50_ms: percentile(riskOnly.all, 50),
    risk_alone_p95_ms: percentile(riskOnly.all, 95),
    risk_alone_per_message_median_p95_ms: percentile(riskOnly.medians, 95),
    crisis_intent_p95_ms: percentile(without.all, 95),
    crisis_intent_per_message_median_p95_ms: percentile(without.medians, 95),
    crisis_risk_intent_p95_ms: percentile(all.all, 95),
    crisis_risk_intent_per_message_median_p95_ms: percentile(all.medians, 95),
    message_2000_chars_ms: longMs,
    lexicon_load_ms: loadMs,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await run();
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(44)} ${Number.isInteger(value) ? value : value.toFixed(4)}`);
}

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { percentile } from './stats.js';

type DetectorModule = typeof import('../src/domain/safety/crisisDetector.js');

/**
 * Crisis detector speed: per-message latency over the evaluation set (target: p95
 * well under 0.5 ms) and lexicon load time. Run: npx tsx bench/crisis.bench.ts
 */

const ROUNDS = 20;
const LOAD_ROUNDS = 10;


function evalSet(): { crisis: string[]; nonCrisis: string[] } {
  const raw = JSON.parse(readFileSync(new URL('../test/eval/crisis-eval.json', import.meta.url), 'utf8')) as {
    crisis: Array<{ text: string }>;
    nonCrisis: Array<{ text: string }>;
  };
  return { crisis: raw.crisis.map((m) => m.text), nonCrisis: raw.nonCrisis.map((m) => m.text) };
}

/** Sentences of 6 to 19 words drawn from `messages` with a fixed seed, up to `length` characters. */
function distinctLines(messages: readonly string[], length: number): string {
  const words = messages.join(' ').split(/\s+/).filter((w) => w.length > 0);
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  let text = '';
  while (text.length < length) {
    const count = 6 + (next() % 14);
    text += `${Array.from({ length: count }, () => words[next() % words.length]).join(' ')}. `;
  }
  return text.slice(0, length);
}

export async function run(): Promise<Record<string, number>> {
  const { crisis, nonCrisis } = evalSet();
  const messages = [...crisis, ...nonCrisis];

  // Cold: importing the module reads, validates and compiles the lexicon once.
  const importStart = performance.now();
  const { detectCrisis, loadCrisisLexicon }: DetectorModule = await import('../src/domain/safety/crisisDetector.js');
  const importMs = performance.now() - importStart;

  const loads: number[] = [];
  for (let i = 0; i < LOAD_ROUNDS; i++) {
    const start = performance.now();
    loadCrisisLexicon();
    loads.push(performance.now() - start);
  }
  loads.sort((a, b) => a - b);

  // Warm up the regex engine and JIT before timing.
  for (const text of messages) detectCrisis(text);

  // Every call is one sample; the median per message also shows the figure without
  // scheduler and GC noise, which is large on a busy shared machine.
  const times: number[] = [];
  const perMessage: number[][] = messages.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    messages.forEach((text, i) => {
      const start = performance.now();
      detectCrisis(text);
      const ms = performance.now() - start;
      times.push(ms);
      perMessage[i]?.push(ms);
    });
  }
  times.sort((a, b) => a - b);
  const medians = perMessage.map((t) => percentile([...t].sort((a, b) => a - b), 50)).sort((a, b) => a - b);

  const long = 'I have been thinking about which evening group would fit my schedule. '.repeat(720);
  const longStart = performance.now();
  detectCrisis(`${long} i want to die`);
  const longMs = performance.now() - longStart;

  // The largest message a request may carry (MAX_BODY_BYTES), read whole by the crisis
  // check: once as the same line repeated, once as lines that never repeat (the words of
  // the hard non-crisis messages shuffled), which is what a real paste looks like to it.
  const repeated = 'I have been thinking about which evening group would fit my schedule. '.repeat(3700).slice(0, 256 * 1024 - 14);
  const distinct = distinctLines(nonCrisis, 256 * 1024 - 14);
  const medianMs = (text: string): number => {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      detectCrisis(`${text} i want to die`);
      runs.push(performance.now() - start);
    }
    return percentile(runs.sort((a, b) => a - b), 50);
  };

  return {
    messages: messages.length,
    samples: times.length,
    p50_ms: percentile(times, 50),
    p95_ms: percentile(times, 95),
    p99_ms: percentile(times, 99),
    max_ms: times[times.length - 1] ?? Number.NaN,
    per_message_median_p50_ms: percentile(medians, 50),
    per_message_median_p95_ms: percentile(medians, 95),
    module_import_with_lexicon_ms: importMs,
    lexicon_reload_median_ms: percentile(loads, 50),
    message_50kb_ms: longMs,
    message_256kb_repeated_median_ms: medianMs(repeated),
    message_256kb_distinct_median_ms: medianMs(distinct),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await run();
  for (const [name, value] of Object.entries(figures)) {
    console.log(`${name.padEnd(24)} ${Number.isInteger(value) ? value : value.toFixed(4)}`);
  }
}

import { readFileSync } from 'node:fs';

/** Nearest-rank percentile of an ascending list; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** The `text` of every item under `keys` in an evaluation set of test/eval/. */
export function evalTexts(file: string, keys: readonly string[]): string[] {
  const raw = JSON.parse(readFileSync(new URL(`../test/eval/${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;
  return keys.flatMap((key) => (Array.isArray(raw[key]) ? (raw[key] as Array<{ text: string }>).map((m) => m.text) : []));
}

/** The messages the safety benches time: crisis and ordinary ones, and blind set b's every kind, English and Spanish. */
export function safetyBenchMessages(): string[] {
  return [
    ...evalTexts('crisis-eval.json', ['crisis', 'nonCrisis']),
    ...evalTexts('intent-eval.json', ['examples']),
    ...evalTexts('blind-2026-12-07-b.json', ['crisis', 'nonCrisis', 'withdrawal', 'relapse', 'medication', 'safetyAnswers']),
  ];
}

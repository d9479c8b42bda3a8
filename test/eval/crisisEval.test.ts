import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { detectCrisis, type CrisisKind } from '../../src/safety/crisisDetector.js';
import { CrisisKindSchema } from '../../src/safety/crisisLexicon.js';

/**
 * Scores the crisis detector on test/eval/crisis-eval.json, a set written apart
 * from the lexicon. Bars: every crisis message fires; at most 3% of the hard
 * non-crisis messages do.
 */

const EvalFile = z
  .object({
    version: z.literal(1),
    description: z.string(),
    crisis: z.array(z.object({ text: z.string().min(1), kind: CrisisKindSchema }).strict()).min(160),
    nonCrisis: z
      .array(
        z
          .object({
            text: z.string().min(1),
            category: z.enum(['hyperbole', 'history', 'grief', 'question', 'negation', 'iop']),
          })
          .strict(),
      )
      .min(160),
  })
  .strict();
type EvalFile = z.infer<typeof EvalFile>;

const MAX_FALSE_ALARM_RATE = 0.03;

export function loadCrisisEval(path = new URL('./crisis-eval.json', import.meta.url)): EvalFile {
  const parsed = EvalFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid crisis eval set:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

describe('crisis detector evaluation', () => {
  const data = loadCrisisEval();

  it('has no message in both sets', () => {
    const crisisTexts = new Set(data.crisis.map((c) => c.text.toLowerCase()));
    const overlap = data.nonCrisis.filter((n) => crisisTexts.has(n.text.toLowerCase()));
    expect(overlap).to.deep.equal([]);
  });

  it(`catches every crisis message and false-alarms on at most ${MAX_FALSE_ALARM_RATE * 100}% of hard non-crisis messages`, () => {
    const byKind = new Map<CrisisKind, { total: number; caught: number; kindInKinds: number; primary: number }>();
    const misses: string[] = [];
    for (const { text, kind } of data.crisis) {
      const stats = byKind.get(kind) ?? { total: 0, caught: 0, kindInKinds: 0, primary: 0 };
      stats.total++;
      const signal = detectCrisis(text);
      if (signal === null) misses.push(`[${kind}] ${text}`);
      else {
        stats.caught++;
        if (signal.kinds.includes(kind)) stats.kindInKinds++;
        if (signal.kind === kind) stats.primary++;
      }
      byKind.set(kind, stats);
    }

    const alarmsByCategory = new Map<string, { total: number; alarms: number }>();
    const falseAlarms: string[] = [];
    for (const { text, category } of data.nonCrisis) {
      const stats = alarmsByCategory.get(category) ?? { total: 0, alarms: 0 };
      stats.total++;
      const signal = detectCrisis(text);
      if (signal !== null) {
        stats.alarms++;
        falseAlarms.push(`[${category} -> ${signal.kinds.join('+')} via ${signal.ruleIds.join(',')}] ${text}`);
      }
      alarmsByCategory.set(category, stats);
    }

    let caught = 0;
    let kindOk = 0;
    let primaryOk = 0;
    const lines = ['', '  crisis eval'];
    for (const [kind, s] of byKind) {
      caught += s.caught;
      kindOk += s.kindInKinds;
      primaryOk += s.primary;
      lines.push(`    recall ${kind.padEnd(18)} ${pct(s.caught, s.total).padStart(6)} (${s.caught}/${s.total})  kind found ${pct(s.kindInKinds, s.caught)}`);
    }
    lines.push(`    recall overall            ${pct(caught, data.crisis.length).padStart(6)} (${caught}/${data.crisis.length})`);
    lines.push(`    kind accuracy (label among kinds) ${pct(kindOk, caught)}; primary kind equals label ${pct(primaryOk, caught)}`);
    const alarms = falseAlarms.length;
    lines.push(`    false alarms overall      ${pct(alarms, data.nonCrisis.length).padStart(6)} (${alarms}/${data.nonCrisis.length})`);
    for (const [category, s] of alarmsByCategory) lines.push(`      ${category.padEnd(10)} ${pct(s.alarms, s.total).padStart(6)} (${s.alarms}/${s.total})`);
    for (const miss of misses) lines.push(`    MISS ${miss}`);
    for (const alarm of falseAlarms) lines.push(`    FALSE ALARM ${alarm}`);
    console.log(lines.join('\n'));

    expect(misses, 'missed crisis messages').to.deep.equal([]);
    expect(alarms / data.nonCrisis.length, 'false-alarm rate').to.be.at.most(MAX_FALSE_ALARM_RATE);
    // A signal of the wrong kind would send the wrong help (911 versus 988).
    expect(kindOk / caught, 'share of caught messages whose labelled kind was found').to.be.at.least(0.95);
  });
});

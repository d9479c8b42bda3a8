import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { detectCrisis, type CrisisKind } from '../../src/safety/crisisDetector.js';
import { CrisisKindSchema } from '../../src/safety/crisisLexicon.js';

/**
 * Blind holdout for the crisis detector: test/eval/crisis-holdout.json was
 * written without reading the lexicon, its helpers or crisis-eval.json, so it
 * is the independent measure. Same bars as the main eval: every crisis
 * message fires, at most 3% of hard non-crisis messages do, and the labelled
 * kind is among the kinds found for at least 95% of caught messages.
 *
 * Do not tune the lexicon to these phrases; when one is missed, fix the rule
 * in general and copy the message into crisis-eval.json.
 */

const HoldoutFile = z
  .object({
    version: z.literal(1),
    description: z.string(),
    crisis: z
      .array(z.object({ text: z.string().min(1), kind: CrisisKindSchema, aboutOther: z.literal(true).optional() }).strict())
      .min(80),
    nonCrisis: z
      .array(
        z
          .object({
            text: z.string().min(1),
            category: z.enum(['hyperbole', 'media', 'history', 'grief', 'question', 'negation', 'recovery', 'iop']),
          })
          .strict(),
      )
      .min(80),
  })
  .strict();

const MAX_FALSE_ALARM_RATE = 0.03;
const MIN_KIND_ACCURACY = 0.95;

const data = HoldoutFile.parse(JSON.parse(readFileSync(new URL('./crisis-holdout.json', import.meta.url), 'utf8')));
const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

describe('crisis detector blind holdout', () => {
  it('has no duplicate message and none in both sets', () => {
    const all = [...data.crisis, ...data.nonCrisis].map((m) => m.text.toLowerCase());
    expect(all.length - new Set(all).size, 'duplicates').to.equal(0);
  });

  it('has no holdout crisis message pasted verbatim into the lexicon', () => {
    const lexicon = readFileSync(new URL('../../data/crisis-lexicon.json', import.meta.url), 'utf8').toLowerCase();
    // A message of four or more words appearing whole in the lexicon file is a pasted phrase, not a rule
    // (short canonical phrases such as "me quiero morir" are legitimately lexicon entries).
    const pasted = [...data.crisis, ...data.nonCrisis]
      .map((m) => m.text.toLowerCase())
      .filter((t) => t.split(/\s+/).length >= 4 && lexicon.includes(t));
    expect(pasted).to.deep.equal([]);
  });

  it(`catches every crisis message and false-alarms on at most ${MAX_FALSE_ALARM_RATE * 100}% of hard non-crisis messages`, () => {
    const byKind = new Map<CrisisKind, { total: number; caught: number; kindInKinds: number }>();
    const misses: string[] = [];
    const wrongKind: string[] = [];
    let aboutOtherTotal = 0;
    let aboutOtherFound = 0;
    const aboutOtherMissed: string[] = [];
    for (const { text, kind, aboutOther } of data.crisis) {
      const stats = byKind.get(kind) ?? { total: 0, caught: 0, kindInKinds: 0 };
      stats.total++;
      const signal = detectCrisis(text);
      if (signal === null) misses.push(`[${kind}] ${text}`);
      else {
        stats.caught++;
        if (signal.kinds.includes(kind)) stats.kindInKinds++;
        else wrongKind.push(`[${kind} -> ${signal.kinds.join('+')} via ${signal.ruleIds.join(',')}] ${text}`);
        if (aboutOther && signal.kinds.includes('medical_emergency')) {
          aboutOtherTotal++;
          if (signal.aboutOther === true) aboutOtherFound++;
          else aboutOtherMissed.push(text);
        }
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
    const lines = ['', '  crisis blind holdout'];
    for (const [kind, s] of byKind) {
      caught += s.caught;
      kindOk += s.kindInKinds;
      lines.push(`    recall ${kind.padEnd(18)} ${pct(s.caught, s.total).padStart(6)} (${s.caught}/${s.total})  kind found ${pct(s.kindInKinds, s.caught)}`);
    }
    lines.push(`    recall overall            ${pct(caught, data.crisis.length).padStart(6)} (${caught}/${data.crisis.length})`);
    lines.push(`    kind accuracy (label among kinds) ${pct(kindOk, caught)}`);
    lines.push(`    someone-else emergencies flagged aboutOther ${pct(aboutOtherFound, aboutOtherTotal)} (${aboutOtherFound}/${aboutOtherTotal})`);
    const alarms = falseAlarms.length;
    lines.push(`    false alarms overall      ${pct(alarms, data.nonCrisis.length).padStart(6)} (${alarms}/${data.nonCrisis.length})`);
    for (const [category, s] of alarmsByCategory) lines.push(`      ${category.padEnd(10)} ${pct(s.alarms, s.total).padStart(6)} (${s.alarms}/${s.total})`);
    for (const miss of misses) lines.push(`    MISS ${miss}`);
    for (const w of wrongKind) lines.push(`    WRONG KIND ${w}`);
    for (const t of aboutOtherMissed) lines.push(`    NOT ABOUT OTHER ${t}`);
    for (const alarm of falseAlarms) lines.push(`    FALSE ALARM ${alarm}`);
    console.log(lines.join('\n'));

    expect(misses, 'missed crisis messages').to.deep.equal([]);
    expect(alarms / data.nonCrisis.length, 'false-alarm rate').to.be.at.most(MAX_FALSE_ALARM_RATE);
    expect(kindOk / caught, 'share of caught messages whose labelled kind was found').to.be.at.least(MIN_KIND_ACCURACY);
  });
});

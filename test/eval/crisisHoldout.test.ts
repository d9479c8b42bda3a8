import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CrisisKindSchema } from '../../src/domain/safety/crisisLexicon.js';
import { MAX_FALSE_ALARM_RATE, MIN_KIND_ACCURACY, scoreCrisis } from './crisisScoring.js';

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


const data = HoldoutFile.parse(JSON.parse(readFileSync(new URL('./crisis-holdout.json', import.meta.url), 'utf8')));

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
    const score = scoreCrisis('crisis blind holdout', data.crisis, data.nonCrisis);
    console.log(score.report);

    expect(score.misses, 'missed crisis messages').to.deep.equal([]);
    expect(score.falseAlarms.length / score.nonCrisisTotal, 'false-alarm rate').to.be.at.most(MAX_FALSE_ALARM_RATE);
    expect(score.kindOk / score.caught, 'share of caught messages whose labelled kind was found').to.be.at.least(MIN_KIND_ACCURACY);
  });
});

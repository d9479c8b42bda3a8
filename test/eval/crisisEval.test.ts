import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CrisisKindSchema } from '../../src/domain/safety/crisisLexicon.js';
import { MAX_FALSE_ALARM_RATE, MIN_KIND_ACCURACY, scoreCrisis } from './crisisScoring.js';

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


export function loadCrisisEval(path = new URL('./crisis-eval.json', import.meta.url)): EvalFile {
  const parsed = EvalFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid crisis eval set:\n${lines.join('\n')}`);
  }
  return parsed.data;
}


describe('crisis detector evaluation', () => {
  const data = loadCrisisEval();

  it('has no message in both sets', () => {
    const crisisTexts = new Set(data.crisis.map((c) => c.text.toLowerCase()));
    const overlap = data.nonCrisis.filter((n) => crisisTexts.has(n.text.toLowerCase()));
    expect(overlap).to.deep.equal([]);
  });

  it(`catches every crisis message and false-alarms on at most ${MAX_FALSE_ALARM_RATE * 100}% of hard non-crisis messages`, () => {
    const score = scoreCrisis('crisis eval', data.crisis, data.nonCrisis);
    console.log(score.report);

    expect(score.misses, 'missed crisis messages').to.deep.equal([]);
    expect(score.falseAlarms.length / score.nonCrisisTotal, 'false-alarm rate').to.be.at.most(MAX_FALSE_ALARM_RATE);
    expect(score.kindOk / score.caught, 'share of caught messages whose labelled kind was found').to.be.at.least(MIN_KIND_ACCURACY);
  });
});

import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { crisisNormalizer, detectCrisis } from '../../src/domain/safety/crisisDetector.js';
import { CRISIS_KINDS, type CrisisKind } from '../../src/domain/safety/crisisKind.js';
import { loadSafetyModel } from '../../src/domain/safety/safetyModel.js';

/**
 * The safety classifier alone on test/eval/crisis-holdout.json, the one crisis set kept
 * out of its training (scripts/safety/collect-training.ts drops it, and safetyModel.test.ts
 * checks no text of it is in the training data). Not blind: the rules were fixed against it,
 * which is why they catch all of it; the model never saw it. The bars are the figures the
 * committed model reaches, so a retrained model that does worse fails here.
 */

interface Holdout {
  crisis: Array<{ text: string; kind: CrisisKind }>;
  nonCrisis: Array<{ text: string; category: string }>;
}
const data = JSON.parse(readFileSync(new URL('./crisis-holdout.json', import.meta.url), 'utf8')) as Holdout;

/** Reached by the committed model (2026-12-07): caught of each kind, and false alarms of 104. */
const BARS: Record<CrisisKind, number> & { falseAlarms: number; together: number } = {
  suicide_self_harm: 59, // of 70
  medical_emergency: 41, // of 44
  harm_to_others: 15, // of 16
  falseAlarms: 2, // "i cant breathe i'm laughing so hard", "im gonna end up in jail if i keep this up"
  together: 2,
};

describe('safety classifier on the held-out crisis set (test/eval/crisis-holdout.json)', () => {
  const model = loadSafetyModel();
  const normalizer = crisisNormalizer();
  const kindsOf = (text: string): string[] => model.hits(normalizer.normalize(text), normalizer.language(text), CRISIS_KINDS).map((h) => h.label);

  it('alone: catches each kind at least as often as the committed model did, with no more false alarms', () => {
    const lines: string[] = [];
    for (const kind of CRISIS_KINDS) {
      const items = data.crisis.filter((c) => c.kind === kind);
      const caught = items.filter((c) => kindsOf(c.text).includes(kind)).length;
      lines.push(`${kind}: ${caught}/${items.length} (${((100 * caught) / items.length).toFixed(1)}%)`);
      expect(caught, kind).to.be.at.least(BARS[kind]);
    }
    const alarms = data.nonCrisis.filter((n) => kindsOf(n.text).length > 0);
    lines.push(`false alarms: ${alarms.length}/${data.nonCrisis.length} (${alarms.map((a) => `[${a.category}] ${a.text}`).join('; ')})`);
    console.log(`      model alone on the holdout: ${lines.join(', ')}`);
    expect(alarms.length).to.be.at.most(BARS.falseAlarms);
  });

  it('with the rules (as the bot reads): every crisis caught, and the false alarms the model adds stay within the bar', () => {
    expect(data.crisis.filter((c) => detectCrisis(c.text) === null).map((c) => c.text)).to.deep.equal([]);
    const alarms = data.nonCrisis.filter((n) => detectCrisis(n.text) !== null);
    console.log(`      rules and model together: false alarms ${alarms.length}/${data.nonCrisis.length}`);
    expect(alarms.length).to.be.at.most(BARS.together);
  });
});

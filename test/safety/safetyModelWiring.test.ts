import { expect } from 'chai';
import { detectCrisis, detectCrisisByRules, readCrisis } from '../../src/domain/safety/crisisDetector.js';
import { loadRiskDetector } from '../../src/domain/safety/riskTopics.js';

/**
 * The classifier as the second net (issue #15): asked only when the rules find nothing,
 * its hits answered as the rules' own, never with the person's words. The messages here
 * are ones the rules miss and the committed model catches; after a retrain, a message the
 * model no longer catches can be swapped for another such one (the figures are measured in
 * the cross-validation and on the holdout, not here).
 */

describe('safety classifier beside the rules', () => {
  describe('crisis check', () => {
    const cases: Array<[string, string]> = [
      ["I'm empty. There's nothing left worth living for.", 'suicide_self_harm'],
      ['no encuentro ninguna razon para quedarme en este mundo', 'suicide_self_harm'],
      ["I'm going to stab Marcus when he gets home", 'harm_to_others'],
      ['someone at this party is passed out and turning blue', 'medical_emergency'],
    ];
    for (const [text, kind] of cases) {
      it(`"${text}": the rules let it by, the model gives ${kind}`, () => {
        expect(detectCrisisByRules(text)).to.equal(null);
        const signal = detectCrisis(text);
        expect(signal?.kinds).to.include(kind);
        expect(signal?.ruleIds).to.include(`model:${kind}`);
        expect(signal?.ruleIds.every((id) => id.startsWith('model:'))).to.equal(true);
        expect(JSON.stringify(signal)).to.not.include(text.split(' ').slice(1, 4).join(' '));
      });
    }

    it('a rule that fires decides alone: no model id beside it', () => {
      expect(detectCrisis('i want to kill myself')?.ruleIds.some((id) => id.startsWith('model:'))).to.equal(false);
    });

    it('a model hit on suicide carries only the fact of a crisis to the next message, like a rule', () => {
      const reading = readCrisis("I'm empty. There's nothing left worth living for.");
      expect(reading.signal?.kind).to.equal('suicide_self_harm');
      expect(reading.carry).to.deep.equal(['crisis_before']);
    });
  });

  describe('risk topics', () => {
    const rules = loadRiskDetector(undefined, { modelPath: null });
    const both = loadRiskDetector();
    const cases: Array<[string, string]> = [
      ['sick as a dog since I ran out', 'withdrawal_general'],
      ['ando bien malo, no he tomado desde ayer y no dejo de vomitar', 'withdrawal_general'],
      ['I had 90 days and blew it', 'relapse'],
      ['tiré mis 90 días a la basura', 'relapse'],
      ["what's the highest i can go on gabapentin", 'medication_dosing'],
    ];
    for (const [text, kind] of cases) {
      it(`"${text}": the rules find nothing, the model gives ${kind}`, () => {
        expect(detectCrisis(text)).to.equal(null);
        expect(rules.detect(text)).to.equal(null);
        const topic = both.detect(text);
        expect(topic?.kind).to.equal(kind);
        expect(topic?.concepts.some((c) => c.startsWith('model:'))).to.equal(true);
      });
    }

    it('withdrawal from the model takes the substance the lexicon names, when it names one', () => {
      const topic = both.detect('shakes r getting worse. need a beer just to drive to work');
      expect(rules.detect('shakes r getting worse. need a beer just to drive to work')).to.equal(null);
      expect(topic?.kind).to.equal('withdrawal_alcohol_benzo');
    });

    it('a rule that finds a topic decides alone', () => {
      expect(both.detect("I'm in opioid withdrawal and I keep vomiting")?.concepts.some((c) => c.startsWith('model:'))).to.equal(false);
    });
  });
});

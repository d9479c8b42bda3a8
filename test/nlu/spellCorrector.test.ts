import { expect } from 'chai';
import { SpellCorrector } from '../../src/domain/nlu/spellCorrector.js';

describe('SpellCorrector', () => {
  const corrector = new SpellCorrector(['group', 'therapy', 'insurance', 'counseling', 'thank', 'you', 'sober', 'na', 'aa']);

  it('corrects one slip in a short word and two in a long one', () => {
    expect(corrector.correct('grup')).to.equal('group');
    expect(corrector.correct('thearpy')).to.equal('therapy');
    expect(corrector.correct('insurence')).to.equal('insurance');
    expect(corrector.correct('counsling')).to.equal('counseling');
    expect(corrector.correct('insurnace')).to.equal('insurance');
  });

  it('leaves unrelated and very short words alone', () => {
    expect(corrector.correct('pizza')).to.equal(null);
    expect(corrector.correct('grape')).to.equal(null);
    expect(corrector.correct('nb')).to.equal(null);
    expect(corrector.correct('123')).to.equal(null);
  });

  it('splits run-together words only into known halves', () => {
    expect(corrector.split('thankyou')).to.deep.equal(['thank', 'you']);
    expect(corrector.split('soberxyz')).to.equal(null);
  });

  it('gives the same answer from its cache', () => {
    expect(corrector.correct('grup')).to.equal(corrector.correct('grup'));
  });
});

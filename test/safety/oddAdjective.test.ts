import { expect } from 'chai';
import { detectCrisis } from '../../src/domain/safety/crisisDetector.js';

/**
 * "odd" is overdose shorthand in some chats ("he odd on fent") and an everyday adjective in
 * most ("my son is odd"). Read as "overdosed" after a linking word, the adjective sent a
 * parent describing a child the 911 reply.
 */
describe('crisis check: "odd" the adjective is not an overdose', () => {
  for (const text of ['my son is odd', 'he is odd lol', 'my daughter has been acting odd', 'she seems odd today', 'that was so odd']) {
    it(`no alarm: "${text}"`, () => {
      expect(detectCrisis(text)).to.equal(null);
    });
  }
  for (const text of ['she odd on fent', 'he odd', "he od'd last night", 'my brother just odd and wont wake up', 'she ODed']) {
    it(`still an emergency: "${text}"`, () => {
      expect(detectCrisis(text)?.kinds).to.include('medical_emergency');
    });
  }
});

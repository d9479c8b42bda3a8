import { expect } from 'chai';
import { readFacts } from '../../src/domain/assessment/facts.js';
import { isStatementOfFacts } from '../../src/domain/assessment/statement.js';
import type { IntentName } from '../../src/domain/nlu/intentNames.js';

/** Whether a message with no question waiting is someone telling their situation (the program search starts) or asking. */
const telling = (text: string, intent: IntentName, score = 0.95): boolean => isStatementOfFacts(text, readFacts(text), intent, score);

describe('a situation told, or a question asked (set d, #16)', () => {
  it('a cost question that names only how they would pay stays a cost question', () => {
    expect(telling('we have aetna, would that pay for a program', 'cost_insurance')).to.equal(false);
    expect(telling("i can't afford rehab", 'cost_insurance')).to.equal(false);
    expect(telling('no tengo seguro, cuánto me cobran', 'cost_insurance')).to.equal(false);
  });

  it('payment told with a place, an age or someone else is a situation', () => {
    expect(telling('I have Medicaid and live in Tucson', 'cost_insurance')).to.equal(true);
    expect(telling('for my son, he is 16, we have Aetna', 'cost_insurance')).to.equal(true);
  });

  it('a family member told about is a situation; asking how to help them is not', () => {
    expect(telling('my 16 year old son drinks every weekend and lies about it', 'faq_family')).to.equal(true);
    expect(telling('mi hija toma todos los fines de semana y ya no sé qué hacer', 'faq_family')).to.equal(true);
    expect(telling('my wife drinks every night, how can i get her to go', 'faq_family')).to.equal(false);
    expect(telling('mi esposo toma diario, cómo lo ayudo', 'faq_family')).to.equal(false);
    expect(telling('my son uses pills, is there a program for teens', 'faq_family')).to.equal(false);
  });

  it('a question mark anywhere asks something, whatever else is told', () => {
    expect(telling('can i still go at night? i work days in Mesa AZ', 'schedule_time')).to.equal(false);
    expect(telling('i work days in Mesa AZ, need evening groups', 'schedule_time')).to.equal(true);
  });
});

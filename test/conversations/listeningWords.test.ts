import { expect } from 'chai';
import { loadAssessmentTexts } from '../../src/domain/assessment/assessmentText.js';
import { answerOn, persona } from './conversation.js';

/**
 * Words people use for their shift and their age (#16): each said in the first message and
 * at the question itself, in a whole conversation, and checked by what the bot says back
 * and keeps.
 */

const { en, es } = loadAssessmentTexts();
const understood = (id: 'workShift', value: string, locale: 'en' | 'es' = 'en'): string =>
  (locale === 'en' ? en : es).questions[id].options.find((o) => o.value === value)!.understood;

describe('Shift words (#16): swing shift is evenings; graveyard, third shift and overnights are nights', function () {
  this.timeout(20000);

  const SHIFTS: Array<[string, 'evening' | 'night']> = [
    ['I work swing shift', 'evening'],
    ["I'm on swing shift at the warehouse", 'evening'],
    ['I work graveyard', 'night'],
    ['I work third shift', 'night'],
    ['I work overnights', 'night'],
  ];
  for (const [words, shift] of SHIFTS) {
    it(`"${words}" in the first message: "${understood('workShift', shift)}", kept, never asked`, async () => {
      await persona(async (c) => {
        const first = await c.say(`I just got out of detox. ${words}, I live in 85716`);
        expect(first).to.include(understood('workShift', shift));
        expect((await c.profile()).workShift).to.equal(shift);
      });
    });
  }

  for (const [words, shift] of [['swing shift', 'evening'], ['swing', 'evening'], ['graveyard', 'night'], ['third shift', 'night'], ['overnights', 'night']] as const) {
    it(`"${words}" at "what hours do you work?" is ${shift}`, async () => {
      await persona(
        async (c) => {
          await c.say('Find a program');
          await answerOn(c, { responsibilities: 'Full-time job' }, 25, 'workShift');
          expect(c.current()).to.equal('workShift');
          await c.say(words);
          expect(c.current()).to.not.equal('workShift');
          expect((await c.profile()).workShift).to.equal(shift);
        },
        { withSuggestions: false },
      );
    });
  }
});

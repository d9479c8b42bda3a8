import { expect } from 'chai';
import { loadAssessmentTexts } from '../../src/domain/assessment/assessmentText.js';
import { listeningTexts } from '../../src/domain/listening/texts.js';
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

describe('Ages as words (#16): "twenty two" is 22, in English and Spanish', function () {
  this.timeout(20000);

  const PARENTS: Array<[string, string, string, number, string]> = [
    ['en', 'is there a program for my son?', 'twenty two', 22, 'young_adult'],
    ['en', 'is there a program for my daughter?', 'she is twenty-six', 26, 'adult'],
    ['en', 'I need help for my son', 'sixteen', 16, 'adolescent'],
    ['es', '¿hay programas para mi hija?', 'diecisiete', 17, 'adolescent'],
    ['es', 'necesito ayuda para mi hijo', 'tiene veintidós', 22, 'young_adult'],
    ['es', 'necesito ayuda para mi hijo', 'treinta y uno', 31, 'adult'],
  ];
  for (const [locale, first, age, years, group] of PARENTS) {
    it(`a parent asked the age answers "${age}": ${years} is kept and said back`, async () => {
      await persona(
        async (c) => {
          await c.say(first);
          const reply = await c.say(age);
          expect(reply).to.include(String(years));
          const p = await c.profile();
          expect(p.age).to.equal(years);
          expect(p.ageGroup).to.equal(group);
        },
        { locale: locale === 'es' ? 'es-US' : 'en-US' },
      );
    });
  }

  it('a parent starting the search is asked the age once, first, by the search, and "diecisiete" answers it', async () => {
    await persona(
      async (c) => {
        const first = await c.say('busco un programa para mi hija');
        // One question at a time: the search asks the age first (it decides teen programs), once.
        expect(first.split('¿Cuántos años tiene?').length - 1).to.equal(1);
        expect(c.current()).to.equal('ageGroup');
        await c.say('diecisiete');
        expect(await c.profile()).to.include({ age: 17, ageGroup: 'adolescent' });
        expect(c.asked().filter((id) => id === 'ageGroup')).to.have.length(1);
      },
      { locale: 'es-US' },
    );
  });

  for (const [words, group] of [['twenty six', 'adult'], ["I'm twenty-two", 'young_adult'], ['sixteen', 'adolescent'], ['veintiséis', 'adult']] as const) {
    it(`"${words}" at "how old are you?" is ${group}`, async () => {
      await persona(
        async (c) => {
          await c.say('Find a program');
          await answerOn(c, {}, 25, 'ageGroup');
          expect(c.current()).to.equal('ageGroup');
          await c.say(words);
          expect(c.current()).to.not.equal('ageGroup');
          expect((await c.profile()).ageGroup).to.equal(group);
        },
        { withSuggestions: false },
      );
    });
  }
});

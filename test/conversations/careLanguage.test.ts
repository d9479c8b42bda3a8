import { expect } from 'chai';
import { loadAssessmentTexts } from '../../src/domain/assessment/assessmentText.js';
import { content } from '../helpers/testBot.js';
import { answerOn, persona, tapsIn, type Conversation } from './conversation.js';

/**
 * The language of the person's care is not the language of the chat (#18). At "What language
 * would you like your care in?" (and "Language" after the results), "Español", "Spanish" or
 * "English" is the answer: the care's language is kept and the chat goes on in its own
 * language. The locale middleware decides this (src/turn/locale.ts), knowing the question
 * waiting; the menu's own language button still changes the chat's language.
 */

const texts = loadAssessmentTexts();

async function atLanguage(c: Conversation, locale: 'en' | 'es'): Promise<void> {
  await c.say(locale === 'en' ? 'Find a program' : 'Buscar un programa');
  await answerOn(c, tapsIn(locale), 20, 'language');
  expect(c.current()).to.equal('language');
}

describe('The care-language answer is not a chat-language switch (#18)', function () {
  this.timeout(20000);

  for (const [said, value] of [['Español', 'es'], ['Spanish', 'es'], ['spanish please', 'es'], ['中文 (Chinese)', 'zh']] as const) {
    it(`chatting in English, "${said}" at the care-language question is the answer; the chat stays English`, async () => {
      await persona(
        async (c) => {
          await atLanguage(c, 'en');
          const reply = await c.say(said);
          expect(reply).to.not.include(content.in('es').text.menu.languageChosen);
          expect(c.current(), 'the next question, in English').to.be.oneOf(['location', 'ageGroup', 'interests', 'coOccurring']);
          expect(reply).to.include(texts.en.questions[c.current()!].text);
          expect((await c.profile()).language).to.equal(value);
          expect((await c.data()).locale).to.equal('en');
        },
        { withSuggestions: false },
      );
    });
  }

  it('chatting in Spanish, "English" at the care-language question is the answer; the chat stays Spanish', async () => {
    await persona(
      async (c) => {
        await atLanguage(c, 'es');
        const reply = await c.say('English');
        expect(reply).to.not.include(content.in('en').text.menu.languageChosen);
        expect(reply).to.include(texts.es.questions[c.current()!].text);
        expect((await c.profile()).language).to.equal('en');
        expect((await c.data()).locale).to.equal('es');
      },
      { withSuggestions: false, locale: 'es-US' },
    );
  });

  it('after the results, "Language" then "Español": the programs in Spanish are looked for, the chat stays English', async () => {
    await persona(async (c) => {
      await c.say("I'm getting out of rehab, I live in 85716");
      await answerOn(c);
      await c.say(content.in('en').messages.results.refineLanguage);
      const reply = await c.say('Español');
      expect(reply).to.not.include(content.in('es').text.menu.languageChosen);
      expect(reply).to.include(content.in('en').messages.results.refineInsurance);
      expect((await c.profile()).language).to.equal('es');
      expect((await c.data()).locale).to.equal('en');
    });
  });

  it("the menu's own language button still changes the chat's language", async () => {
    await persona(async (c) => {
      await c.say('hi');
      const reply = await c.say(content.in('en').text.menu.language);
      expect(reply).to.include(content.in('es').text.menu.languageChosen);
      expect((await c.data()).locale).to.equal('es');
    });
  });
});

import { expect } from 'chai';
import { loadAssessmentTexts } from '../../src/domain/assessment/assessmentText.js';
import type { QuestionId } from '../../src/domain/assessment/questionIds.js';
import { listeningTexts } from '../../src/domain/listening/texts.js';
import { content } from '../helpers/testBot.js';
import { answerOn, persona, type Conversation } from './conversation.js';

/**
 * Switching language in the middle of a question (#18): the question waiting is asked again
 * in the new language, its words and its buttons, drawn again from what it was asked with
 * (dialogs/prompt.ts), not replayed in the old one; and the new buttons answer it. Both ways:
 * English to Spanish and Spanish to English, by choosing ("español por favor") or by writing.
 */

const texts = loadAssessmentTexts();
const labels = (locale: 'en' | 'es', id: QuestionId): string[] => [
  ...texts[locale].questions[id].options.flatMap((o) => (o.label ? [o.label] : [])),
  texts[locale].messages.skipLabel,
];

async function atAvailability(c: Conversation, locale: 'en' | 'es'): Promise<void> {
  await c.say(locale === 'en' ? 'Find a program' : 'Buscar un programa');
  await answerOn(c, {}, 10, 'availability');
  expect(c.current()).to.equal('availability');
  expect(c.buttons()).to.deep.equal(labels(locale, 'availability'));
}

describe('Switching language in the middle of a question (#18)', function () {
  this.timeout(20000);

  it('English → "español por favor": the question again in Spanish, with its Spanish buttons, and "En la noche" answers it', async () => {
    await persona(async (c) => {
      await atAvailability(c, 'en');
      const switched = await c.say('español por favor');
      expect(switched).to.include(content.in('es').text.menu.languageChosen);
      expect(switched).to.include(texts.es.questions.availability.text);
      expect(switched).to.not.include(texts.en.questions.availability.text);
      expect(c.buttons()).to.deep.equal(labels('es', 'availability'));
      await c.say('En la noche');
      expect((await c.profile()).availability).to.deep.equal(['evenings']);
      expect(c.current()).to.not.equal('availability');
    });
  });

  it('English question, a question written in Spanish: answered in Spanish, and the question again in Spanish', async () => {
    await persona(async (c) => {
      await atAvailability(c, 'en');
      const asked = await c.say('¿lo que hablo aquí es confidencial?');
      expect(asked).to.include(listeningTexts('es').faq.confidential.answer.slice(0, 40));
      expect(asked).to.include(texts.es.questions.availability.text);
      expect(c.buttons()).to.deep.equal(labels('es', 'availability'));
    });
  });

  it('Spanish → "English please": the question again in English, with its English buttons, and "Evenings" answers it', async () => {
    await persona(
      async (c) => {
        await atAvailability(c, 'es');
        const switched = await c.say('English please');
        expect(switched).to.include(content.in('en').text.menu.languageChosen);
        expect(switched).to.include(texts.en.questions.availability.text);
        expect(switched).to.not.include(texts.es.questions.availability.text);
        expect(c.buttons()).to.deep.equal(labels('en', 'availability'));
        await c.say('Evenings');
        expect((await c.profile()).availability).to.deep.equal(['evenings']);
      },
      { locale: 'es-US' },
    );
  });

  it('Spanish question, a question written in English: answered in English, and the question again in English', async () => {
    await persona(
      async (c) => {
        await atAvailability(c, 'es');
        const asked = await c.say('is what I tell you here confidential?');
        expect(asked).to.include(listeningTexts('en').faq.confidential.answer.slice(0, 40));
        expect(asked).to.include(texts.en.questions.availability.text);
        expect(c.buttons()).to.deep.equal(labels('en', 'availability'));
      },
      { locale: 'es-US' },
    );
  });

  it('after the results: "español" asks what next in Spanish, with the Spanish buttons', async () => {
    await persona(async (c) => {
      await c.say("I'm getting out of rehab, I live in 85716");
      await answerOn(c);
      const r = content.in('es').messages.results;
      expect(c.buttons()).to.include(content.in('en').messages.results.refineInsurance);
      await c.say('español');
      expect(c.buttons()).to.include.members([r.refineInsurance, r.refineMedication, r.refineLanguage, content.in('es').text.menu.talk]);
      expect(c.buttons()).to.not.include(content.in('en').messages.results.refineInsurance);
    });
  });

  it('the topics list: "español" lists the topics in Spanish', async () => {
    await persona(async (c) => {
      await c.say('hi');
      await c.say(content.in('en').text.menu.learn);
      expect(c.buttons()).to.include(content.in('en').topics[0]!.title);
      await c.say('español');
      expect(c.buttons()).to.include.members(content.in('es').topics.map((t) => t.title));
    });
  });

  it('on Teams the buttons are a card: its buttons are drawn again in Spanish too', async () => {
    await persona(
      async (c) => {
        await c.say('Find a program');
        expect(c.buttons()).to.deep.equal(labels('en', 'careStage'));
        await c.say('español por favor');
        expect(c.buttons()).to.deep.equal(labels('es', 'careStage'));
        await c.say(texts.es.questions.careStage.options.find((o) => o.value === 'finished_detox')!.label!);
        expect((await c.profile()).careStage).to.equal('finished_detox');
      },
      { channelId: 'msteams' },
    );
  });
});

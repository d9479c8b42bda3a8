import { expect } from 'chai';
import { loadAssessmentTexts } from '../../src/domain/assessment/assessmentText.js';
import { claimsAnswer } from '../../src/domain/assessment/claims.js';
import { loadCrisisResponses } from '../../src/replies/crisisMessages.js';
import { fromRoot } from '../../src/paths.js';
import { content } from '../helpers/testBot.js';
import { answerOn, persona, type Conversation } from './conversation.js';

/**
 * "How do you feel about making a change right now?" (#16): "sí, ya no quiero seguir así"
 * (yes, I don't want to go on like this) is a person ready for a change, not "cancel". The
 * crisis check reads every message first and its reading is not changed here: where it
 * answers, its answer comes first; only how the question reads the words changes.
 */

const texts = loadAssessmentTexts();
const crisis = loadCrisisResponses(fromRoot('data'));
const locales = { en: 'en-US', es: 'es-US' } as const;

async function atReadiness(c: Conversation, locale: 'en' | 'es'): Promise<void> {
  await c.say(locale === 'es' ? 'Buscar un programa' : 'Find a program');
  await answerOn(c, { careStage: locale === 'es' ? 'No he empezado / sigo usando' : 'Not started / still using', heavyUse: 'No', symptomsWhenStopping: 'No', pastSeizuresOrDts: 'No' }, 10, 'readiness');
  expect(c.current()).to.equal('readiness');
}

describe('Ready for a change, in their own words, at the readiness question (#16)', function () {
  this.timeout(20000);

  const READY: Array<['en' | 'es', string]> = [
    ['es', 'no quiero seguir así'],
    ['es', 'sí, ya estoy cansado de seguir así'],
    ['es', 'ya me cansé de seguir así, quiero cambiar'],
    ['es', 'ya estoy harto de seguir así'],
    ['en', "I don't want to keep drinking like this"],
    ['en', "yes, I don't want to keep using like this"],
  ];
  for (const [locale, words] of READY) {
    it(`"${words}" is "getting ready": kept, and the questions go on (not cancelled, not a topic)`, async () => {
      await persona(
        async (c) => {
          await atReadiness(c, locale);
          const reply = await c.say(words);
          expect(reply).to.not.include(content.in(locale).text.cancelled);
          expect(reply).to.include(texts[locale].questions.readiness.options.find((o) => o.value === 'preparation')!.understood);
          expect(c.current()).to.equal('responsibilities');
          expect((await c.profile()).readiness).to.equal('preparation');
        },
        { withSuggestions: false, locale: locales[locale] },
      );
    });
  }

  const CRISIS_READS_TOO: Array<['en' | 'es', string]> = [
    ['es', 'sí, ya no quiero seguir así'],
    ['es', 'ya no quiero seguir con esto'],
    ['en', "I don't want to keep living like this"],
  ];
  for (const [locale, words] of CRISIS_READS_TOO) {
    it(`"${words}": the crisis check still answers first (988), and the questions are not cancelled`, async () => {
      await persona(
        async (c) => {
          await atReadiness(c, locale);
          const reply = await c.say(words);
          expect(reply).to.include('988');
          expect(reply).to.include(crisis.in!(locale).followUp.askSafe);
          expect(reply).to.not.include(content.in(locale).text.cancelled);
          const f = crisis.in!(locale).followUp;
          await c.say(f.safe);
          expect(c.buttons()).to.include(f.continue);
          await c.say(f.continue);
          expect(c.current(), 'back at the question').to.equal('readiness');
        },
        { withSuggestions: false, locale: locales[locale] },
      );
    });

    it(`"${words}" is read by the readiness question as its answer, not as cancel`, () => {
      expect(claimsAnswer(words, texts[locale], 'readiness')).to.equal(true);
    });
  }

  it('elsewhere, "ya no quiero seguir con esto" is not taken for an answer (at "how do you get around?" it stops)', () => {
    expect(claimsAnswer('ya no quiero seguir con esto', texts.es, 'transport')).to.equal(false);
  });
});

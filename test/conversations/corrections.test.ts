import { expect } from 'chai';
import { loadAssessmentTexts, type AssessmentText } from '../../src/domain/assessment/assessmentText.js';
import type { Profile } from '../../src/domain/profile/profile.js';
import { fill } from '../../src/domain/template.js';
import { answerOn, persona, type Conversation } from './conversation.js';

/**
 * Corrections (#16), at any point: in the middle of the questions (at a question about
 * something else), at the question itself, and after the results. Each updates the profile,
 * says in a line what changed ("You said Austin, TX before; I've changed it to Dayton, OH"),
 * and after the results looks for programs again.
 */

const texts = loadAssessmentTexts();
const changed = (t: AssessmentText, old: string, now: string): string => fill(t.messages.changed, { old, new: now });
const short = (t: AssessmentText, id: 'workShift' | 'transport' | 'payment' | 'format', value: string): string => t.questions[id].options.find((o) => o.value === value)!.short;

/** Told at the start, so there is something to correct: Austin, a car, school, day shift, insurance through work, in person. */
const STORY = 'I just finished detox. I live in Austin TX, I have a car, I go to school and work days, I have insurance through work, I want to go in person';
const CUENTO = 'Acabo de terminar la desintoxicación. Vivo en Austin, Texas, tengo carro, trabajo de día, tengo seguro del trabajo y quiero ir en persona';

interface Case {
  words: string;
  locale: 'en' | 'es';
  /** What the person reads: the change said back. */
  says: (t: AssessmentText) => string[];
  /** What the profile holds after. */
  holds: (p: Profile) => void;
}

const CASES: Case[] = [
  {
    words: "actually I'm in Dayton",
    locale: 'en',
    says: (t) => [changed(t, 'Austin, TX', 'Dayton, OH')],
    holds: (p) => expect(p.location).to.include({ city: 'Dayton', state: 'OH' }),
  },
  {
    words: "no wait, I'm in Dallas not Austin",
    locale: 'en',
    says: (t) => [changed(t, 'Austin, TX', 'Dallas, TX')],
    holds: (p) => expect(p.location).to.include({ city: 'Dallas', state: 'TX' }),
  },
  {
    words: "I don't have a car anymore",
    locale: 'en',
    says: (t) => [changed(t, short(t, 'transport', 'car'), short(t, 'transport', 'none'))],
    holds: (p) => expect(p.transport).to.equal('none'),
  },
  {
    words: 'not me, my kids are in school',
    locale: 'en',
    says: () => ["I've taken out school"],
    holds: (p) => {
      expect(p.responsibilities ?? []).to.not.include('school');
      expect(p.responsibilities).to.include('caregiving');
    },
  },
  {
    words: 'change my insurance to Medicaid',
    locale: 'en',
    says: (t) => [changed(t, short(t, 'payment', 'private_insurance'), short(t, 'payment', 'medicaid'))],
    holds: (p) => expect(p.payment).to.equal('medicaid'),
  },
  {
    words: 'I said nights, not days',
    locale: 'en',
    says: (t) => [changed(t, short(t, 'workShift', 'day'), short(t, 'workShift', 'night'))],
    holds: (p) => {
      expect(p.workShift).to.equal('night');
      expect(p.availability ?? [], 'not times to attend').to.not.include.members(['evenings', 'daytime']);
    },
  },
  {
    words: 'no, estoy en Houston',
    locale: 'es',
    says: (t) => [changed(t, 'Austin, TX', 'Houston, TX')],
    holds: (p) => expect(p.location).to.include({ city: 'Houston', state: 'TX' }),
  },
  {
    words: 'mejor por video',
    locale: 'es',
    says: (t) => [changed(t, short(t, 'format', 'in_person'), short(t, 'format', 'telehealth'))],
    holds: (p) => expect(p.format).to.equal('telehealth'),
  },
];

const PHONE = /\d{3}-555-\d{4}/;

async function told(c: Conversation, locale: 'en' | 'es'): Promise<void> {
  await c.say(locale === 'en' ? STORY : CUENTO);
}

describe('Corrections at any point (#16)', function () {
  this.timeout(20000);

  for (const k of CASES) {
    const t = texts[k.locale];
    const options = { locale: k.locale === 'es' ? 'es-US' : 'en-US' };

    it(`"${k.words}" in the middle of the questions (at another question): kept, said back, and that question asked again`, async () => {
      await persona(async (c) => {
        await told(c, k.locale);
        const at = c.current();
        expect(at, 'a question is waiting').to.not.equal(undefined);
        const reply = await c.say(k.words);
        for (const line of k.says(t)) expect(reply).to.include(line);
        k.holds(await c.profile());
        expect(c.current(), 'the same question again').to.equal(at);
      }, options);
    });

    it(`"${k.words}" after the results: kept, said back, and the programs looked up again`, async () => {
      await persona(async (c) => {
        await told(c, k.locale);
        await answerOn(c, { availability: k.locale === 'es' ? 'En la noche' : 'Evenings' });
        expect(c.turns.at(-1)!.replies.join('\n'), 'programs on screen').to.match(PHONE);
        const reply = await c.say(k.words);
        for (const line of k.says(t)) expect(reply).to.include(line);
        expect(reply, 'programs again').to.match(PHONE);
        k.holds(await c.profile());
      }, options);
    });
  }

  for (const [words, city, locale] of [["actually I'm in Dayton", 'Dayton, OH', 'en'], ["no wait, I'm in Dallas not Austin", 'Dallas, TX', 'en'], ['no, estoy en Houston', 'Houston, TX', 'es']] as const) {
    it(`"${words}" at the place question itself is ${city}`, async () => {
      await persona(async (c) => {
        await c.say(locale === 'en' ? 'Find a program' : 'Buscar un programa');
        await c.say(locale === 'en' ? 'Finished detox' : 'Terminé la desintoxicación');
        expect(c.current()).to.equal('location');
        expect(await c.say(words)).to.include(fill(texts[locale].messages.near, { place: city }));
        expect(c.current()).to.not.equal('location');
      }, { locale: locale === 'es' ? 'es-US' : 'en-US' });
    });
  }
});

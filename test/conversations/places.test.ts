import { expect } from 'chai';
import { loadAssessmentTexts } from '../../src/domain/assessment/assessmentText.js';
import { fill } from '../../src/domain/template.js';
import { content } from '../helpers/testBot.js';
import { answerOn, persona, type Conversation } from './conversation.js';

/**
 * Places as people name them (#16): Puerto Rico by ZIP code or by name, and cities whose name
 * is shared. A name that is mostly one place (Dayton, Dallas) is that place; a name shared by
 * places of a size (Portland OR and ME, Springfield, Kansas City) is asked about, never
 * guessed; a state said with it is used. Each is a whole conversation, read as the person
 * reads it.
 */

const { en, es } = loadAssessmentTexts();
const ambiguous = (city: string, state: string, locale: 'en' | 'es' = 'en'): string => fill((locale === 'en' ? en : es).messages.placeAmbiguous, { city, state });

async function atLocation(c: Conversation, locale: 'en' | 'es' = 'en'): Promise<void> {
  await c.say(locale === 'en' ? 'Find a program' : 'Buscar un programa');
  await c.say(locale === 'en' ? 'Finished detox' : 'Terminé la desintoxicación');
  expect(c.current()).to.equal('location');
}

describe('Puerto Rico (#16): its ZIP codes and its name place the person there, and the search answers honestly', function () {
  this.timeout(20000);

  for (const [words, city] of [['00725', 'Caguas, PR'], ['00601', 'Adjuntas, PR'], ['San Juan, PR', 'San Juan, PR'], ['Ponce, Puerto Rico', 'Ponce, PR'], ["I'm in Mayagüez, Puerto Rico", 'Mayaguez, PR']] as const) {
    it(`"${words}" at the place question is ${city}; no listings there is said with the helpline and FindTreatment.gov`, async () => {
      await persona(async (c) => {
        await atLocation(c);
        expect(await c.say(words)).to.include(city);
        expect((await c.profile()).location?.state).to.equal('PR');
        await answerOn(c);
        const said = c.turns.map((t) => t.replies.join('\n')).join('\n');
        expect(said).to.include(fill(content.messages.results.noListings, { place: city, helpline: content.text.helpline.display }).slice(0, 40));
        expect(said).to.include('FindTreatment.gov');
      });
    });
  }

  it('in Spanish: "vivo en Bayamón, Puerto Rico" in the first message', async () => {
    await persona(
      async (c) => {
        expect(await c.say('acabo de salir de desintoxicación y vivo en Bayamón, Puerto Rico')).to.include('Bayamon, PR');
        expect((await c.profile()).location).to.include({ city: 'Bayamon', state: 'PR' });
      },
      { locale: 'es-US' },
    );
  });
});

describe('Cities of the same name (#16): asked which state when it matters, never guessed', function () {
  this.timeout(20000);

  it('"Dayton" at the place question is Dayton, OH: by far the best-known, so not asked', async () => {
    await persona(async (c) => {
      await atLocation(c);
      const reply = await c.say('Dayton');
      expect(reply).to.include(fill(en.messages.near, { place: 'Dayton, OH' }));
      expect(reply).to.not.include(ambiguous('Dayton', 'OH'));
      expect((await c.profile()).location).to.include({ city: 'Dayton', state: 'OH' });
    });
  });

  for (const [city, state, name, code] of [['Portland', 'OR', 'Maine', 'ME'], ['Springfield', 'IL', 'Missouri', 'MO'], ['Kansas City', 'MO', 'Kansas', 'KS']] as const) {
    it(`"${city}" at the place question: asked which state; "${name}" answers it (${city}, ${code})`, async () => {
      await persona(async (c) => {
        await atLocation(c);
        expect(await c.say(city)).to.include(ambiguous(city, state));
        expect(await c.say(name)).to.include(`${city}, ${code}`);
        expect((await c.profile()).location).to.include({ city, state: code });
      });
    });
  }

  it('said in passing ("I live in Springfield"): not guessed; the place question asks which state, and "MO" answers it', async () => {
    await persona(async (c) => {
      const first = await c.say('I just finished detox and I live in Springfield');
      expect(first).to.not.include(fill(en.messages.near, { place: 'Springfield, IL' }));
      expect((await c.profile()).location).to.equal(undefined);
      await answerOn(c, {}, 10, 'location');
      expect(c.turns.at(-1)!.replies.join('\n')).to.include(ambiguous('Springfield', 'IL'));
      expect(await c.say('MO')).to.include('Springfield, MO');
      expect((await c.profile()).location).to.include({ city: 'Springfield', state: 'MO' });
    });
  });

  it('after the results ("actually I moved to Portland"): asked which state, the place kept until then; "Maine" looks again there', async () => {
    await persona(async (c) => {
      await c.say("I'm getting out of rehab, I live in 85716");
      await answerOn(c);
      const fix = await c.say('actually I moved to Portland');
      expect(fix).to.include(ambiguous('Portland', 'OR'));
      expect((await c.profile()).location?.city).to.equal('Tucson');
      const maine = await c.say('Maine');
      expect(maine).to.include('Portland, ME');
      expect((await c.profile()).location).to.include({ city: 'Portland', state: 'ME' });
      expect(maine).to.match(/\d{3}-555-\d{4}|FindTreatment\.gov/);
    });
  });

  it('with the state ("I live in Portland, Maine", "Kansas City, Kansas"): that state, nothing asked', async () => {
    await persona(async (c) => {
      expect(await c.say('I just finished detox and I live in Portland, Maine')).to.include('Portland, ME');
    });
    await persona(async (c) => {
      await atLocation(c);
      expect(await c.say('Kansas City, Kansas')).to.include('Kansas City, KS');
    });
  });

  it('in Spanish: "estoy en Springfield" asks "¿En qué estado?"; "Illinois" answers it', async () => {
    await persona(
      async (c) => {
        await atLocation(c, 'es');
        expect(await c.say('estoy en Springfield')).to.include(ambiguous('Springfield', 'IL', 'es'));
        expect(await c.say('Illinois')).to.include('Springfield, IL');
      },
      { locale: 'es-US' },
    );
  });
});

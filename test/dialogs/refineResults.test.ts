import type { Activity } from 'botbuilder';
import { expect } from 'chai';
import { AssessmentDialog } from '../../dialogs/assessmentDialog.js';
import { SuggestionsDialog } from '../../dialogs/suggestionsDialog.js';
import { geoPoint, haversineMiles } from '../../src/domain/catalog/geo.js';
import { ProgramSuggester } from '../../src/domain/catalog/programSuggester.js';
import type { Catalog, Program } from '../../src/domain/catalog/schema.js';
import { loadCatalog } from '../../src/domain/catalog/store.js';
import type { Profile } from '../../src/domain/profile/profile.js';
import { fromRoot } from '../../src/paths.js';
import { FixedProfileAssessment } from '../helpers/fixedProfileAssessment.js';
import { allText, buttons, content, createTestBot } from '../helpers/testBot.js';

/** After the programs (#17): words and buttons that change the search re-rank at once; gender, medication and "no listings". */

const r = content.messages.results;
const columbus = { zip: '43205', city: 'Columbus', state: 'OH', latitude: 39.95165, longitude: -82.95969 };
const base: Profile = { careStage: 'finished_detox', format: 'either', location: columbus, gender: 'prefer_not' };

let catalog: Catalog;
let suggester: ProgramSuggester;
before(async () => {
  catalog = await loadCatalog(fromRoot('data/programs.json'));
  suggester = new ProgramSuggester({ programs: () => catalog.programs, catalog: () => catalog }, { maxDistanceMiles: 25, helplineNumber: '833-820-2922' });
});

function withProfile(profile: Profile) {
  return createTestBot({
    channelId: 'webchat',
    extraDialogs: ({ accessors }) => [new FixedProfileAssessment(accessors, profile, { proceedToSuggestions: true }), new SuggestionsDialog(content, accessors, suggester)],
  });
}

interface Shown {
  program: Program;
  telehealth: boolean;
  text: string;
}
/** The programs on the cards of a turn. */
function shown(replies: Partial<Activity>[]): Shown[] {
  return replies.flatMap((a) =>
    (a.attachments ?? []).flatMap((att) => {
      const card = att.content as { title?: string; subtitle?: string; text?: string };
      const program = catalog.programs.find((p) => p.name === card.title && (card.text ?? '').includes(p.intakePhone ?? p.phone));
      return program ? [{ program, telehealth: (card.subtitle ?? '').startsWith('Telehealth'), text: card.text ?? '' }] : [];
    }),
  );
}
const milesFrom = (place: { latitude: number; longitude: number }, p: Program): number =>
  haversineMiles(geoPoint(place.latitude, place.longitude), geoPoint(p.address.latitude, p.address.longitude));

describe('refining the programs after they are shown (#17)', () => {
  it('"cheaper" shows only free or sliding-scale programs, at once', async () => {
    const bot = withProfile(base);
    await bot.say('hi');
    await bot.say(content.text.menu.find);
    const replies = await bot.say('anything cheaper?');
    expect(allText(replies)).to.include(r.cheaperNote);
    const programs = shown(replies);
    expect(programs.length).to.be.greaterThan(0);
    for (const s of programs) expect(s.program.paymentAssistance.length, s.program.id).to.be.greaterThan(0);
  });

  it('"closer" halves the distance; "Show more" goes on with the same ranking', async () => {
    const bot = withProfile(base);
    await bot.say('hi');
    await bot.say(content.text.menu.find);
    const closer = await bot.say('closer please');
    expect(allText(closer)).to.include('within 13 miles');
    const first = shown(closer);
    for (const s of first.filter((x) => !x.telehealth)) expect(milesFrom(columbus, s.program)).to.be.at.most(13.5);
    if (buttons(closer).includes(content.text.programCard.showMore)) {
      const more = shown(await bot.say(content.text.programCard.showMore));
      for (const s of more) {
        expect(first.map((f) => f.program.id)).not.to.include(s.program.id);
        if (!s.telehealth) expect(milesFrom(columbus, s.program)).to.be.at.most(13.5);
      }
    }
  });

  it('"evenings only" and "telehealth instead" re-rank at once', async () => {
    const bot = withProfile(base);
    await bot.say('hi');
    await bot.say(content.text.menu.find);
    const evenings = shown(await bot.say('evenings only'));
    expect(evenings.length).to.be.greaterThan(0);
    for (const s of evenings) expect(s.text).to.match(/evening/);
    const telehealth = shown(await bot.say('telehealth instead'));
    expect(telehealth.length).to.be.greaterThan(0);
    for (const s of telehealth) expect(s.telehealth, s.program.id).to.equal(true);
  });

  it('"I moved to Dayton" searches from Dayton, OH', async () => {
    const bot = withProfile(base);
    await bot.say('hi');
    await bot.say(content.text.menu.find);
    const replies = await bot.say('I moved to Dayton');
    const dayton = { latitude: 39.7505, longitude: -84.1944 };
    const programs = shown(replies);
    expect(programs.length).to.be.greaterThan(0);
    for (const s of programs) {
      if (s.telehealth) expect(s.program.address.state).to.equal('OH');
      else expect(milesFrom(dayton, s.program)).to.be.at.most(100);
    }
  });

  it('"más cerca" works in Spanish words too, and is answered in Spanish', async () => {
    const bot = withProfile(base);
    await bot.say('hi');
    await bot.say(content.text.menu.find);
    // The reply comes in Spanish (the language of the message, #18).
    expect(allText(await bot.say('más cerca'))).to.include('a menos de 13 millas');
  });

  it('Language: the common ones as buttons, another typed ("Vietnamese"); not listed is said on each card', async () => {
    const bot = withProfile(base);
    await bot.say('hi');
    await bot.say(content.text.menu.find);
    const asked = await bot.say(r.refineLanguage);
    expect(allText(asked)).to.include(r.languageQuestion);
    expect(buttons(asked)).to.include('Español').and.include('Skip');
    const programs = shown(await bot.say('Vietnamese'));
    expect(programs.length).to.be.greaterThan(0);
    for (const s of programs) if (!s.program.languages.includes('vi')) expect(s.text).to.include('Does not list services in Vietnamese');
  });

  it('after alcohol, benzos or opioids came up, medication treatment is offered by name; a pick filters and is a reason', async () => {
    const bot = withProfile({ ...base, withdrawal: { heavyUse: true }, careStage: 'finished_detox' });
    await bot.say('hi');
    const first = await bot.say(content.text.menu.find);
    expect(buttons(first)).to.include(r.medicationBuprenorphine);
    const replies = await bot.say(r.medicationBuprenorphine);
    const programs = shown(replies);
    expect(programs.length).to.be.greaterThan(0);
    for (const s of programs) {
      if (s.program.medications.includes('buprenorphine')) expect(s.text).to.include('offers buprenorphine (Suboxone)');
      else expect(s.text).to.include('Does not list buprenorphine');
    }
    // Once a medication is named, the usual refining comes back.
    expect(buttons(replies)).to.include(r.refineInsurance);
  });

  it('gender is asked only when it changes the first programs, with "prefer not to say"; a woman never sees a men\'s program', async () => {
    // Chillicothe, OH: men's programs are among the nearest.
    const chillicothe = { zip: '45601', city: 'Chillicothe', state: 'OH', latitude: 39.3331, longitude: -82.9824 };
    const bot = withProfile({ careStage: 'finished_detox', format: 'either', location: chillicothe });
    await bot.say('hi');
    const asked = await bot.say(content.text.menu.find);
    expect(allText(asked)).to.include(r.genderQuestion);
    expect(buttons(asked)).to.include.members([r.genderWoman, r.genderMan, r.genderPreferNot]);
    const programs = shown(await bot.say(r.genderWoman));
    expect(programs.length).to.be.greaterThan(0);
    for (const s of programs) expect(s.program.servesOnly).not.to.equal('men');
    // In Portland, OR no program admits one gender only: nobody is asked.
    const portland = withProfile({ careStage: 'finished_detox', format: 'either', location: { zip: '97201', city: 'Portland', state: 'OR', latitude: 45.5075, longitude: -122.6894 } });
    await portland.say('hi');
    expect(allText(await portland.say(content.text.menu.find))).not.to.include(r.genderQuestion);
  });

  it('no listings near the place: said as soon as the place is known, with the helpline and FindTreatment.gov, and no more questions', async () => {
    const bot = createTestBot({
      channelId: 'webchat',
      extraDialogs: ({ accessors }) => [new AssessmentDialog({ accessors, content, listings: suggester }), new SuggestionsDialog(content, accessors, suggester)],
    });
    await bot.say('hi');
    await bot.say(content.text.menu.find);
    await bot.say('Finished detox');
    const replies = await bot.say('Bangor, ME');
    const text = allText(replies);
    expect(text).to.include("don't have any listings near Bangor, ME");
    expect(text).to.include('tel:+18338202922');
    expect(text).to.include('https://findtreatment.gov');
    expect(shown(replies)).to.deep.equal([]);
  });
});

import { expect } from 'chai';
import { SuggestionsDialog } from '../../dialogs/suggestionsDialog.js';
import { ProgramSuggester } from '../../src/domain/catalog/programSuggester.js';
import { loadCatalog } from '../../src/domain/catalog/store.js';
import type { Catalog, Program } from '../../src/domain/catalog/schema.js';
import { fromRoot } from '../../src/paths.js';
import type { Profile } from '../../src/domain/profile/profile.js';
import { FixedProfileAssessment } from '../helpers/fixedProfileAssessment.js';
import { allText, buttons, content, createTestBot } from '../helpers/testBot.js';

const columbus = { zip: '43205', city: 'Columbus', state: 'OH', latitude: 39.95165, longitude: -82.95969 };
const basic: Profile = {
  careStage: 'finished_detox',
  responsibilities: ['full_time_job'],
  workShift: 'day',
  payment: 'medicaid',
  format: 'in_person',
  language: 'en',
  ageGroup: 'adult',
  location: columbus,
};

function setup(profile: Profile, catalog: Catalog) {
  const source = { programs: () => catalog.programs, catalog: () => catalog };
  const suggester = new ProgramSuggester(source, { maxDistanceMiles: 25, helplineNumber: '833-820-2922' });
  return createTestBot({
    extraDialogs: ({ accessors }) => [new FixedProfileAssessment(accessors, profile, { proceedToSuggestions: true }), new SuggestionsDialog(content, accessors, suggester)],
  });
}

interface HeroCard {
  title: string;
  subtitle?: string;
  text?: string;
  buttons?: Array<{ type: string; title: string; value: string }>;
}
const heroCards = (replies: Awaited<ReturnType<ReturnType<typeof setup>['say']>>): HeroCard[] =>
  replies.flatMap((r) => (r.attachments ?? []).filter((a) => a.contentType === 'application/vnd.microsoft.card.hero').map((a) => a.content as HeroCard));

describe('program suggestions in the conversation', () => {
  let catalog: Catalog;
  const byName = (name: string): Program[] => catalog.programs.filter((p) => p.name === name);
  before(async () => {
    catalog = await loadCatalog(fromRoot('data/programs.json'));
  });

  it('Find a program ends in up to three cards that really fit, each with reasons and a call action', async () => {
    const bot = setup(basic, catalog);
    await bot.say('hi');
    const replies = await bot.say(content.text.menu.find);
    const cards = heroCards(replies).filter((c) => c.buttons?.some((b) => b.type === 'call' && b.value.startsWith('tel:+1')));
    expect(cards.length).to.be.within(1, 3);
    for (const card of cards) {
      const program = byName(card.title).find((p) => card.text?.includes(p.phone) || card.text?.includes(p.intakePhone ?? '-'));
      expect(program, card.title).to.not.equal(undefined);
      expect(program!.levels).to.include('intensive_outpatient');
      expect(program!.paymentAccepted).to.include('medicaid');
      expect(program!.languages).to.include('en');
      expect(card.subtitle).to.match(/miles? away|Telehealth/);
      expect(card.text).to.match(/Schedule: /);
      expect((card.text ?? '').split('•').length - 1).to.be.within(2, 3);
      expect(card.text).to.include(program!.intakePhone ?? program!.phone);
    }
    expect(allText(replies)).to.include('sample listings');
    expect(allText(replies)).to.include('833-820-2922');
  });

  it('"Show more" pages to different programs', async () => {
    const bot = setup({ careStage: 'finished_detox', format: 'either', location: columbus }, catalog);
    await bot.say('hi');
    let first = await bot.say(content.text.menu.find);
    // Men's and women's programs are near: gender is asked once, with "prefer not to say".
    if (buttons(first).includes(content.messages.results.genderPreferNot)) first = await bot.say(content.messages.results.genderPreferNot);
    expect(buttons(first)).to.include('Show more');
    const second = await bot.say('Show more');
    const firstNames = heroCards(first).map((c) => c.title + c.text);
    const secondCards = heroCards(second);
    expect(secondCards.length).to.be.greaterThan(0);
    for (const card of secondCards) expect(firstNames).not.to.include(card.title + card.text);
  });

  it('someone who needs detox first only sees programs offering detox', async () => {
    const profile: Profile = { ...basic, careStage: 'not_started', withdrawal: { symptomsWhenStopping: true } };
    const bot = setup(profile, catalog);
    await bot.say('hi');
    const replies = await bot.say(content.text.menu.find);
    expect(allText(replies)).to.include('medically supervised detox');
    for (const card of heroCards(replies).filter((c) => c.buttons?.some((b) => b.type === 'call' && b.title !== 'Call 833-820-2922'))) {
      const programs = byName(card.title);
      expect(programs.some((p) => p.levels.includes('detox')), card.title).to.equal(true);
    }
  });

  it('when nothing fits, says so honestly and gives the helpline', async () => {
    const bot = setup(basic, { ...catalog, programs: [] });
    await bot.say('hi');
    const replies = await bot.say(content.text.menu.find);
    // With nothing listed anywhere near, that is said at once, with the helpline and FindTreatment.gov.
    expect(allText(replies)).to.include("don't have any listings near Columbus, OH");
    expect(allText(replies)).to.include('tel:+18338202922');
    expect(allText(replies)).to.include('https://findtreatment.gov');
  });

  it('says at once that there are no listings near a place with none, in person or by telehealth in its state', async () => {
    // A ZIP in Alaska, far from every sample program: only telehealth or wider searches can help.
    const far: Profile = { ...basic, format: 'in_person', location: { zip: '99701', city: 'Fairbanks', state: 'AK', latitude: 64.8378, longitude: -147.7164 } };
    const bot = setup(far, catalog);
    await bot.say('hi');
    const replies = await bot.say(content.text.menu.find);
    const text = allText(replies);
    expect(text).to.include("don't have any listings near Fairbanks, AK");
    expect(text).to.include('833-820-2922');
    expect(heroCards(replies).filter((c) => c.buttons?.some((b) => b.value.startsWith('tel:+1') && !b.value.endsWith('8338202922')))).to.deep.equal([]);
  });

  it('the catalog reloading rebuilds the matcher', () => {
    let listener: ((c: Catalog) => void) | undefined;
    const source = {
      programs: () => catalog.programs,
      catalog: () => catalog,
      onReload: (l: (c: Catalog) => void) => {
        listener = l;
        return () => undefined;
      },
    };
    const suggester = new ProgramSuggester(source, { maxDistanceMiles: 25, helplineNumber: '833-820-2922' });
    expect(suggester.suggest(basic, {}, content.messages.reasons).result.matches.length).to.be.greaterThan(0);
    listener!({ ...catalog, programs: [] });
    expect(suggester.suggest(basic, {}, content.messages.reasons).result.matches).to.have.length(0);
  });
});

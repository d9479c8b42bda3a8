import type { Activity } from 'botbuilder';
import { expect } from 'chai';
import { AssessmentDialog } from '../../dialogs/assessmentDialog.js';
import { SuggestionsDialog } from '../../dialogs/suggestionsDialog.js';
import { loadAssessmentText } from '../../src/domain/assessment/assessmentText.js';
import { listeningTexts } from '../../src/domain/listening/texts.js';
import { resolvePlace } from '../../src/domain/assessment/location.js';
import { haversineMiles, geoPoint } from '../../src/domain/catalog/geo.js';
import { ProgramSuggester } from '../../src/domain/catalog/programSuggester.js';
import type { Program } from '../../src/domain/catalog/schema.js';
import { loadCatalog } from '../../src/domain/catalog/store.js';
import type { Location } from '../../src/domain/profile/profile.js';
import { fromRoot } from '../../src/paths.js';
import { content, createTestBot } from '../helpers/testBot.js';

/**
 * The persona benchmark of issue #17: scripted people, their hard constraints written down
 * first, each walked through "find a program" on web chat and on Teams. Measured: turns to the
 * first program shown (or to the honest "no listings"), whether every card shown keeps every
 * hard constraint (or the loosening is said), and whether someone sees a program when one fits.
 */

const text = loadAssessmentText();
const r = content.messages.results;

interface Constraints {
  /** Miles an in-person program may be (telehealth must be licensed in their state). */
  inPersonMiles: number;
  telehealthOnly?: boolean;
  gender?: 'woman' | 'man';
  ageGroup?: Program['ageGroups'][number];
  language?: string;
  payment?: Program['paymentAccepted'][number];
  medication?: Program['medications'][number];
  detoxOnly?: boolean;
  /** The catalog has nothing for them: the honest answer is the result. */
  noListings?: boolean;
}

interface Persona {
  name: string;
  place: string;
  constraints: Constraints;
  /** The first thing they say (turn 1). */
  opening: string;
  /** Skips every question: reaches results, but is left out of the turn bars (they hold when every question is answered). */
  skipsAll?: boolean;
  /** What they answer to each question, by question id (assessment ids, 'gender', 'detoxOffer'); "Skip" where none. */
  answers: Readonly<Record<string, string>>;
}

const FIND = content.text.menu.find;
/** PERSONA_TRACE=<part of a name> prints that person's conversation (questions asked, answers given, replies). */
const TRACE = process.env.PERSONA_TRACE;
const PERSONAS: readonly Persona[] = [
  {
    name: 'Night-shift mother, no car, Medicaid, telehealth',
    place: '43205',
    constraints: { inPersonMiles: 5, telehealthOnly: true, payment: 'medicaid' },
    opening: FIND,
    answers: { careStage: 'I finished detox, I work nights, have two kids and no car. I have Medicaid.', location: '43205', availability: 'Daytime', format: 'Telehealth (video)', gender: 'Woman' },
  },
  {
    name: "Woman, a men's program nearby",
    place: '43215',
    constraints: { inPersonMiles: 25, gender: 'woman' },
    opening: FIND,
    answers: { careStage: 'Finished detox', location: '43215', availability: 'Any time', format: 'In person', gender: 'Woman' },
  },
  {
    name: 'Parent of a 16-year-old',
    place: 'Portland, OR',
    constraints: { inPersonMiles: 25, ageGroup: 'adolescent' },
    opening: 'I need to find a program for my son, he is 16',
    answers: { careStage: 'Not started / still using', heavyUse: 'No', symptomsWhenStopping: 'No', pastSeizuresOrDts: 'No', location: 'Portland, OR', ageGroup: 'Under 18', availability: 'Any time', format: 'Either', gender: 'Man' },
  },
  {
    name: 'Veteran in Maine (no listings)',
    place: '04401',
    constraints: { inPersonMiles: 25, noListings: true },
    opening: FIND,
    answers: { careStage: 'Finished detox', location: 'Bangor, ME', availability: 'Evenings', format: 'Either' },
  },
  {
    name: 'Young adult leaving residential',
    place: '28801',
    constraints: { inPersonMiles: 25 },
    opening: FIND,
    answers: { careStage: 'Leaving residential rehab', location: '28801', availability: 'Evenings', format: 'Either', gender: 'Man' },
  },
  {
    name: 'On buprenorphine, wants to keep it',
    place: 'Houston, TX',
    constraints: { inPersonMiles: 100, medication: 'buprenorphine' },
    opening: FIND,
    answers: { careStage: "I'm in an IOP now and I'm on Suboxone", location: 'Houston, TX', availability: 'Any time', format: 'Either', gender: 'Man' },
  },
  {
    name: 'Spanish speaker (language preference)',
    place: '90011',
    constraints: { inPersonMiles: 100, language: 'es' },
    opening: FIND,
    answers: { careStage: 'Finished detox. I speak Spanish.', location: '90011', availability: 'Any time', format: 'Either', gender: 'Prefer not to say' },
  },
  {
    name: 'Day job, car, in person',
    place: '43205',
    constraints: { inPersonMiles: 25 },
    opening: FIND,
    answers: { careStage: 'Finished detox', location: '43205', availability: 'Evenings', format: 'In person', gender: 'Man' },
  },
  {
    name: 'Skips everything',
    skipsAll: true,
    place: '',
    constraints: { inPersonMiles: Infinity },
    opening: FIND,
    answers: {},
  },
  {
    name: 'Daily drinker with the shakes (detox first)',
    place: '37203',
    constraints: { inPersonMiles: 100, detoxOnly: true },
    opening: FIND,
    answers: { careStage: 'Not started / still using', heavyUse: 'Yes', detoxOffer: 'Find a detox program', location: '37203', payment: 'Medicaid', gender: 'Woman' },
  },
  {
    name: 'Rotating-shift nurse on transit',
    place: 'Nashville, TN',
    constraints: { inPersonMiles: 25 },
    opening: FIND,
    answers: { careStage: 'I finished detox. I work rotating shifts and take the bus.', location: 'Nashville, TN', availability: 'Any time', format: 'Either', gender: 'Woman' },
  },
  {
    name: 'Rural, no car (Hazard, KY)',
    place: '41701',
    constraints: { inPersonMiles: 5 },
    opening: FIND,
    answers: { careStage: 'Finished detox. I have no car.', location: '41701', availability: 'Any time', format: 'Either', gender: 'Man' },
  },
  {
    name: 'Older adult on Medicare, telehealth',
    place: 'Tampa, FL',
    constraints: { inPersonMiles: 25, telehealthOnly: true, payment: 'medicare' },
    opening: FIND,
    answers: { careStage: 'Finished detox. I have Medicare.', location: 'Tampa, FL', availability: 'Mornings', format: 'Telehealth (video)', gender: 'Prefer not to say' },
  },
  {
    name: 'Not started, answers the whole screen',
    place: '97201',
    constraints: { inPersonMiles: 25 },
    opening: FIND,
    answers: { careStage: 'Not started / still using', heavyUse: 'No', symptomsWhenStopping: 'No', pastSeizuresOrDts: 'No', location: '97201', availability: 'Evenings', format: 'Either', gender: 'Woman' },
  },
];

interface Outcome {
  persona: string;
  skipsAll: boolean;
  turns: number | undefined;
  cards: number;
  cardsKeepingConstraints: number;
  sawProgram: boolean;
  fitExists: boolean;
  honestNoListings: boolean;
}

/** Each question as asked of the person, and as asked about someone else (#16's third person). */
const QUESTION_BY_TEXT = new Map<string, string>([
  ...Object.entries(text.questions).map(([id, q]): [string, string] => [q.text, id]),
  ...Object.entries(listeningTexts().aboutThem).map(([id, asked]): [string, string] => [asked, id]),
]);

function shown(activity: Partial<Activity> | undefined): string {
  if (activity?.text) return activity.text;
  const card = activity?.attachments?.[0]?.content as { body?: Array<{ text?: string }> } | undefined;
  return card?.body?.[0]?.text ?? '';
}

/** Which question is on screen. */
function questionOf(replies: Partial<Activity>[]): string | undefined {
  const last = shown(replies.filter((a) => a.type === 'message').at(-1));
  if (last === r.genderQuestion) return 'gender';
  for (const [q, id] of QUESTION_BY_TEXT) if (last.endsWith(q)) return id;
  return undefined;
}

interface Card {
  name: string;
  json: string;
}
function programCards(replies: Partial<Activity>[]): Card[] {
  return replies.flatMap((a) =>
    (a.attachments ?? []).flatMap((att) => {
      const c = att.content as { title?: string; body?: Array<{ text?: string }> };
      const json = JSON.stringify(c);
      if (!/tel:(?:\+|%2B)1(?!8338202922)/.test(json)) return [];
      return [{ name: c.title ?? c.body?.[0]?.text ?? '', json }];
    }),
  );
}

/** Every hard constraint, or the loosening said (on the card, or in the line before the cards). */
function keeps(card: Card, program: Program, c: Constraints, home: Location | undefined, loosened: string): boolean {
  const telehealth = /Telehealth \(/.test(card.json);
  const said = (words: string): boolean => card.json.includes(words) || loosened.length > 0;
  if (c.detoxOnly && !program.levels.includes('detox')) return false;
  if (c.gender === 'woman' && program.servesOnly === 'men') return false;
  if (c.gender === 'man' && program.servesOnly === 'women') return false;
  if (!c.gender && program.servesOnly) return false;
  if (c.ageGroup && !program.ageGroups.includes(c.ageGroup)) return false;
  if ((c.ageGroup ?? 'adult') !== 'adolescent' && program.ageGroups.every((a) => a === 'adolescent')) return false;
  if (c.language && !program.languages.includes(c.language) && !said('Does not list services in')) return false;
  if (c.payment && !program.paymentAccepted.includes(c.payment) && !said('Does not list')) return false;
  if (c.medication && !program.medications.includes(c.medication) && !said('Does not list')) return false;
  if (home) {
    if (telehealth) return program.address.state === home.state;
    const miles = haversineMiles(geoPoint(home.latitude, home.longitude), geoPoint(program.address.latitude, program.address.longitude));
    if (c.telehealthOnly && !/telehealth/i.test(loosened)) return false;
    if (miles > c.inPersonMiles + 0.5 && !/miles/.test(loosened)) return false;
  }
  return true;
}

async function walk(persona: Persona, channelId: string, programs: readonly Program[], suggester: ProgramSuggester): Promise<Outcome> {
  const bot = createTestBot({
    channelId,
    serviceUrl: 'https://smba.trafficmanager.net/amer/',
    extraDialogs: ({ accessors }) => [new AssessmentDialog({ accessors, content, listings: suggester }), new SuggestionsDialog(content, accessors, suggester)],
  });
  const place = persona.place ? resolvePlace(persona.place) : undefined;
  const home = place?.kind === 'found' ? place.location : undefined;
  const constraints = withGender(persona);
  await bot.say('hi');
  let replies = await bot.say(persona.opening);
  const outcome: Outcome = { persona: persona.name, skipsAll: persona.skipsAll === true, turns: undefined, cards: 0, cardsKeepingConstraints: 0, sawProgram: false, fitExists: false, honestNoListings: false };
  for (let turns = 1; turns <= 20; turns++) {
    if (TRACE && persona.name.includes(TRACE)) console.log(replies.map((a) => `      ${shown(a).slice(0, 300)} ${JSON.stringify(a.attachments ?? []).slice(0, 600)}`).join('\n'));
    const all = replies.map((a) => shown(a) + JSON.stringify(a.attachments ?? [])).join('\n');
    if (all.includes("don't have any listings near")) {
      outcome.turns = turns;
      outcome.honestNoListings = true;
      break;
    }
    const cards = programCards(replies);
    if (cards.length > 0) {
      outcome.turns = turns;
      outcome.sawProgram = true;
      const framing = replies.map(shown).find((t) => t.includes('sample listings')) ?? '';
      const loosened = Object.values(content.messages.relaxed).some((t) => framing.includes(t.slice(0, 20))) ? framing : '';
      for (const card of cards) {
        outcome.cards++;
        const program = programs.find((p) => p.name === card.name && card.json.includes(p.intakePhone ?? p.phone));
        if (program && keeps(card, program, constraints, home, loosened)) outcome.cardsKeepingConstraints++;
        else console.log(`    ${persona.name} on ${channelId}: ${card.name} breaks a constraint`);
      }
      break;
    }
    const id = questionOf(replies);
    if (id === undefined) break;
    const answer = persona.answers[id] ?? text.messages.skipLabel;
    if (TRACE && persona.name.includes(TRACE)) console.log(`    [${turns}] ${id ?? '?'} <- ${answer}`);
    replies = await bot.say(answer);
  }
  return outcome;
}

/** A gender the person says is a constraint: a men's program is not for a woman who said so. */
function withGender(persona: Persona): Constraints {
  const said = persona.answers.gender;
  const gender = said === r.genderWoman ? 'woman' : said === r.genderMan ? 'man' : undefined;
  return gender && !persona.constraints.gender ? { ...persona.constraints, gender } : persona.constraints;
}

/** Whether the catalog holds a program keeping every hard constraint (in person within reach, or telehealth in their state). */
function fitExists(persona: Persona, programs: readonly Program[]): boolean {
  const c = withGender(persona);
  if (c.noListings) return false;
  const place = persona.place ? resolvePlace(persona.place) : undefined;
  const home = place?.kind === 'found' ? place.location : undefined;
  return programs.some((program) => {
    const inReach =
      !home || (!c.telehealthOnly && haversineMiles(geoPoint(home.latitude, home.longitude), geoPoint(program.address.latitude, program.address.longitude)) <= c.inPersonMiles);
    const byTelehealth = home !== undefined && program.address.state === home.state && program.iopTracks.some((t) => t.format === 'telehealth');
    return (inReach || byTelehealth) && keeps({ name: program.name, json: byTelehealth && !inReach ? 'Telehealth (' : '' }, program, c, home, '');
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

describe('persona benchmark (#17): from "find a program" to programs that fit', function () {
  this.timeout(120_000);
  for (const channelId of ['webchat', 'msteams']) {
    it(`on ${channelId}: median turns ≤ 5, max ≤ 8, every card keeps the hard constraints (or says what was loosened), everyone sees a program when one fits`, async () => {
      const catalog = await loadCatalog(fromRoot('data/programs.json'));
      const suggester = new ProgramSuggester({ programs: () => catalog.programs, catalog: () => catalog }, { maxDistanceMiles: 25, helplineNumber: '833-820-2922' });
      const outcomes: Outcome[] = [];
      for (const persona of PERSONAS) {
        const o = await walk(persona, channelId, catalog.programs, suggester);
        o.fitExists = fitExists(persona, catalog.programs);
        outcomes.push(o);
      }
      const rows = outcomes.map((o) =>
        [
          o.persona.padEnd(46),
          String(o.turns ?? '—').padStart(5),
          `${o.cardsKeepingConstraints}/${o.cards}`.padStart(5),
          (o.honestNoListings ? 'no listings, said at once' : o.sawProgram ? 'yes' : o.fitExists ? 'NO' : 'none fits').padEnd(25),
        ].join(' | '),
      );
      const turns = outcomes.filter((o) => !o.skipsAll).map((o) => o.turns).filter((t): t is number => t !== undefined);
      const cards = outcomes.reduce((n, o) => n + o.cards, 0);
      const keeping = outcomes.reduce((n, o) => n + o.cardsKeepingConstraints, 0);
      const shouldSee = outcomes.filter((o) => o.fitExists);
      const saw = shouldSee.filter((o) => o.sawProgram).length;
      console.log(
        [
          `\n  Personas on ${channelId}`,
          `  | ${'Persona'.padEnd(46)} | turns | cards fit | sees a program`,
          ...rows.map((row) => `  | ${row}`),
          `  turns to first suggestion (everyone answering every question): median ${median(turns)}, max ${Math.max(...turns)}; cards keeping every hard constraint or saying the loosening: ${keeping}/${cards} (${((100 * keeping) / Math.max(1, cards)).toFixed(0)}%); see a program when one fits: ${saw}/${shouldSee.length}\n`,
        ].join('\n'),
      );
      expect(outcomes.every((o) => o.turns !== undefined), 'everyone reaches programs or the honest answer').to.equal(true);
      expect(median(turns)).to.be.at.most(5);
      expect(Math.max(...turns)).to.be.at.most(8);
      expect(keeping).to.equal(cards);
      expect(saw).to.equal(shouldSee.length);
    });
  }
});

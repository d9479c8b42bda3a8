import {
  ActionSet,
  AdaptiveCard,
  BoolProperty,
  CardObject,
  ColumnSet,
  Container,
  NumProperty,
  RichTextBlock,
  SerializationContext,
  ShowCardAction,
  StringProperty,
  ValidationEvent,
  Versions,
  type IValidationEvent,
} from 'adaptivecards';
import type { Activity } from 'botbuilder';
import { expect } from 'chai';
import { pino } from 'pino';
import { AssessmentDialog } from '../../dialogs/assessmentDialog.js';
import { questionPrompt } from '../../dialogs/assessmentPrompt.js';
import { CallbackDialog } from '../../dialogs/callbackDialog.js';
import { SuggestionsDialog } from '../../dialogs/suggestionsDialog.js';
import { loadAssessmentText } from '../../src/domain/assessment/assessmentText.js';
import { isMultiSelect, QUESTION_IDS, type QuestionId } from '../../src/domain/assessment/questionIds.js';
import type { CallbackSink } from '../../src/domain/callbacks/callbackStore.js';
import { ProgramSuggester } from '../../src/domain/catalog/programSuggester.js';
import type { Catalog } from '../../src/domain/catalog/schema.js';
import { loadCatalog } from '../../src/domain/catalog/store.js';
import { choiceMessage, TEAMS_VISIBLE_ACTIONS } from '../../src/replies/render.js';
import { HandoffDialog } from '../../dialogs/handoffDialog.js';
import { MeetingsDialog } from '../../dialogs/meetingsDialog.js';
import { MeetingFinder } from '../../src/domain/meetings/finder.js';
import type { MeetingsFile } from '../../src/domain/meetings/schema.js';
import { loadMeetings } from '../../src/domain/meetings/store.js';
import { fromRoot } from '../../src/paths.js';
import type { Profile } from '../../src/domain/profile/profile.js';
import { lastMessage, questionShown, TAPS } from '../assessment/harness.js';
import { actionSets, content, createTestBot, crisisResponses, type AdaptiveAction } from '../helpers/testBot.js';

/** Labels and texts from data/ (they used to be constants in the dialogs). */
const CONSENT_YES = content.messages.callback.consentYes;
const FORGET_NO = content.messages.forgetMe.no;
const TALK_CHOICES = content.messages.talk;
const SHOW_MORE = content.text.programCard.showMore;
const SHARE_NO = content.messages.handoff.shareNo;

/**
 * Teams cards that hold up. Whole conversations on channel `msteams` (the menu, learning,
 * the assessment to the end and its detox branch, program results, the helpline, a callback,
 * a chat with a person, "forget me", and each kind of crisis with its follow-up) collect
 * every Adaptive Card the bot sends there, and each is read by Microsoft's Adaptive Cards SDK
 * (the `adaptivecards` package) as a 1.5 card: 1.5 is the highest version Teams draws for
 * cards a bot sends, so no card may ask for more.
 */

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const TEAMS_MAX_CARD_VERSION = '1.5';
/** What Teams really sends as the service URL: a Bot Framework https service. */
const TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/amer/';
const COLUMBUS = '43205';

const text = loadAssessmentText();
const m = text.messages;
const menu = content.text.menu;
const silent = pino({ level: 'silent' });

/** The collections an element or action reads itself, rather than through a property in its schema. */
function collectionsOf(object: CardObject): string[] {
  return [
    'fallback',
    ...(object instanceof AdaptiveCard ? ['body', 'actions'] : object instanceof Container ? ['items'] : []),
    ...(object instanceof ActionSet ? ['actions'] : []),
    ...(object instanceof ColumnSet ? ['columns'] : []),
    ...(object instanceof RichTextBlock ? ['inlines'] : []),
    ...(object instanceof ShowCardAction ? ['card'] : []),
  ];
}

/**
 * The properties of one element or action that the SDK would not read as written: a name its type
 * does not have (the SDK skips it without a word), or a text, yes/no or number property given a
 * value of another JSON type (the SDK would turn it into something else or drop it). Both come from
 * the SDK's own list of the type's properties.
 */
function propertyProblems(object: CardObject, source: unknown): string[] {
  if (typeof source !== 'object' || source === null || Array.isArray(source)) return [`${object.getJsonTypeName()} is not an object`];
  const json = source as Record<string, unknown>;
  const schema = object.getSchema();
  const known = new Set(collectionsOf(object));
  const problems: string[] = [];
  for (let i = 0; i < schema.getCount(); i++) {
    const property = schema.getItemAt(i);
    known.add(property.name);
    const value = json[property.name];
    if (value === undefined) continue;
    const expected =
      property instanceof StringProperty ? 'string' : property instanceof BoolProperty ? 'boolean' : property instanceof NumProperty ? 'number' : undefined;
    if (expected && typeof value !== expected) problems.push(`${object.getJsonTypeName()}: "${property.name}" must be a ${expected}, not ${JSON.stringify(value)}`);
  }
  for (const name of Object.keys(json)) if (!known.has(name)) problems.push(`${object.getJsonTypeName()}: unknown property "${name}"`);
  return problems;
}

/**
 * What Microsoft's Adaptive Cards SDK finds wrong with a card read as Adaptive Cards 1.5: element and
 * action types it does not know or that came after 1.5, property values it does not accept, properties
 * newer than 1.5, a card version above 1.5, a missing card type, a required property left out (an
 * Action.OpenUrl with no url), a duplicate id; and, from the SDK's list of each type's properties,
 * properties the type does not have or of the wrong JSON type. No problem, an empty list.
 */
function cardProblems(json: unknown): string[] {
  const problems: string[] = [];
  const describe = (e: IValidationEvent): string =>
    `${ValidationEvent[e.event]}${e.source instanceof CardObject ? ` in ${e.source.getJsonTypeName()}` : ''}: ${e.message}`;
  const context = new SerializationContext(Versions.v1_5);
  context.onParseElement = (element, source) => problems.push(...propertyProblems(element, source));
  context.onParseAction = (action, source) => problems.push(...propertyProblems(action, source));
  const card = new AdaptiveCard();
  card.maxVersion = Versions.v1_5;
  card.parse(json, context);
  problems.push(...propertyProblems(card, json));
  for (let i = 0; i < context.eventCount; i++) problems.push(describe(context.getEventAt(i)));
  for (const event of card.validateProperties().validationEvents) problems.push(describe(event));
  return problems;
}

const versionNumber = (v: string): number[] => v.split('.').map(Number);
const versionAtMost = (v: string, max: string): boolean => {
  const [a = 0, b = 0] = versionNumber(v);
  const [c = 0, d = 0] = versionNumber(max);
  return a < c || (a === c && b <= d);
};

interface SeenCard {
  /** Which conversation sent it, for the failure message. */
  where: string;
  card: Record<string, unknown>;
  activity: Partial<Activity>;
}

const cardsIn = (activities: readonly Partial<Activity>[]): Array<{ card: Record<string, unknown>; activity: Partial<Activity> }> =>
  activities.flatMap((activity) =>
    (activity.attachments ?? []).filter((a) => a.contentType === ADAPTIVE).map((a) => ({ card: a.content as Record<string, unknown>, activity })),
  );

const submitTitles = (card: unknown): string[] =>
  actionSets(card)
    .flat()
    .filter((a) => a.type === 'Action.Submit')
    .map((a) => String(a.title));

/** Everything the test collects: every card, and the question cards by the question they ask. */
class Collector {
  readonly cards: SeenCard[] = [];
  readonly questions = new Map<QuestionId | 'picking', Array<Record<string, unknown>>>();

  record(where: string, activities: readonly Partial<Activity>[]): void {
    for (const { card, activity } of cardsIn(activities)) this.cards.push({ where, card, activity });
    for (const activity of activities) {
      const shown = questionShown(activity);
      const card = cardsIn([activity])[0]?.card;
      if (shown && card) this.questions.set(shown, [...(this.questions.get(shown) ?? []), card]);
    }
  }
}

/** A program catalog, the sample meetings, and a callback queue that keeps requests in memory. */
let catalog: Catalog;
let meetings: MeetingsFile;
/** Monday 7 December 2026, 6 pm in New York. */
const MEETINGS_NOW = new Date('2026-12-07T23:00:00Z');
const memoryQueue: CallbackSink = {
  async add(request) {
    return { id: '00000000-0000-4000-8000-000000000001', phone: request.phone, bestTime: request.bestTime, consentAt: request.consentAt.toISOString(), createdAt: new Date().toISOString(), status: 'pending' };
  },
};

/** The whole bot on Teams, with every dialog app.ts registers; `say` and `tap` record what comes back. */
function teamsConversation(collector: Collector, where: string, options: { suggestions?: boolean } = {}) {
  const suggester = new ProgramSuggester({ programs: () => catalog.programs, catalog: () => catalog }, { maxDistanceMiles: 25, helplineNumber: content.text.helpline.display });
  const bot = createTestBot({
    channelId: 'msteams',
    serviceUrl: TEAMS_SERVICE_URL,
    extraDialogs: ({ accessors }) => [
      new AssessmentDialog({ accessors, content, listings: suggester }),
      // Without programs to show, the assessment asks every question before the helpline (and picks several with "Done").
      ...(options.suggestions === false ? [] : [new SuggestionsDialog(content, accessors, suggester)]),
      new CallbackDialog({ content, queue: memoryQueue, retentionDays: 14, logger: silent }),
      new HandoffDialog({ content, accessors, timeoutSeconds: 120, logger: silent }),
      new MeetingsDialog(content, accessors, new MeetingFinder({ current: () => meetings, onReload: () => () => true }, 10), () => MEETINGS_NOW),
    ],
  });
  const say = async (input: string | Partial<Activity>): Promise<Partial<Activity>[]> => {
    const replies = await bot.say(input);
    collector.record(where, replies);
    return replies;
  };
  /** A tap on a card button, the way Teams sends it (the submit's data as activity.value). */
  const tap = (choice: string) => say({ type: 'message', value: { choice } });
  return { say, tap };
}

type Tap = ReturnType<typeof teamsConversation>['tap'];
type Say = ReturnType<typeof teamsConversation>['say'];

/**
 * Answers question after question by tapping its button (typing the ZIP code) until none is
 * on screen or `stopAt` is; `answer` can pick a different button for a question.
 */
async function answerQuestions(say: Say, tap: Tap, first: Partial<Activity>[], stopAt?: QuestionId, answer: Partial<Record<QuestionId, string>> = {}) {
  let turn = first;
  for (let i = 0; i < 40; i++) {
    const shown = questionShown(lastMessage(turn));
    if (shown === undefined || shown === stopAt) return turn;
    if (shown === 'picking') turn = await tap(m.doneLabel);
    else if (shown === 'location') turn = await say(COLUMBUS);
    else if (shown === 'resume' || shown === 'detoxOffer') turn = await tap(answer[shown] ?? q(shown).options[0]!.label!);
    else turn = await tap(answer[shown] ?? TAPS[shown]);
  }
  throw new Error('the assessment never ended');
}
const q = (id: QuestionId) => text.questions[id];

/** Every conversation, once: the cards they send are what the tests below check. */
async function collectTeamsCards(): Promise<Collector> {
  const collector = new Collector();

  {
    // The menu, every question of the assessment, the programs that fit, and the helpline from there.
    const { say, tap } = teamsConversation(collector, 'assessment and programs');
    await say('hi');
    await answerQuestions(say, tap, await tap(menu.find));
    await tap(menu.talk);
    // Back at the menu, "Find a program" again asks whether to use the answers given.
    await say('menu');
    await answerQuestions(say, tap, await tap(menu.find), undefined, { resume: q('resume').options[0]!.label! });
  }
  {
    // Every question of the assessment, as asked when there are no programs to show first.
    const { say, tap } = teamsConversation(collector, 'every question', { suggestions: false });
    await say('hi');
    // "English" is also the language switch (#18); skipped here, its button is checked all the same.
    await answerQuestions(say, tap, await tap(menu.find), undefined, { language: m.skipLabel });
  }
  {
    // After the programs: checking insurance, medication treatment and language refines them.
    const { say, tap } = teamsConversation(collector, 'refining the programs');
    await say('hi');
    await answerQuestions(say, tap, await tap(menu.find), undefined, { careStage: 'Finished detox', availability: 'Any time' });
    const results = content.messages.results;
    await answerQuestions(say, tap, await tap(results.refineInsurance), undefined, { payment: 'Medicaid' });
    await tap(results.refineMedication);
    await tap(results.medicationBuprenorphine);
    await tap(results.refineLanguage);
    await tap('Español');
  }
  {
    // Fewer limits, more programs: "Show more" and the next page.
    const { say, tap } = teamsConversation(collector, 'more programs');
    await say('hi');
    const broad = { careStage: 'Finished detox', responsibilities: 'None of these', availability: 'Any time', payment: m.skipLabel, interests: 'None of these' };
    await answerQuestions(say, tap, await tap(menu.find), undefined, broad);
    await tap(SHOW_MORE);
    // From the menu, a chat with a person asks first whether to share those answers.
    await tap(content.text.learn.back);
    await tap(menu.talk);
    await tap(TALK_CHOICES.chat);
    await tap(SHARE_NO);
  }
  {
    // Someone who may need detox first: the withdrawal screen and the detox offer.
    const { say, tap } = teamsConversation(collector, 'detox first');
    await say('hi');
    await answerQuestions(say, tap, await tap(menu.find), 'detoxOffer', { heavyUse: 'Yes', symptomsWhenStopping: 'Yes', pastSeizuresOrDts: 'Yes' });
    await answerQuestions(say, tap, await tap(q('detoxOffer').options[0]!.label!));
  }
  {
    // Learning about IOP.
    const { say, tap } = teamsConversation(collector, 'learn');
    await say('hi');
    await tap(menu.learn);
    await tap('Group therapy');
    await tap(content.text.learn.tellMore);
    await tap(content.text.learn.back);
  }
  {
    // Talk to someone: the helpline card and a callback.
    const { say, tap } = teamsConversation(collector, 'talk and callback');
    await say('hi');
    await tap(menu.talk);
    await tap(TALK_CHOICES.callback);
    await say('312-555-2368');
    await tap('Evening');
    await tap(CONSENT_YES);
  }
  {
    // "Forget me", and a message the bot does not understand.
    const { say, tap } = teamsConversation(collector, 'forget me and fallback');
    await say('hi');
    await say('forget me');
    await tap(FORGET_NO);
    await say('zxqv plorb');
  }
  for (const [kind, words] of [
    ['suicide_self_harm', 'i want to kill myself'],
    ['medical_emergency', "my friend took too much and isn't breathing"],
    ['harm_to_others', "i'm going to hurt him"],
  ] as const) {
    // Each kind of crisis, its follow-up, and the "Get help now" kept on every reply after it.
    const { say, tap } = teamsConversation(collector, `crisis: ${kind}`);
    await say('hi');
    await tap(menu.find);
    await say(words);
    await tap(crisisResponses.followUp.notSafe);
    await tap(crisisResponses.followUp.getHelpNow);
  }
  {
    // Support-group meetings: near a ZIP code (addresses, maps), more, online now (join links, dial-in), and where to look.
    const { say, tap } = teamsConversation(collector, 'meetings');
    await say('hi');
    await say('AA meeting near 98118');
    await tap(content.meetings.showMore);
    await say('NA meeting online now');
    await tap(content.text.learn.back);
    await say('is there a meeting tonight?');
    await say('Seattle, WA');
  }
  return collector;
}

describe('Teams cards that hold up', function () {
  this.timeout(60_000);
  let collector: Collector;
  before(async () => {
    catalog = await loadCatalog(fromRoot('data/programs.json'));
    meetings = await loadMeetings(fromRoot('data/meetings.json'));
    collector = await collectTeamsCards();
  });

  describe('the Adaptive Cards SDK check, read as 1.5', () => {
    const card = (more: Record<string, unknown>) => ({ type: 'AdaptiveCard', version: '1.5', ...more });
    const problemsOf = (json: unknown) => cardProblems(json).join('\n');

    it('passes a card that is right', () => {
      const good = card({
        body: [
          { type: 'TextBlock', text: 'Hello', wrap: true, spacing: 'medium' },
          { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'A', data: { choice: 'A' }, mode: 'primary' }, { type: 'Action.OpenUrl', title: 'Call', url: 'tel:988' }] },
        ],
      });
      expect(cardProblems(good)).to.deep.equal([]);
    });

    it('reports an unknown element or action type, or one or a property newer than 1.5', () => {
      expect(problemsOf(card({ body: [{ type: 'TextBlok', text: 'Hello' }] }))).to.match(/UnknownElementType.*"TextBlok"/);
      expect(problemsOf(card({ actions: [{ type: 'Action.Sumbit', title: 'A' }] }))).to.match(/UnknownActionType.*"Action.Sumbit"/);
      // Carousel came with 1.6, and so did an action's `role`.
      expect(problemsOf(card({ body: [{ type: 'Carousel', pages: [{ type: 'CarouselPage', items: [{ type: 'TextBlock', text: 'Hello' }] }] }] }))).to.match(/UnknownElementType.*"Carousel"/);
      expect(problemsOf(card({ actions: [{ type: 'Action.Submit', title: 'A', role: 'button' }] }))).to.match(/UnsupportedProperty.*"role".*1\.6/);
    });

    it('reports a value a property does not take, a property the type does not have, one of the wrong type, and one left out', () => {
      expect(problemsOf(card({ body: [{ type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'A', mode: 'sideways' }] }] }))).to.match(/InvalidPropertyValue.*"sideways".*"mode"/);
      expect(problemsOf(card({ body: [{ type: 'TextBlock', text: 'Hello', size: 'huge' }] }))).to.match(/InvalidPropertyValue.*"huge".*"size"/);
      expect(problemsOf(card({ body: [{ type: 'TextBlock', text: 'Hello', wrapp: true }] }))).to.match(/TextBlock: unknown property "wrapp"/);
      expect(problemsOf(card({ body: [{ type: 'TextBlock', text: 'Hello', wrap: 'yes' }] }))).to.match(/TextBlock: "wrap" must be a boolean/);
      expect(problemsOf(card({ body: [{ type: 'TextBlock', text: 7 }] }))).to.match(/TextBlock: "text" must be a string/);
      expect(problemsOf(card({ actions: [{ type: 'Action.OpenUrl', title: 'Call' }] }))).to.match(/PropertyCantBeNull in Action.OpenUrl.*"url"/);
      expect(problemsOf({ ...card({}), speek: 'Hi' })).to.match(/AdaptiveCard: unknown property "speek"/);
    });

    it('reports a card version above 1.5, and a card that is not an AdaptiveCard', () => {
      expect(problemsOf(card({ version: '1.6', body: [{ type: 'TextBlock', text: 'Hello' }] }))).to.match(/UnsupportedCardVersion.*\(1\.6\)/);
      expect(problemsOf({ type: 'AdaptivCard', version: '1.5', body: [] })).to.match(/MissingCardType/);
    });
  });

  describe('every card the bot sends on Teams', () => {
    it('the conversations reach every kind of card the bot can send there', () => {
      const all = collector.cards.map((c) => c.card);
      const bodyTexts = (card: Record<string, unknown>): string => JSON.stringify(card.body ?? []);
      const withSubmit = (label: string) => all.some((card) => submitTitles(card).includes(label));
      const callsTo = (tel: string) => all.some((card) => actionSets(card).flat().some((a) => a.type === 'Action.OpenUrl' && a.url === tel));
      expect(withSubmit(menu.find), 'the menu').to.equal(true);
      expect(withSubmit(content.text.learn.tellMore), 'learning').to.equal(true);
      expect(withSubmit(m.skipLabel), 'assessment questions').to.equal(true);
      expect(withSubmit(m.doneLabel), '"anything else?" after picking several').to.equal(true);
      expect(withSubmit(SHOW_MORE), 'program cards').to.equal(true);
      expect(all.filter((card) => actionSets(card).flat().some((a) => a.type === 'Action.OpenUrl' && /^tel:%2B1\d{10}$/.test(a.url ?? '') && a.url !== 'tel:%2B18338202922')).length, 'program call buttons').to.be.greaterThan(1);
      expect(callsTo('tel:%2B18338202922'), 'the helpline card').to.equal(true);
      expect(callsTo('tel:988'), 'the crisis card with 988').to.equal(true);
      expect(callsTo('tel:911'), 'the crisis card with 911').to.equal(true);
      expect(withSubmit(crisisResponses.followUp.getHelpNow), '"Get help now"').to.equal(true);
      expect(withSubmit(crisisResponses.followUp.notSafe), 'the crisis follow-up').to.equal(true);
      expect(withSubmit('Evening') && withSubmit(CONSENT_YES), 'the callback questions').to.equal(true);
      expect(withSubmit(SHARE_NO), 'the chat consent').to.equal(true);
      expect(withSubmit(FORGET_NO), '"forget me"').to.equal(true);
      expect(all.some((card) => bodyTexts(card).includes(content.text.fallback.first)), 'the fallback').to.equal(true);
    });

    it('the Adaptive Cards SDK finds nothing wrong with any, read as 1.5', () => {
      const invalid = collector.cards.flatMap(({ where, card }) => {
        const problems = cardProblems(card);
        return problems.length === 0 ? [] : [`${where}: ${problems.slice(0, 5).join('; ')}\n  ${JSON.stringify(card).slice(0, 300)}`];
      });
      expect(invalid, invalid.join('\n')).to.deep.equal([]);
    });

    it(`each says which version it needs, and none needs more than Teams draws (${TEAMS_MAX_CARD_VERSION})`, () => {
      for (const { where, card } of collector.cards) {
        expect(card.version, `${where}: ${JSON.stringify(card).slice(0, 120)}`).to.be.a('string').and.match(/^1\.\d$/);
        expect(versionAtMost(String(card.version), TEAMS_MAX_CARD_VERSION), `${where}: version ${String(card.version)}`).to.equal(true);
      }
    });

    it(`no action set holds more than the ${TEAMS_VISIBLE_ACTIONS} buttons Teams shows, and none is put in the overflow menu`, () => {
      for (const { where, card } of collector.cards) {
        for (const set of actionSets(card)) {
          expect(set.length, `${where}: ${set.map((a) => a.title).join(' | ')}`).to.be.at.most(TEAMS_VISIBLE_ACTIONS);
          for (const action of set) expect(action.mode ?? 'primary', `${where}: ${action.title}`).to.match(/^primary$/i);
        }
      }
    });
  });

  describe('questions never hide a choice behind Teams\' overflow menu', () => {
    /** Every choice of a card is a visible button: in an action set Teams shows whole, not in the overflow menu. */
    function visibleChoices(card: unknown): string[] {
      return actionSets(card)
        .filter((set) => set.length <= TEAMS_VISIBLE_ACTIONS)
        .flatMap((set) => set.filter((a: AdaptiveAction) => a.type === 'Action.Submit' && (a.mode ?? 'primary').toLowerCase() === 'primary'))
        .map((a) => String(a.title));
    }
    const buttonLabels = (id: QuestionId): string[] => q(id).options.flatMap((o) => (o.label === undefined ? [] : [o.label]));
    const skippable = (id: QuestionId): boolean => id !== 'resume' && id !== 'detoxOffer';

    it('in the conversations, every question with buttons was asked, and shows every choice, "Skip" and "Not sure" included', () => {
      for (const id of QUESTION_IDS.filter((x) => buttonLabels(x).length > 0)) {
        const cards = collector.questions.get(id) ?? [];
        expect(cards.length, `${id} was never asked on Teams`).to.be.greaterThan(0);
        for (const card of cards) {
          const visible = visibleChoices(card);
          expect(visible, id).to.include.members(buttonLabels(id));
          if (skippable(id)) expect(visible, id).to.include(m.skipLabel);
          if (buttonLabels(id).includes('Not sure')) expect(visible, id).to.include('Not sure');
          expect(submitTitles(card), `${id}: nothing hidden`).to.deep.equal(visible);
        }
      }
      const picking = collector.questions.get('picking') ?? [];
      expect(picking.length, '"anything else?"').to.be.greaterThan(0);
      for (const card of picking) expect(visibleChoices(card)).to.include(m.doneLabel);
    });

    it('for every question in data/assessment.json, however it is asked (first time, retry, buttons only, picking more)', () => {
      const states = [{ attempt: 0 }, { attempt: 1 }, { attempt: 2 }];
      for (const id of QUESTION_IDS) {
        const labels = buttonLabels(id);
        const profiles: Profile[] = [{}];
        // Picking several: after the first, the rest and "Done".
        if (isMultiSelect(id) && labels.length > 0) profiles.push({ [id]: [q(id).options[0]!.value] } as Profile);
        for (const profile of profiles) {
          for (const state of states) {
            const options = questionPrompt(id, profile, state, text);
            const choices = (options.choices ?? []).map(String);
            if (choices.length === 0) continue;
            const card = choiceMessage('msteams', String(options.prompt), choices).attachments?.[0]?.content;
            expect(visibleChoices(card), `${id} ${JSON.stringify(profile)} attempt ${state.attempt}`).to.deep.equal(choices);
            if (Object.keys(profile).length === 0 && skippable(id)) expect(visibleChoices(card), id).to.include(m.skipLabel);
          }
        }
      }
    });

    it('short answers share a row, long ones get their own, and a row never holds more than four', () => {
      const rows = (choices: string[]) => actionSets(choiceMessage('msteams', 'Q', choices).attachments?.[0]?.content).map((set) => set.map((a) => a.title));
      expect(rows(['Yes', 'No', 'Not sure', 'Skip'])).to.deep.equal([['Yes', 'No', 'Not sure', 'Skip']]);
      expect(rows(['Not started / still using', 'In an IOP now', 'Not sure', 'Skip'])).to.deep.equal([['Not started / still using'], ['In an IOP now', 'Not sure'], ['Skip']]);
      expect(rows(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'])).to.deep.equal([['A', 'B', 'C', 'D'], ['E', 'F', 'G', 'H'], ['I']]);
    });
  });
});

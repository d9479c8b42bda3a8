import { ActivityTypes, type Activity } from 'botbuilder';
import { expect } from 'chai';
import { pino } from 'pino';
import { AssessmentDialog } from '../../dialogs/assessmentDialog.js';
import { CallbackDialog } from '../../dialogs/callbackDialog.js';
import { DialogIds } from '../../dialogs/dialogIds.js';
import { PLACES, ROUTES, type Action, type Place, type Reply, type RouteName } from '../../dialogs/routes.js';
import { claimsAnswer } from '../../src/domain/assessment/claims.js';
import { isFaqReply, listeningTexts, type FaqKey, type FaqReply } from '../../src/domain/listening/texts.js';
import { loadAssessmentText } from '../../src/domain/assessment/assessmentText.js';
import { IntentName, type IntentResult } from '../../src/domain/nlu/intentNames.js';
import { IntentRecognizer } from '../../src/domain/nlu/intentRecognizer.js';
import { commandOf, commandPhrases, type GlobalCommand, type Recognizer } from '../../src/turn/understanding.js';
import { allText, buttons, callTargets, content, createTestBot, crisisResponses, riskTexts, textOf } from '../helpers/testBot.js';

/**
 * Walks the route table (dialogs/routes.ts): every command and intent, and the crisis signal,
 * sent from the menu, from a question (the topic list) and from inside the assessment (its
 * first question), in a whole conversation. Each outcome is checked against the table's
 * action: what was said, which dialogs are on the stack afterwards, and, for a dialog opened
 * over a question, that finishing it asks the same question again.
 */

const assessmentText = loadAssessmentText();
const menu = content.text.menu;
const menuButtons = [menu.learn, menu.find, menu.talk, menu.language];
const getHelpNow = crisisResponses.followUp.getHelpNow;
const HELPLINE_TEL = content.text.helpline.tel;

/** Typed words that reach each intent: a made-up word the test recognizer maps to it (and nothing else claims). */
const intentWord = (intent: IntentName): string => `zq${IntentName.options.indexOf(intent).toString(36)}x`;
const walkRecognizer: Recognizer = {
  recognize(text: string): IntentResult {
    const intent = IntentName.options.find((i) => intentWord(i) === text.trim());
    return intent ? { intent, score: 0.99 } : IntentRecognizer.default().recognize(text);
  },
};

const commands = [...new Set(commandPhrases().map((p) => commandOf(p)!))];
const phraseOf = (command: GlobalCommand): string => commandPhrases().find((p) => commandOf(p) === command)!;

/** What to send for a row. */
function wordsFor(route: RouteName): string {
  if (route === 'crisis') return 'i want to kill myself';
  if (route === 'risk') return 'I used again last night after two months clean';
  if ((commands as string[]).includes(route)) return phraseOf(route as GlobalCommand);
  return intentWord(route as IntentName);
}

const queue = { add: async () => Promise.reject(new Error('never saved in this test')) };

function walkBot() {
  return createTestBot({
    recognizer: walkRecognizer,
    extraDialogs: ({ accessors }) => [
      new AssessmentDialog({ accessors, content }),
      new CallbackDialog({ content, queue, retentionDays: 14, logger: pino({ level: 'silent' }) }),
    ],
  });
}
type Bot = ReturnType<typeof walkBot>;

/** The ids on the root's dialog stack, bottom first. */
async function stackOf(bot: Bot): Promise<string[]> {
  const data = await bot.storage.read(['test/conversations/conv-1/']);
  const state = Object.values(data)[0] as { dialogState?: { dialogStack?: Array<{ id: string }> } } | undefined;
  return (state?.dialogState?.dialogStack ?? []).map((i) => i.id);
}

const lastMessage = (replies: Partial<Activity>[]) => replies.filter((a) => a.type === 'message').at(-1);
const shown = (replies: Partial<Activity>[]): string => lastMessage(replies)?.text ?? '';
const choices = (replies: Partial<Activity>[]): string[] => buttons(replies).filter((b) => b !== getHelpNow);

interface Reached {
  replies: Partial<Activity>[];
  stack: string[];
}

async function reach(bot: Bot, place: Place): Promise<Reached> {
  let replies = await bot.say({ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'user', name: 'user' }], recipient: { id: 'bot', name: 'bot' } });
  if (place === 'question') replies = await bot.say(menu.learn);
  if (place === 'assessment') replies = await bot.say(menu.find);
  return { replies, stack: await stackOf(bot) };
}

/** Words each reply starts with (data/). */
function expectReply(reply: Reply | FaqReply, replies: Partial<Activity>[]): void {
  const text = allText(replies);
  const t = content.text;
  if (isFaqReply(reply)) {
    const faq = listeningTexts().faq[reply.slice('faq.'.length) as FaqKey];
    return void expect(text).to.include(faq.answer.split('{')[0]!.slice(0, 40));
  }
  switch (reply) {
    case 'help':
      return void expect(text).to.include(t.help[0]);
    case 'cost':
      return void expect(text).to.include(t.cost[0]);
    case 'schedule':
      return void expect(text).to.include(t.schedule[0]);
    case 'greeting':
      return void expect(text).to.include(t.greeting);
    case 'thanks':
      return void expect(text).to.include(t.thanks);
    case 'profile':
      return void expect(text).to.include(content.messages.main.knowNothing);
    case 'crisisNumbers':
      expect(text).to.include('988');
      return void expect(callTargets(replies)).to.include('tel:988');
    case 'findByPhone':
      return void expect(text).to.include(content.messages.main.findWithHelpline);
    case 'risk':
      expect(text).to.include(riskTexts.en.answers.relapse.lines[0]);
      return void expect(callTargets(replies)).to.include(content.text.helpline.tel);
  }
}

/** The place's question is on screen again, as it was. */
function expectSameQuestion(place: Place, before: Reached, replies: Partial<Activity>[]): void {
  if (place === 'menu') return void expect(choices(replies)).to.deep.equal(menuButtons);
  expect(shown(replies)).to.equal(shown(before.replies));
  expect(choices(replies)).to.deep.equal(choices(before.replies));
}

/** Ends a dialog the table opened the way a person would (its back or no button); returns the last replies. */
async function finish(bot: Bot, dialog: string, replies: Partial<Activity>[]): Promise<Partial<Activity>[] | undefined> {
  const b = choices(replies);
  switch (dialog) {
    case DialogIds.learn:
    case DialogIds.talk:
      return bot.say(b.at(-1)!); // "Back to where we were" / "Back to menu"
    case DialogIds.forgetMe:
      return bot.say(content.messages.forgetMe.no);
    case DialogIds.callback:
      await bot.say('312-555-2368');
      await bot.say('Morning');
      return bot.say(content.messages.callback.consentNo);
    case DialogIds.crisis: {
      const offer = await bot.say(crisisResponses.followUp.safe);
      // Only over a question is there somewhere to go back to.
      return choices(offer).includes(crisisResponses.followUp.continue) ? bot.say(crisisResponses.followUp.continue) : undefined;
    }
    default:
      return undefined; // the assessment and suggestions run on to the end: nothing to return to
  }
}

/** Follows `otherwise` to the action that runs with the dialogs this bot has (assessment and callback). */
function effective(action: Action): Action {
  const registered = new Set<string>([DialogIds.learn, DialogIds.talk, DialogIds.crisis, DialogIds.forgetMe, DialogIds.assessment, DialogIds.callback]);
  if (action.do === 'open' && !registered.has(action.dialog) && action.otherwise) return effective(action.otherwise);
  return action;
}

async function check(bot: Bot, place: Place, route: RouteName, before: Reached, replies: Partial<Activity>[]): Promise<void> {
  const action = effective(ROUTES[route][place]);
  const stack = await stackOf(bot);
  switch (action.do) {
    case 'say':
      expectReply(action.say, replies);
      expectSameQuestion(place, before, replies);
      return void expect(stack).to.deep.equal(before.stack);
    case 'goodbye':
      expect(shown(replies)).to.equal(content.text.goodbye);
      // From the menu the conversation ends; a waiting question stays, not asked again.
      return void expect(stack).to.deep.equal(place === 'menu' ? [] : before.stack);
    case 'cancel':
      expect(allText(replies)).to.include(content.text.cancelled);
      expect(shown(replies)).to.equal(menu.again);
      expect(choices(replies)).to.deep.equal(menuButtons);
      return void expect(stack).to.deep.equal([DialogIds.mainLoop, 'mainMenu']);
    case 'menu':
      if (action.onTo === 'find_program') return void expect(stack).to.deep.equal([DialogIds.mainLoop, DialogIds.assessment]);
      expect(action.onTo).to.equal(undefined);
      expect(choices(replies)).to.deep.equal(menuButtons);
      return void expect(stack).to.deep.equal([DialogIds.mainLoop, 'mainMenu']);
    case 'answer':
      // The waiting question took the words: nothing was opened or dropped.
      expect(stack).to.deep.equal(before.stack);
      if (route === 'restart') expect(allText(replies)).to.include(assessmentText.messages.startedOver);
      return void expect(allText(replies)).not.to.include(content.text.cancelled);
    case 'notUnderstood':
      expect(shown(replies)).to.equal(content.text.fallback.first);
      expect(choices(replies)).to.deep.equal(menuButtons);
      return void expect(stack).to.deep.equal(before.stack);
    case 'open': {
      // From the menu: started by the menu loop. Over a question: on top of it, or in its place when it is the one waiting.
      const inPlace = before.stack.at(-1) === action.dialog;
      const under = place === 'menu' ? [DialogIds.mainLoop] : inPlace ? before.stack.slice(0, -1) : before.stack;
      expect(stack.slice(0, under.length + 1)).to.deep.equal([...under, action.dialog]);
      if (action.topic) expect(allText(replies)).to.include(content.topic(action.topic).summary);
      if (action.dialog === DialogIds.talk) expect(callTargets(replies)).to.include(HELPLINE_TEL);
      const back = await finish(bot, action.dialog, replies);
      if (!back) return;
      if (place === 'menu' || (inPlace && under.length === 1)) {
        // Back at the menu ("Back to menu" is the menu command, so the menu starts afresh).
        expect(await stackOf(bot)).to.deep.equal([DialogIds.mainLoop, 'mainMenu']);
        return void expect(choices(back)).to.deep.equal(menuButtons);
      }
      expect(await stackOf(bot)).to.deep.equal(before.stack);
      return expectSameQuestion(place, before, back);
    }
  }
}

describe('the route table (dialogs/routes.ts), walked in whole conversations', () => {
  it('has a row for every command and every intent', () => {
    for (const command of commands) expect(ROUTES, command).to.have.property(command);
    for (const intent of IntentName.options) expect(ROUTES, intent).to.have.property(intent);
  });

  it("the walk's words reach their intent and are not taken for an assessment answer", () => {
    for (const intent of IntentName.options) {
      expect(walkRecognizer.recognize(intentWord(intent)).intent).to.equal(intent);
      expect(claimsAnswer(intentWord(intent), assessmentText), intent).to.equal(false);
      expect(commandOf(intentWord(intent))).to.equal(undefined);
    }
  });

  const walked = (Object.keys(ROUTES) as RouteName[]).filter((r) => r !== 'suggestions'); // asked for only by the assessment's end
  for (const place of PLACES) {
    describe(`from ${place === 'menu' ? 'the menu' : place === 'question' ? 'a question (the topic list)' : "the assessment's first question"}`, () => {
      for (const route of walked) {
        const action = ROUTES[route][place];
        const what = action.do === 'open' ? `open ${action.dialog}${action.topic ? ` at ${action.topic}` : ''}` : action.do === 'say' ? `say ${action.say}` : action.do === 'menu' && action.onTo ? `menu, then ${action.onTo}` : action.do;
        it(`${route} ("${wordsFor(route)}"): ${what}`, async () => {
          const bot = walkBot();
          const before = await reach(bot, place);
          const replies = await bot.say(wordsFor(route));
          await check(bot, place, route, before, replies);
        });
      }
    });
  }

  describe('where a dialog is not registered, `otherwise` runs', () => {
    it('"call me back" without callbacks: the talk dialog (the phone line)', async () => {
      const bot = createTestBot({ recognizer: walkRecognizer });
      await bot.say('hi');
      const replies = await bot.say(intentWord('request_callback'));
      expect(callTargets(replies)).to.include(HELPLINE_TEL);
      expect(choices(replies)).to.deep.equal(menuButtons);
    });

    it('"find a program" without the assessment: the helpline finds programs', async () => {
      const bot = createTestBot({ recognizer: walkRecognizer });
      await bot.say('hi');
      const replies = await bot.say(menu.find);
      expectReply('findByPhone', replies);
      expect(choices(replies)).to.deep.equal(menuButtons);
    });
  });
});

describe('one way to a person', () => {
  const escalationBot = () =>
    createTestBot({
      extraDialogs: () => [new CallbackDialog({ content, queue, retentionDays: 14, logger: pino({ level: 'silent' }) })],
    });
  const talk = content.messages.talk;

  for (const words of ['talk to someone', "what's your phone number", menu.talk]) {
    it(`"${words}" from the menu: the helpline, then a callback or back to the menu`, async () => {
      const bot = escalationBot();
      await bot.say('hi');
      const replies = await bot.say(words);
      expect(callTargets(replies)).to.include(HELPLINE_TEL);
      expect(choices(replies)).to.deep.equal([talk.callback, content.text.learn.back]);
    });
  }

  for (const words of ['talk to someone', "what's your phone number"]) {
    it(`"${words}" in a topic: the helpline, a callback, or back to the topic`, async () => {
      const bot = escalationBot();
      await bot.say('hi');
      await bot.say(menu.learn);
      const topic = await bot.say(content.topic('support_groups').title);
      const replies = await bot.say(words);
      expect(callTargets(replies)).to.include(HELPLINE_TEL);
      expect(choices(replies)).to.deep.equal([talk.callback, content.text.learn.resume]);
      const back = await bot.say(content.text.learn.resume);
      expect(shown(back)).to.equal(shown(topic));
    });
  }

  it('while giving a phone number for a callback: only the phone line, then the same question', async () => {
    const bot = escalationBot();
    await bot.say('hi');
    await bot.say(menu.talk);
    const ask = await bot.say(talk.callback);
    const replies = await bot.say('talk to someone');
    expect(callTargets(replies)).to.include(HELPLINE_TEL);
    expect(choices(replies)).not.to.include(talk.callback);
    expect(textOf(lastMessage(replies)!)).to.equal(textOf(lastMessage(ask)!));
  });

  it('"Get help now" with nothing open (after goodbye) shows the crisis numbers, then the menu', async () => {
    const bot = escalationBot();
    await bot.say('hi');
    await bot.say('i want to kill myself');
    await bot.say('menu');
    await bot.say('goodbye');
    expect(await stackOf(bot as unknown as Bot)).to.deep.equal([]);
    const replies = await bot.say(getHelpNow);
    expect(callTargets(replies)).to.include('tel:988');
    expect(choices(replies)).to.deep.equal(menuButtons);
  });
});

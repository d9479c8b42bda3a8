import { ActivityTypes, type Activity } from 'botbuilder';
import { expect } from 'chai';
import { allText, buttons, callTargets, content, createTestBot, crisisResponses } from '../helpers/testBot.js';

const menu = content.text.menu;
const follow = crisisResponses.followUp;
const menuButtons = [menu.learn, menu.find, menu.talk, menu.language];

type Bot = ReturnType<typeof createTestBot>;

/** Each prompt the core dialogs can wait at: how to get there, and how to recognize it. */
interface PromptCase {
  name: string;
  reach: (bot: Bot) => Promise<Partial<Activity>[]>;
}

const start = async (bot: Bot) => bot.say({ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'user', name: 'user' }], recipient: { id: 'bot', name: 'bot' } });

const prompts: PromptCase[] = [
  { name: 'the main menu', reach: start },
  {
    name: 'the topic list',
    reach: async (bot) => {
      await start(bot);
      return bot.say(menu.learn);
    },
  },
  {
    name: 'a topic',
    reach: async (bot) => {
      await start(bot);
      await bot.say(menu.learn);
      return bot.say('Support group meetings');
    },
  },
  {
    name: '"are you safe right now?"',
    reach: async (bot) => {
      await start(bot);
      return bot.say('i want to kill myself');
    },
  },
  {
    name: 'the offer after a crisis',
    reach: async (bot) => {
      await start(bot);
      await bot.say('i want to kill myself');
      return bot.say(follow.safe);
    },
  },
];

describe('interruptions from every prompt', () => {
  for (const prompt of prompts) {
    describe(`at ${prompt.name}`, () => {
      it('"help" explains what to say, then asks the same question again', async () => {
        const bot = createTestBot();
        const before = buttons(await prompt.reach(bot));
        const replies = await bot.say('help');
        expect(allText(replies)).to.include(content.text.help[0]);
        expect(buttons(replies).filter((b) => b !== follow.getHelpNow)).to.deep.equal(before.filter((b) => b !== follow.getHelpNow));
      });

      it('"talk to someone" gives the helpline, then returns', async () => {
        const bot = createTestBot();
        const before = buttons(await prompt.reach(bot));
        const replies = await bot.say('talk to someone');
        expect(callTargets(replies)).to.include('tel:+18338202922');
        expect(allText(replies)).to.include('833-820-2922');
        expect(buttons(replies).filter((b) => b !== follow.getHelpNow)).to.deep.equal(before.filter((b) => b !== follow.getHelpNow));
      });

      it('"menu" goes back to the menu', async () => {
        const bot = createTestBot();
        await prompt.reach(bot);
        const replies = await bot.say('menu');
        expect(buttons(replies).filter((b) => b !== follow.getHelpNow)).to.deep.equal(menuButtons);
      });

      it('"cancel" stops and offers the menu', async () => {
        const bot = createTestBot();
        await prompt.reach(bot);
        const replies = await bot.say('cancel');
        expect(allText(replies)).to.include(content.text.cancelled);
        expect(buttons(replies).filter((b) => b !== follow.getHelpNow)).to.deep.equal(menuButtons);
      });

      // "Are you safe?" reads every answer as an answer (test/safety/crisisFollowUp.test.ts):
      // a topic card there would step over a person who has not said they are safe.
      const safeQuestion = prompt.name === '"are you safe right now?"';
      const inFollowUp = safeQuestion || prompt.name === 'the offer after a crisis';

      it(safeQuestion ? 'a typed question is no topic card: the crisis path goes on, with a person' : 'a typed question is answered', async () => {
        const bot = createTestBot();
        await prompt.reach(bot);
        const replies = await bot.say('what is group therapy?');
        if (!safeQuestion) expect(allText(replies)).to.include(content.topic('group_therapy').summary);
        else {
          expect(allText(replies)).not.to.include(content.topic('group_therapy').summary);
          expect(callTargets(replies)).to.include('tel:+18338202922');
          expect(allText(replies)).not.to.include(follow.askSafe);
        }
      });

      it(inFollowUp ? 'a crisis message gets the crisis response first, then a person, not the same question' : 'a crisis message gets the crisis response first, then "are you safe?"', async () => {
        const bot = createTestBot();
        await prompt.reach(bot);
        const replies = await bot.say('i keep thinking everyone would be better off without me');
        expect(replies[0]?.text).to.include('988');
        expect(callTargets([replies[0]!])).to.include('tel:988');
        if (!inFollowUp) expect(allText(replies)).to.include(follow.askSafe);
        else {
          expect(allText(replies)).to.include(follow.stillHere);
          expect(allText(replies)).not.to.include(follow.askSafe);
        }
      });

      it('an overdose gets 911 first', async () => {
        const bot = createTestBot();
        await prompt.reach(bot);
        const replies = await bot.say("my friend took too much and isn't breathing");
        expect(replies[0]?.text).to.include('911');
        expect(callTargets([replies[0]!])).to.include('tel:911');
        expect(replies[0]?.text).to.include('Stay with the person');
      });
    });
  }
});

describe('after a crisis', () => {
  it('"I\'m safe" does not clear the concern: Get help now stays on later replies', async () => {
    const bot = createTestBot();
    await start(bot);
    await bot.say('i want to kill myself');
    let replies = await bot.say(follow.safe);
    expect(allText(replies)).to.include(follow.gladSafe);
    expect(buttons(replies)).to.include(follow.getHelpNow);
    replies = await bot.say(follow.nextSteps);
    replies = await bot.say('menu');
    expect(buttons(replies)).to.include(follow.getHelpNow);
    replies = await bot.say(menu.learn);
    expect(buttons(replies)).to.include(follow.getHelpNow);
    const data = await bot.storage.read(['test/conversations/conv-1/']);
    const state = Object.values(data)[0] as { data?: { safety?: { concern: boolean; kinds: string[] } } } | undefined;
    expect(state?.data?.safety).to.include({ concern: true });
  });

  it('"Get help now" shows the crisis numbers again and returns to the question', async () => {
    const bot = createTestBot();
    await start(bot);
    await bot.say('i want to kill myself');
    await bot.say(follow.safe);
    await bot.say('menu');
    const replies = await bot.say(follow.getHelpNow);
    expect(allText(replies)).to.include('988');
    expect(buttons(replies)).to.include.members(menuButtons);
  });

  it('"I\'m not safe" urges 911 / 988 and offers a person, never the menu', async () => {
    const bot = createTestBot();
    await start(bot);
    await bot.say('i want to kill myself');
    const replies = await bot.say(follow.notSafe);
    expect(allText(replies)).to.include(follow.notSafeReply);
    expect(callTargets(replies)).to.include('tel:+18338202922');
    expect(buttons(replies)).to.include.members([follow.nextSteps, follow.person]);
    expect(buttons(replies)).not.to.include(menu.learn);
  });

  it('"Talk about next steps" moves on to finding a program', async () => {
    const bot = createTestBot();
    await start(bot);
    await bot.say('i want to kill myself');
    await bot.say(follow.safe);
    const replies = await bot.say(follow.nextSteps);
    expect(replies.length).to.be.greaterThan(0);
    expect(allText(replies)).not.to.include(follow.askSafe);
    // Straight on, without showing the menu first.
    expect(allText(replies)).not.to.include(menu.again);
  });

  it('a crisis in the middle of a topic can go back there afterwards', async () => {
    const bot = createTestBot();
    await start(bot);
    await bot.say(menu.learn);
    await bot.say('Support group meetings');
    await bot.say('i want to kill myself');
    let replies = await bot.say(follow.safe);
    expect(buttons(replies)).to.include(follow.continue);
    replies = await bot.say(follow.continue);
    expect(allText(replies)).to.include(content.topic('support_groups').summary);
  });

  it('ordinary speech does not trigger it', async () => {
    const bot = createTestBot();
    await start(bot);
    for (const text of ['my job is killing me', "i'm dying to know how much it costs", 'I overdosed two years ago and that is why I am here']) {
      const replies = await bot.say(text);
      expect(allText(replies), text).not.to.include('988');
      expect(allText(replies), text).not.to.include(follow.askSafe);
    }
  });
});

import { ActivityTypes, type Activity } from 'botbuilder';
import { expect } from 'chai';
import { allText, buttons, callTargets, content, createTestBot } from '../helpers/testBot.js';

const menu = content.text.menu;
const learn = content.text.learn;
const conversationUpdate = (ids: string[]): Partial<Activity> => ({
  type: ActivityTypes.ConversationUpdate,
  membersAdded: ids.map((id) => ({ id, name: id })),
  recipient: { id: 'bot', name: 'bot' },
});

describe('conversation core', () => {
  describe('welcome', () => {
    it('is sent once per new conversation, with the menu', async () => {
      const bot = createTestBot();
      const replies = await bot.say(conversationUpdate(['bot', 'user1']));
      const text = allText(replies);
      expect(text).to.include("I'm not a doctor or counselor");
      expect(text).to.include('911').and.include('988');
      expect(buttons(replies)).to.deep.equal([menu.learn, menu.find, menu.talk, menu.language]);
    });

    it('is not repeated for each member added or on reconnect', async () => {
      const bot = createTestBot();
      const first = await bot.say(conversationUpdate(['user1', 'user2', 'bot']));
      expect(first.filter((a) => a.text === content.text.welcome[0])).to.have.length(1);
      const again = await bot.say(conversationUpdate(['user1']));
      expect(allText(again)).not.to.include(content.text.welcome[0]);
    });

    it('is not sent when only the bot joins', async () => {
      const bot = createTestBot();
      const replies = await bot.say(conversationUpdate(['bot']));
      expect(replies).to.have.length(0);
    });

    it('comes first when a conversation starts with a question, then the answer', async () => {
      const bot = createTestBot();
      const replies = await bot.say('what is group therapy?');
      expect(replies[0]?.text).to.equal(content.text.welcome[0]);
      expect(allText(replies)).to.include(content.topic('group_therapy').summary);
    });
  });

  describe('Learn about IOP', () => {
    it('walks every topic with tell me more and next topic, then back to the menu', async () => {
      const bot = createTestBot();
      await bot.say(conversationUpdate(['user']));
      let replies = await bot.say(menu.learn);
      expect(buttons(replies)).to.include.members(content.topics.map((t) => t.title));
      replies = await bot.say(content.topics[0]!.title);
      for (const [index, topic] of content.topics.entries()) {
        expect(allText(replies), topic.id).to.include(topic.summary);
        for (const more of topic.more) {
          expect(buttons(replies)).to.include(learn.tellMore);
          replies = await bot.say(learn.tellMore);
          expect(allText(replies)).to.include(more);
        }
        expect(buttons(replies)).not.to.include(learn.tellMore);
        if (index < content.topics.length - 1) {
          expect(buttons(replies)).to.deep.equal([learn.next, learn.back]);
          replies = await bot.say(learn.next);
        }
      }
      expect(buttons(replies)).to.deep.equal([learn.back]);
      replies = await bot.say(learn.back);
      expect(buttons(replies)).to.deep.equal([menu.learn, menu.find, menu.talk, menu.language]);
    });

    it('keeps the facts of the source text', () => {
      const all = content.topics.map((t) => [t.summary, ...t.more].join(' ')).join(' ');
      for (const fact of ['three to four times a week', 'Cognitive behavioral therapy', 'Dialectical behavior therapy', 'trauma', 'psychoeducation', '12-step', 'sponsor', 'yoga', 'music', 'neurofeedback', 'Wilderness', 'sober living', 'family therapy', 'relapse']) {
        expect(all.toLowerCase(), fact).to.include(fact.toLowerCase());
      }
    });

    it('back from the topic list returns to the menu', async () => {
      const bot = createTestBot();
      await bot.say(conversationUpdate(['user']));
      await bot.say(menu.learn);
      const replies = await bot.say(learn.back);
      expect(buttons(replies)).to.deep.equal([menu.learn, menu.find, menu.talk, menu.language]);
    });
  });

  describe('Talk to someone now', () => {
    it('gives a tap-to-call action, the number as text, the hours and what happens', async () => {
      const bot = createTestBot();
      await bot.say(conversationUpdate(['user']));
      const replies = await bot.say(menu.talk);
      const text = allText(replies);
      expect(callTargets(replies)).to.include('tel:+18338202922');
      expect(text).to.include('833-820-2922');
      expect(text).to.include('24 hours a day, 7 days a week');
      expect(text).to.include('A real person answers');
      // Back to the menu afterwards, so there is always a next step.
      expect(buttons(replies)).to.include(menu.learn);
    });
  });

  describe('typed questions', () => {
    const cases: Array<[string, (text: string, replies: Partial<Activity>[]) => void]> = [
      ['what is group therapy?', (t) => expect(t).to.include(content.topic('group_therapy').summary)],
      ['tell me about yoga', (t) => expect(t).to.include(content.topic('complementary').summary)],
      ['what happens after the program ends', (t) => expect(t).to.include(content.topic('aftercare').summary)],
      ['can I talk to a real person', (t, r) => expect(callTargets(r)).to.include('tel:+18338202922')],
      ["what's your phone number", (t) => expect(t).to.include('833-820-2922')],
    ];
    for (const [question, check] of cases) {
      it(`answers "${question}" from the menu`, async () => {
        const bot = createTestBot();
        await bot.say(conversationUpdate(['user']));
        const replies = await bot.say(question);
        check(allText(replies), replies);
      });
      it(`answers "${question}" in the middle of a topic and returns there`, async () => {
        const bot = createTestBot();
        await bot.say(conversationUpdate(['user']));
        await bot.say(menu.learn);
        await bot.say('Individual counseling');
        const replies = await bot.say(question);
        check(allText(replies), replies);
        // A question that is not itself a topic re-asks where we were.
        if (!/therapy|yoga|after/.test(question)) expect(buttons(replies)).to.include(learn.tellMore);
      });
    }
  });

  describe('not understood', () => {
    it('gets a kind reply and the menu; twice in a row adds the helpline', async () => {
      const bot = createTestBot();
      await bot.say(conversationUpdate(['user']));
      let replies = await bot.say('purple monkey dishwasher');
      expect(allText(replies)).to.include(content.text.fallback.first);
      expect(callTargets(replies)).to.have.length(0);
      expect(buttons(replies)).to.deep.equal([menu.learn, menu.find, menu.talk, menu.language]);
      replies = await bot.say('zxcvb qwerty');
      expect(allText(replies)).to.include(content.text.fallback.repeated);
      expect(callTargets(replies)).to.include('tel:+18338202922');
      // Still something to tap after the helpline card.
      expect(buttons(replies)).to.deep.equal([menu.learn, menu.find, menu.talk, menu.language]);
      // A third miss: the plain "say it another way" with the buttons, not the same card again.
      replies = await bot.say('asdf');
      expect(allText(replies)).to.include(content.text.fallback.first);
      expect(allText(replies)).not.to.include(content.text.fallback.repeated);
      expect(buttons(replies)).to.deep.equal([menu.learn, menu.find, menu.talk, menu.language]);
    });

    it('the count resets after an understood message', async () => {
      const bot = createTestBot();
      await bot.say(conversationUpdate(['user']));
      await bot.say('purple monkey dishwasher');
      await bot.say(menu.talk);
      const replies = await bot.say('zxcvb qwerty');
      expect(allText(replies)).not.to.include(content.text.fallback.repeated);
    });

    it('works the same when nothing was waiting for an answer', async () => {
      const bot = createTestBot();
      const replies = await bot.say('purple monkey dishwasher');
      expect(allText(replies)).to.include(content.text.fallback.first);
    });
  });
});

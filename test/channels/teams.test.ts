import type { Activity } from 'botbuilder';
import { expect } from 'chai';
import { choiceMessage } from '../../src/replies/render.js';
import { actionSets, allText, buttons, callTargets, content, createTestBot, crisisResponses } from '../helpers/testBot.js';

const menu = content.text.menu;
const adaptive = (a: Partial<Activity>) => (a.attachments ?? []).filter((x) => x.contentType === 'application/vnd.microsoft.card.adaptive');

/** A message the way Teams sends it: the bot is @mentioned in text and in entities. */
function teamsMessage(text: string): Partial<Activity> {
  return {
    type: 'message',
    text: `<at>Recovery Guide</at> ${text}`,
    entities: [{ type: 'mention', text: '<at>Recovery Guide</at>', mentioned: { id: 'bot', name: 'Recovery Guide' } }],
    recipient: { id: 'bot', name: 'Recovery Guide' },
  };
}

describe('Teams rendering', () => {
  it('offers choices as an Adaptive Card with Action.Submit, never suggested actions', async () => {
    const bot = createTestBot({ channelId: 'msteams' });
    const replies = await bot.say('hi');
    const menuReply = replies.find((r) => adaptive(r).length > 0)!;
    expect(menuReply.suggestedActions).to.equal(undefined);
    const actions = actionSets(adaptive(menuReply)[0]!.content).flat();
    expect(actions.map((a) => a.type)).to.deep.equal(['Action.Submit', 'Action.Submit', 'Action.Submit', 'Action.Submit']);
    expect(actions.map((a) => a.data)).to.deep.equal([{ choice: menu.learn }, { choice: menu.find }, { choice: menu.talk }, { choice: menu.language }]);
    for (const r of replies) expect(r.suggestedActions).to.equal(undefined);
  });

  it('understands a card submit (activity.value) at every prompt', async () => {
    const bot = createTestBot({ channelId: 'msteams' });
    await bot.say('hi');
    let replies = await bot.say({ type: 'message', value: { choice: menu.learn } });
    expect(buttons(replies)).to.include('Group therapy');
    replies = await bot.say({ type: 'message', value: { choice: 'Group therapy' } });
    expect(allText(replies)).to.include(content.topic('group_therapy').summary);
    replies = await bot.say({ type: 'message', value: { choice: content.text.learn.tellMore } });
    expect(allText(replies)).to.include(content.topic('group_therapy').more[0]!);
  });

  it('removes the @mention before understanding the message', async () => {
    const bot = createTestBot({ channelId: 'msteams' });
    await bot.say('hi');
    const replies = await bot.say(teamsMessage('what is group therapy?'));
    expect(allText(replies)).to.include(content.topic('group_therapy').summary);
    expect(allText(replies)).not.to.include('<at>');
  });

  it('prints phone numbers as text, with an Action.OpenUrl call button (+ written %2B)', async () => {
    const bot = createTestBot({ channelId: 'msteams' });
    await bot.say('hi');
    const replies = await bot.say({ type: 'message', value: { choice: menu.talk } });
    expect(allText(replies)).to.include('833-820-2922');
    expect(callTargets(replies)).to.deep.equal(['tel:%2B18338202922']);
  });

  it('a crisis on Teams shows 988 as text, a call button for each number, and keeps "Get help now" as a card button', async () => {
    const bot = createTestBot({ channelId: 'msteams' });
    await bot.say('hi');
    const replies = await bot.say(teamsMessage('i want to kill myself'));
    expect(replies[0]?.text).to.include('988');
    expect(callTargets([replies[0]!])).to.deep.equal(['tel:988', 'tel:%2B18338202922']);
    const later = await bot.say({ type: 'message', value: { choice: crisisResponses.followUp.safe } });
    expect(buttons(later)).to.include(crisisResponses.followUp.getHelpNow);
    for (const r of later) expect(r.suggestedActions).to.equal(undefined);
  });

  it('a crisis on Teams shows each number as a tel: link in the words too, in the message and on the card', async () => {
    // Teams desktop and web often do nothing when a card button opens a tel: URL; a link in the text works everywhere.
    const bot = createTestBot({ channelId: 'msteams' });
    await bot.say('hi');
    const [crisis] = await bot.say(teamsMessage('i want to kill myself'));
    expect(crisis!.textFormat).to.equal('markdown');
    expect(crisis!.text).to.include('Call or text 988: [988](tel:988)').and.include('[833-820-2922](tel:%2B18338202922)');
    const card = adaptive(crisis!)[0]!.content as { body: Array<{ type: string; text: string }> };
    expect(card.body.map((b) => b.text)).to.deep.equal(['Call or text 988: [988](tel:988)', 'Our 24/7 helpline: [833-820-2922](tel:%2B18338202922)']);
    expect(callTargets([crisis!])).to.deep.equal(['tel:988', 'tel:%2B18338202922']);

    const [emergency] = await createTestBot({ channelId: 'msteams' }).say("my friend took too much and isn't breathing");
    expect(emergency!.text).to.include('Call 911: [911](tel:911)');
    const [others] = await createTestBot({ channelId: 'msteams' }).say("i'm going to hurt him");
    expect(others!.text).to.include('[911](tel:911)').and.include('Call or text 988: [988](tel:988)');
  });

  it('other channels keep the numbers as plain words beside their call buttons', async () => {
    const [crisis] = await createTestBot({ channelId: 'webchat' }).say('i want to kill myself');
    expect(crisis!.text).to.include('Call or text 988: 988').and.not.include('](tel:');
  });

  it('other channels get suggested actions and tel: buttons', async () => {
    const msg = choiceMessage('webchat', 'Pick one', ['A', 'B']);
    expect(msg.suggestedActions?.actions.map((a) => a.title)).to.deep.equal(['A', 'B']);
    expect(msg.attachments ?? []).to.have.length(0);
  });
});

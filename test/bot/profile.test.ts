import { expect } from 'chai';
import type { Profile } from '../../src/domain/profile/profile.js';
import { FixedProfileAssessment } from '../helpers/fixedProfileAssessment.js';
import { allText, buttons, content, createTestBot } from '../helpers/testBot.js';

/** Labels and texts from data/ (they used to be constants in the dialogs). */
const FORGET_NO = content.messages.forgetMe.no;
const FORGET_YES = content.messages.forgetMe.yes;

const profile: Profile = { careStage: 'finished_detox', workShift: 'night', payment: 'medicaid', location: { zip: '43205', city: 'Columbus', state: 'OH', latitude: 39.95, longitude: -82.96 } };

async function withProfile() {
  const bot = createTestBot({ extraDialogs: ({ accessors }) => [new FixedProfileAssessment(accessors, profile)] });
  await bot.say('hi');
  await bot.say(content.text.menu.find);
  return bot;
}

const storedProfile = async (bot: Awaited<ReturnType<typeof withProfile>>) => {
  const items = await bot.storage.read(['test/conversations/conv-1/']);
  return (Object.values(items)[0] as { profile?: Profile } | undefined)?.profile;
};

describe('what the bot knows', () => {
  it('"what do you know about me" shows the profile in plain words', async () => {
    const bot = await withProfile();
    const text = allText(await bot.say('what do you know about me'));
    expect(text).to.include('you have finished detox');
    expect(text).to.include('Work shift: night');
    expect(text).to.include('Payment: medicaid');
    expect(text).to.include('Columbus OH 43205');
    expect(text).to.include('forget me');
  });

  it('says so when it knows nothing', async () => {
    const bot = createTestBot();
    await bot.say('hi');
    expect(allText(await bot.say('what do you know about me'))).to.include("don't know anything about you");
  });

  it('"forget me" asks once, then deletes the profile from storage at once', async () => {
    const bot = await withProfile();
    expect(await storedProfile(bot)).to.deep.include({ careStage: 'finished_detox' });
    const ask = await bot.say('forget me');
    expect(buttons(ask)).to.deep.equal([FORGET_YES, FORGET_NO]);
    const done = await bot.say(FORGET_YES);
    expect(allText(done)).to.include("I've erased everything");
    expect(done.filter((a) => (a.suggestedActions?.actions ?? []).some((x) => x.title === content.text.menu.learn))).to.have.length(1);
    expect(await storedProfile(bot)).to.equal(undefined);
    expect(allText(await bot.say('what do you know about me'))).to.include("don't know anything about you");
  });

  it('"No, keep it" keeps everything', async () => {
    const bot = await withProfile();
    await bot.say('please delete my data');
    await bot.say(FORGET_NO);
    expect(await storedProfile(bot)).to.deep.include({ careStage: 'finished_detox' });
  });
});

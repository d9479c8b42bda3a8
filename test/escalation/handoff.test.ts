import { MemoryStorage, TurnContext, type Activity } from 'botbuilder';
import { expect } from 'chai';
import { CallbackQueue } from '../../src/domain/callbacks/queueStore.js';
import type { Profile } from '../../src/domain/profile/profile.js';
import { describeProfile } from '../../src/domain/profile/profileSummary.js';
import { allText, buttons, callTargets, content } from '../helpers/testBot.js';
import { createEscalationBot, ManualClock, openQueue, tempDir } from './escalationBot.js';

/** Labels and texts from data/ (they used to be constants in the dialogs). */
const TALK_CHOICES = content.messages.talk;
const SHARE_NO = content.messages.handoff.shareNo;
const SHARE_YES = content.messages.handoff.shareYes;
const HANDOFF_TEXT = content.messages.handoff;

const menu = content.text.menu;
const menuButtons = [menu.learn, menu.find, menu.talk, menu.language];
const HELPLINE_TEL = 'tel:+18338202922';
const status = (state: string, extra: Record<string, unknown> = {}): Partial<Activity> => ({ type: 'event', name: 'handoff.status', value: { state, ...extra } });
const initiations = (replies: Partial<Activity>[]) => replies.filter((a) => a.type === 'event' && a.name === 'handoff.initiate');

describe('live agent handoff', () => {
  let cleanup: () => Promise<void>;
  let queue: CallbackQueue;
  let clock: ManualClock;
  beforeEach(async () => {
    let dir: string;
    ({ dir, cleanup } = await tempDir());
    queue = await openQueue(dir);
    clock = new ManualClock();
  });
  afterEach(async () => cleanup());

  function handoffBot(options: { storage?: MemoryStorage } = {}) {
    return createEscalationBot({ queue, handoff: true, timeoutSeconds: 120, clock, storage: options.storage });
  }

  /** Stores a profile for the test conversation, as the assessment would have. */
  async function seedProfile(bot: ReturnType<typeof handoffBot>, profile: Profile): Promise<void> {
    const context = new TurnContext(bot.adapter, { ...bot.adapter.makeActivity('seed'), ...bot.adapter.template });
    await bot.accessors.setProfile(context, profile);
    await bot.accessors.state.saveChanges(context, true);
  }

  /** Hi → Talk to someone now → Chat with a person. */
  async function chat(bot: ReturnType<typeof handoffBot>) {
    await bot.say('hi');
    const talk = await bot.say(menu.talk);
    expect(callTargets(talk)).to.include(HELPLINE_TEL); // the phone line always comes first
    expect(buttons(talk)).to.deep.equal([TALK_CHOICES.callback, TALK_CHOICES.chat, content.text.learn.back]);
    return bot.say(TALK_CHOICES.chat);
  }

  it('is not offered when handoff is off: the phone line and a callback are', async () => {
    const bot = createEscalationBot({ queue, handoff: false });
    await bot.say('hi');
    const talk = await bot.say(menu.talk);
    expect(buttons(talk)).to.deep.equal([TALK_CHOICES.callback, content.text.learn.back]);
    expect(callTargets(talk)).to.include(HELPLINE_TEL);
  });

  it('with nothing to share: sends the handoff event without a summary and says it is connecting', async () => {
    const bot = handoffBot();
    const replies = await chat(bot);
    const [event, ...more] = initiations(replies);
    expect(more).to.have.length(0);
    expect(event?.value).to.deep.equal({});
    expect(event?.attachments).to.deep.equal([]); // no transcript
    expect(allText(replies)).to.include("I'm connecting you with a person").and.include('about 2 minutes').and.include('833-820-2922');
  });

  it('asks before sharing the summary; yes sends exactly the summary the person saw, never a transcript', async () => {
    const bot = handoffBot();
    const profile: Profile = { careStage: 'finished_detox', payment: 'medicaid', format: 'telehealth' };
    await seedProfile(bot, profile);
    const lines = describeProfile(profile, content.messages.summary);
    const ask = await chat(bot);
    expect(initiations(ask)).to.have.length(0); // nothing sent before the answer
    for (const line of lines) expect(allText(ask)).to.include(line);
    expect(buttons(ask)).to.deep.equal([SHARE_YES, SHARE_NO]);

    const replies = await bot.say(SHARE_YES);
    const [event] = initiations(replies);
    expect(event?.value).to.deep.equal({ summary: lines.join('\n') });
    expect(event?.attachments).to.deep.equal([]);
    expect(JSON.stringify(event)).not.to.include(TALK_CHOICES.chat); // nothing the person typed
  });

  it('no to sharing: the handoff goes ahead without the summary', async () => {
    const bot = handoffBot();
    await seedProfile(bot, { careStage: 'in_detox' });
    await chat(bot);
    const replies = await bot.say(SHARE_NO);
    const [event] = initiations(replies);
    expect(event?.value).to.deep.equal({});
    expect(allText(replies)).to.include("I'm connecting you with a person");
  });

  it('accepted: "You\'re connected", then the bot stays out of the way; completed: back to the menu', async () => {
    const bot = handoffBot();
    await chat(bot);
    const accepted = await bot.say(status('accepted'));
    expect(allText(accepted)).to.equal(HANDOFF_TEXT.connected);

    clock.advance(10 * 60 * 1000); // long past the deadline: once accepted, no fallback
    expect(await bot.say('thanks, that helps')).to.deep.equal([]);

    const completed = await bot.say(status('completed'));
    expect(allText(completed)).to.include(HANDOFF_TEXT.completed);
    expect(buttons(completed)).to.deep.equal(menuButtons);
  });

  it('failed: the phone line with its call button, then the menu', async () => {
    const bot = handoffBot();
    await chat(bot);
    const replies = await bot.say(status('failed', { message: 'no agents' }));
    expect(allText(replies)).to.include(HANDOFF_TEXT.failed);
    expect(callTargets(replies)).to.include(HELPLINE_TEL);
    expect(allText(replies)).not.to.include('no agents');
    expect(buttons(replies)).to.deep.equal(menuButtons);
  });

  it('no answer before HANDOFF_TIMEOUT_SECONDS: the next message gets the phone line', async () => {
    const bot = handoffBot();
    await chat(bot);
    clock.advance(119 * 1000);
    const waiting = await bot.say('hello?');
    expect(allText(waiting)).to.include("I'm still looking for someone");
    expect(callTargets(waiting)).to.have.length(0);

    clock.advance(1000);
    const timedOut = await bot.say('anyone there?');
    expect(allText(timedOut)).to.include(HANDOFF_TEXT.timeout);
    expect(callTargets(timedOut)).to.include(HELPLINE_TEL);
    expect(buttons(timedOut)).to.deep.equal(menuButtons);
  });

  it('the deadline is stored, not a timer: another instance sharing the storage enforces it', async () => {
    const storage = new MemoryStorage();
    const first = handoffBot({ storage });
    await chat(first);
    clock.advance(121 * 1000);
    const second = handoffBot({ storage });
    const replies = await second.say('still waiting');
    expect(allText(replies)).to.include(HANDOFF_TEXT.timeout);
    expect(callTargets(replies)).to.include(HELPLINE_TEL);
  });

  it('a malformed or unknown status is ignored and the wait goes on', async () => {
    const bot = handoffBot();
    await chat(bot);
    expect(await bot.say(status('maybe'))).to.deep.equal([]);
    expect(await bot.say({ type: 'event', name: 'handoff.status', value: 'accepted' })).to.deep.equal([]);
    const accepted = await bot.say(status('accepted', { extra: 'ignored' }));
    expect(allText(accepted)).to.equal(HANDOFF_TEXT.connected);
  });

  it('a status event with no handoff waiting does nothing (it never starts the menu)', async () => {
    const bot = handoffBot();
    expect(await bot.say(status('accepted'))).to.deep.equal([]);
    await bot.say('hi');
    expect(await bot.say(status('completed'))).to.deep.equal([]);
  });

  it('"menu" while waiting leaves the wait; a later status is ignored', async () => {
    const bot = handoffBot();
    await chat(bot);
    const replies = await bot.say('menu');
    expect(buttons(replies)).to.deep.equal(menuButtons);
    expect(await bot.say(status('failed'))).to.deep.equal([]);
  });
});

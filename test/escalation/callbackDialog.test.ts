import { readdir } from 'node:fs/promises';
import { expect } from 'chai';
import sinon from 'sinon';
import { BEST_TIME_CHOICES } from '../../src/domain/callbacks/bestTime.js';
import type { CallbackSink } from '../../src/domain/callbacks/callbackStore.js';
import type { CallbackQueue } from '../../src/domain/callbacks/queueStore.js';
import type { CallbackRecord, NewCallback } from '../../src/domain/callbacks/schema.js';
import { allText, buttons, callTargets, content } from '../helpers/testBot.js';
import { createEscalationBot, openQueue, tempDir } from './escalationBot.js';

/** Labels and texts from data/ (they used to be constants in the dialogs). */
const CONSENT_NO = content.messages.callback.consentNo;
const CONSENT_YES = content.messages.callback.consentYes;
const PHONE_RETRY = content.messages.callback.notAPhone;
const TALK_CHOICES = content.messages.talk;

const menu = content.text.menu;
const HELPLINE_TEL = 'tel:+18338202922';

describe('Request a callback', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let queue: CallbackQueue;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    queue = await openQueue(dir);
  });
  afterEach(async () => cleanup());

  /** Menu → Talk to someone now → Request a callback: returns the replies to the last step. */
  async function startCallback(bot: ReturnType<typeof createEscalationBot>) {
    await bot.say('hi');
    const talk = await bot.say(menu.talk);
    expect(callTargets(talk)).to.include(HELPLINE_TEL);
    expect(buttons(talk)).to.deep.equal([TALK_CHOICES.callback, content.text.learn.back]);
    return bot.say(TALK_CHOICES.callback);
  }

  it('number, time and yes: saved once, and the person is told honestly when to expect the call', async () => {
    const notify = sinon.stub().resolves({ delivered: true, attempts: 1 });
    const bot = createEscalationBot({ queue, notifier: { notify } });
    const ask = await startCallback(bot);
    expect(allText(ask)).to.include('phone number');

    const time = await bot.say('(312) 555-2368');
    expect(buttons(time)).to.deep.equal([...BEST_TIME_CHOICES]);

    const consent = await bot.say('Morning');
    expect(allText(consent)).to.include('(312) 555-2368').and.include('in the morning').and.include('keep your number');
    expect(buttons(consent)).to.deep.equal([CONSENT_YES, CONSENT_NO]);

    const done = await bot.say(CONSENT_YES);
    const text = allText(done);
    expect(text).to.include('Your request is saved');
    expect(text).to.include('usually within one business day');
    expect(text).to.include("If it's urgent, call 833-820-2922 now");
    expect(buttons(done)).to.include(menu.learn); // a next step: back at the menu

    const [record, ...others] = (await queue.pending());
    expect(others).to.have.length(0);
    expect(record).to.include({ phone: '+13125552368', bestTime: 'Morning', status: 'pending' });
    expect((await (await openQueue(dir)).pending())).to.deep.equal([record]);

    // The staff notice carries the id and best time only.
    expect(notify.callCount).to.equal(1);
    expect(notify.firstCall.args[0]).to.deep.equal({ id: record!.id, bestTime: 'Morning' });
  });

  it('a webhook that never answers does not hold up the conversation', async () => {
    const notify = sinon.stub().returns(new Promise(() => undefined));
    const bot = createEscalationBot({ queue, notifier: { notify } });
    await startCallback(bot);
    await bot.say('312-555-2368');
    await bot.say('Morning');
    const done = await bot.say(CONSENT_YES);
    expect(allText(done)).to.include('Your request is saved');
    expect(notify.callCount).to.equal(1);
  });

  it('an invalid number gets the kind re-ask, and the second miss adds the helpline', async () => {
    const bot = createEscalationBot({ queue });
    await startCallback(bot);
    for (const bad of ['12345', '555-123-4567', 'call me maybe']) {
      const replies = await bot.say(bad);
      expect(allText(replies), bad).to.include(PHONE_RETRY);
      expect(allText(replies), bad).to.include('833-820-2922');
    }
    const time = await bot.say('312.555.2368');
    expect(buttons(time)).to.deep.equal([...BEST_TIME_CHOICES]);
  });

  it('no to consent: nothing is saved, and the phone line is offered', async () => {
    const bot = createEscalationBot({ queue });
    await startCallback(bot);
    await bot.say('312-555-2368');
    await bot.say('Evening');
    const replies = await bot.say(CONSENT_NO);
    expect(allText(replies)).to.include("I haven't saved your number");
    expect(callTargets(replies)).to.include(HELPLINE_TEL);
    expect((await queue.count())).to.equal(0);
    expect(await readdir(dir)).to.deep.equal([]); // not even a file
  });

  it('a typed "no" works like the button', async () => {
    const bot = createEscalationBot({ queue });
    await startCallback(bot);
    await bot.say('312-555-2368');
    await bot.say('Afternoon');
    const replies = await bot.say('no');
    expect(allText(replies)).to.include("I haven't saved your number");
    expect((await queue.count())).to.equal(0);
  });

  it('typed answers are kept as answers, not taken for questions ("my number is…", "tomorrow morning", "yes please")', async () => {
    const bot = createEscalationBot({ queue });
    await startCallback(bot);
    const time = await bot.say('my number is 312 555 2368');
    expect(buttons(time)).to.deep.equal([...BEST_TIME_CHOICES]);
    const consent = await bot.say('tomorrow morning');
    expect(allText(consent)).to.include('at the time you gave ("tomorrow morning")');
    const done = await bot.say('yes please call me');
    expect(allText(done)).to.include('Your request is saved');
    expect((await queue.pending())[0]).to.include({ bestTime: 'tomorrow morning' });
  });

  it('"call me back" in the middle is not a new request: the question is asked again', async () => {
    const bot = createEscalationBot({ queue });
    await startCallback(bot);
    await bot.say('312-555-2368');
    const replies = await bot.say('please call me back');
    expect(allText(replies)).to.include('Tap a time');
    expect(allText(replies)).not.to.include('phone number');
    const consent = await bot.say('Evening');
    expect(buttons(consent)).to.deep.equal([CONSENT_YES, CONSENT_NO]);
  });

  it('a real question in the middle is answered, then the same question is asked again', async () => {
    const bot = createEscalationBot({ queue });
    await startCallback(bot);
    const replies = await bot.say('how much does it cost?');
    expect(allText(replies)).to.include(content.text.cost[0]);
    expect(allText(replies)).to.include('phone number');
    const time = await bot.say('312-555-2368');
    expect(buttons(time)).to.deep.equal([...BEST_TIME_CHOICES]);
  });

  it('"cancel" stops it and nothing is saved', async () => {
    const bot = createEscalationBot({ queue });
    await startCallback(bot);
    await bot.say('312-555-2368');
    const replies = await bot.say('cancel');
    expect(allText(replies)).to.include(content.text.cancelled);
    expect((await queue.count())).to.equal(0);
  });

  it('a typed request from the menu starts it too', async () => {
    const bot = createEscalationBot({ queue });
    await bot.say('hi');
    const replies = await bot.say('can someone call me back');
    expect(allText(replies)).to.include('phone number');
  });

  it('the confirmation is sent only after the queue acknowledged the write', async () => {
    let sentBeforeAck: string | undefined;
    let bot: ReturnType<typeof createEscalationBot>;
    const sink: CallbackSink = {
      add: async (request: NewCallback): Promise<CallbackRecord> => {
        sentBeforeAck = allText(bot.adapter.activeQueue);
        await new Promise((resolve) => setImmediate(resolve));
        return { id: '7d0f3c2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f', phone: request.phone, bestTime: request.bestTime, consentAt: request.consentAt.toISOString(), createdAt: request.consentAt.toISOString(), status: 'pending' };
      },
    };
    bot = createEscalationBot({ queue: sink });
    await startCallback(bot);
    await bot.say('312-555-2368');
    await bot.say('Morning');
    const done = await bot.say(CONSENT_YES);
    expect(sentBeforeAck).to.equal('');
    expect(allText(done)).to.include('Your request is saved');
  });

  it('when saving fails: no promise of a call, an apology and the phone line', async () => {
    const sink: CallbackSink = { add: async () => Promise.reject(new Error('disk full')) };
    const notify = sinon.stub().resolves({ delivered: true, attempts: 1 });
    const bot = createEscalationBot({ queue: sink, notifier: { notify } });
    await startCallback(bot);
    await bot.say('312-555-2368');
    await bot.say('Morning');
    const replies = await bot.say(CONSENT_YES);
    expect(allText(replies)).not.to.include('Your request is saved');
    expect(allText(replies)).to.include("couldn't save your request");
    expect(callTargets(replies)).to.include(HELPLINE_TEL);
    expect(notify.callCount).to.equal(0);
  });

  it('works on Teams: every choice is a card button, and the number is read back as text', async () => {
    const bot = createEscalationBot({ queue, channelId: 'msteams' });
    const tap = (choice: string) => bot.say({ type: 'message', value: { choice } });
    await bot.say('hi');
    const talk = await tap(menu.talk);
    expect(buttons(talk)).to.deep.equal([TALK_CHOICES.callback, content.text.learn.back]);
    await tap(TALK_CHOICES.callback);
    const time = await bot.say('312-555-2368');
    expect(buttons(time)).to.deep.equal([...BEST_TIME_CHOICES]);
    const consent = await tap('Evening');
    expect(buttons(consent)).to.deep.equal([CONSENT_YES, CONSENT_NO]);
    expect(allText(consent)).to.include('(312) 555-2368');
    for (const r of [...talk, ...time, ...consent]) expect(r.suggestedActions).to.equal(undefined);
    const done = await tap(CONSENT_YES);
    expect(allText(done)).to.include('Your request is saved');
    expect((await queue.pending())[0]).to.include({ bestTime: 'Evening' });
  });

  it('without handoff, "Chat with a person" is not offered', async () => {
    const bot = createEscalationBot({ queue, handoff: false });
    await bot.say('hi');
    const replies = await bot.say(menu.talk);
    expect(allText(replies)).not.to.include(TALK_CHOICES.chat);
    expect(callTargets(replies)).to.include(HELPLINE_TEL);
  });

  it('"Back to menu" goes back to the menu', async () => {
    const bot = createEscalationBot({ queue });
    await bot.say('hi');
    await bot.say(menu.talk);
    const replies = await bot.say(content.text.learn.back);
    expect(buttons(replies)).to.deep.equal([menu.learn, menu.find, menu.talk, menu.language]);
  });
});

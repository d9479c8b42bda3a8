import type { Activity } from 'botbuilder';
import { ConversationState, MemoryStorage } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { expect } from 'chai';
import { listeningTexts } from '../../src/domain/listening/texts.js';
import { AssessmentDialog, type AssessmentResult } from '../../dialogs/assessmentDialog.js';
import { fill } from '../../src/domain/assessment/confirmation.js';
import { ConversationAccessors } from '../../src/turn/conversationData.js';
import { evaluateGuidance, type Guidance } from '../../src/domain/guidance/careRules.js';
import type { Profile } from '../../src/domain/profile/profile.js';
import {
  AssessmentParent,
  buttonsOf,
  checkTaps,
  content,
  createBotHarness,
  FakeSuggestions,
  lastMessage,
  m,
  q,
  questionShown,
  TAPS,
  texts,
  walkTo,
  type BotHarness,
} from './harness.js';

const helplineTel = content.text.helpline.tel;
const guidanceFor = (profile: Profile): Guidance => evaluateGuidance(profile, undefined, { helplineNumber: content.text.helpline.display });

/** True when the turn offered the helpline as a call button. */
function hasHelpline(turn: readonly Partial<Activity>[]): boolean {
  return turn.some((a) =>
    (a.attachments ?? []).some((att) => {
      const card = att.content as { buttons?: Array<{ value?: string }> } | undefined;
      return (card?.buttons ?? []).some((b) => b.value === helplineTel);
    }),
  );
}

/** The guidance the stored profile leads to was shown: title and every explanation. */
function expectGuidanceShown(turn: readonly Partial<Activity>[], guidance: Guidance): void {
  const said = texts(turn);
  const [first, ...rest] = guidance.explanation;
  expect(said).to.include(`**${guidance.title}**\n\n${first}`);
  for (const line of rest) expect(said).to.include(line);
}

const asked = (turn: readonly Partial<Activity>[]) => questionShown(lastMessage(turn));

async function open(h: BotHarness): Promise<Partial<Activity>[]> {
  await h.say('hi');
  return h.say('Find a program');
}

/** Answers whatever is asked with its tap until the assessment ends; returns every question asked. */
async function tapToEnd(h: BotHarness, first: Partial<Activity>[]): Promise<{ asked: string[]; last: Partial<Activity>[] }> {
  const seen: string[] = [];
  let turn = first;
  for (let i = 0; i < 40; i++) {
    const shown = asked(turn);
    if (shown === undefined || shown === 'resume' || shown === 'detoxOffer') return { asked: seen, last: turn };
    seen.push(shown);
    turn = await h.say(shown === 'picking' ? m.doneLabel : TAPS[shown]);
  }
  throw new Error('the assessment did not end');
}

describe('assessment dialog, through the whole bot', () => {
  it('the test taps are real buttons', () => {
    expect(checkTaps()).to.deep.equal([]);
  });

  it('"Find a program" opens it with a short intro and the first question with buttons', async () => {
    const h = createBotHarness();
    const turn = await open(h);
    expect(texts(turn)).to.include(m.intro);
    expect(asked(turn)).to.equal('careStage');
    expect(buttonsOf(lastMessage(turn))).to.deep.equal([...q.careStage.options.map((o) => o.label), m.skipLabel]);
  });

  it('a typed request ("help me find an IOP") opens it too', async () => {
    const h = createBotHarness();
    await h.say('hi');
    expect(asked(await h.say('help me find an IOP'))).to.equal('careStage');
  });

  it('tap path: every question once, in order, then the guidance and the helpline', async () => {
    const h = createBotHarness();
    const { asked: order, last } = await tapToEnd(h, await open(h));
    expect(order).to.deep.equal([
      'careStage', 'heavyUse', 'symptomsWhenStopping', 'pastSeizuresOrDts', 'readiness', 'responsibilities', 'picking',
      'workShift', 'transport', 'homeSafe', 'availability', 'picking', 'format', 'payment', 'language', 'location',
      'ageGroup', 'interests', 'picking', 'coOccurring',
    ]);
    const profile = await h.profile();
    expect(profile).to.deep.equal({
      careStage: 'not_started',
      withdrawal: { heavyUse: false, symptomsWhenStopping: false, pastSeizuresOrDts: false },
      readiness: 'preparation',
      responsibilities: ['full_time_job'],
      workShift: 'day',
      transport: 'car',
      homeSafe: 'yes',
      availability: ['evenings'],
      format: 'either',
      payment: 'medicaid',
      language: 'en',
      location: { zip: '97201', city: 'Portland', state: 'OR', latitude: 45.5078, longitude: -122.6897 },
      ageGroup: 'adult',
      interests: ['yoga'],
      coOccurring: false,
    });
    const guidance = guidanceFor(profile);
    expect(guidance.ruleIds).to.deep.equal(['responsibilities_flexible_iop']);
    expectGuidanceShown(last, guidance);
    // No suggestions dialog yet: the helpline, then back to the menu.
    expect(hasHelpline(last)).to.equal(true);
    expect(lastMessage(last)?.text).to.equal(content.text.menu.again);
  });

  it('free-text path: one message fills several answers, is confirmed, and those questions are skipped', async () => {
    const h = createBotHarness();
    const first = await h.say('hi').then(() => h.say('Find a program'));
    expect(asked(first)).to.equal('careStage');
    const turn = await h.say('I work nights and have two kids, no car');
    expect(texts(turn)[0]).to.equal("Got it: you care for children or family, you work nights, and you don't have a car.");
    expect(asked(turn)).to.equal('careStage');
    const afterStage = await h.say("I'm leaving residential rehab next week");
    expect(texts(afterStage)[0]).to.equal("Got it: you're leaving residential rehab.");
    const { asked: order } = await tapToEnd(h, afterStage);
    expect(order).to.not.include.members(['workShift', 'transport', 'heavyUse']);
    // Children were said in passing: the question is asked as "anything else?".
    expect(order.slice(0, 2)).to.deep.equal(['readiness', 'picking']);
    const profile = await h.profile();
    expect(profile).to.include({ workShift: 'night', transport: 'none', careStage: 'leaving_residential' });
    expect(profile.responsibilities).to.deep.equal(['caregiving']);
  });

  it('"evenings and weekends" answers the several-answer question in one go', async () => {
    const h = createBotHarness();
    await walkTo(h, 'availability');
    const turn = await h.say('evenings and weekends');
    expect(texts(turn)[0]).to.equal('Got it: evenings and weekends work for you.');
    expect(asked(turn)).to.equal('format');
    expect((await h.profile()).availability).to.deep.equal(['evenings', 'weekends']);
  });

  it('several taps, then "Done"; picked buttons are not offered again; "None of these" ends at once', async () => {
    const h = createBotHarness();
    await walkTo(h, 'interests');
    const one = await h.say('Art');
    expect(asked(one)).to.equal('picking');
    expect(buttonsOf(lastMessage(one))).to.not.include('Art');
    expect(buttonsOf(lastMessage(one))).to.include(m.doneLabel);
    await h.say('Music');
    expect(asked(await h.say(m.doneLabel))).to.equal('coOccurring');
    expect((await h.profile()).interests).to.deep.equal(['art', 'music']);

    const h2 = createBotHarness();
    await walkTo(h2, 'interests');
    expect(asked(await h2.say('None of these'))).to.equal('coOccurring');
    expect((await h2.profile()).interests).to.deep.equal([]);
  });

  for (const screen of ['heavyUse', 'symptomsWhenStopping', 'pastSeizuresOrDts'] as const) {
    it(`withdrawal stop at "${screen}": detox-first guidance and the helpline now, no IOP questions`, async () => {
      const h = createBotHarness();
      await walkTo(h, screen);
      const turn = await h.say('Yes');
      const profile = await h.profile();
      expect(profile.withdrawal?.[screen]).to.equal(true);
      const guidance = guidanceFor(profile);
      expect(guidance.iopAllowed).to.equal(false);
      expect(guidance.urgeHelplineNow).to.equal(true);
      expectGuidanceShown(turn, guidance);
      expect(hasHelpline(turn)).to.equal(true);
      expect(asked(turn)).to.equal('detoxOffer');
      expect(buttonsOf(lastMessage(turn))).to.deep.equal([m.detoxFind, m.detoxNotNow]);

      // Going on looks only for detox: where they are and how they'd pay, then the helpline.
      expect(asked(await h.say(m.detoxFind))).to.equal('location');
      expect(asked(await h.say('97201'))).to.equal('payment');
      const end = await h.say('Medicaid');
      expect(texts(end).some((t) => t.startsWith(m.detoxNoSuggestions))).to.equal(true);
      expect(hasHelpline(end)).to.equal(true);
      expect(lastMessage(end)?.text).to.equal(content.text.menu.again);
      expect(await h.profile()).to.not.have.property('readiness');
    });
  }

  it('withdrawal stop from free text before any screen question ("I drink a fifth every day")', async () => {
    const h = createBotHarness();
    await open(h);
    const turn = await h.say('I drink a fifth every day');
    expect(guidanceFor(await h.profile()).iopAllowed).to.equal(false);
    expect(hasHelpline(turn)).to.equal(true);
    expect(asked(turn)).to.equal('detoxOffer');
  });

  it('"Not now" after the detox guidance ends kindly, without IOP questions', async () => {
    const h = createBotHarness();
    await walkTo(h, 'detoxOffer');
    const turn = await h.say(m.detoxNotNow);
    expect(texts(turn)).to.include(m.detoxNotNowReply);
    expect(lastMessage(turn)?.text).to.equal(content.text.menu.again);
  });

  it('"back" from the detox offer lets a mistaken "yes" be corrected, and the IOP questions resume', async () => {
    const h = createBotHarness();
    await walkTo(h, 'detoxOffer');
    const back = await h.say('back');
    expect(texts(back)).to.include(m.backTo);
    expect(asked(back)).to.equal('heavyUse');
    expect(asked(await h.say('No'))).to.equal('symptomsWhenStopping');
  });

  it('in detox now: the screen is still asked', async () => {
    const h = createBotHarness();
    await open(h);
    expect(asked(await h.say('In detox now'))).to.equal('heavyUse');
  });

  it('already in an IOP: no withdrawal screen, no readiness, and guidance about what comes next', async () => {
    const h = createBotHarness();
    await open(h);
    const { asked: order, last } = await tapToEnd(h, await h.say('In an IOP now'));
    expect(order).to.not.include.members(['heavyUse', 'symptomsWhenStopping', 'pastSeizuresOrDts', 'readiness']);
    expect(order[0]).to.equal('responsibilities');
    const guidance = guidanceFor(await h.profile());
    expect(guidance.ruleIds[0]).to.equal('in_iop_aftercare');
    expectGuidanceShown(last, guidance);
  });

  for (const stage of ['Finished detox', 'Finishing a day program (PHP)', 'Leaving residential rehab']) {
    it(`stepping down ("${stage}"): no withdrawal screen, guidance about stepping down to an IOP`, async () => {
      const h = createBotHarness();
      await open(h);
      const { asked: order, last } = await tapToEnd(h, await h.say(stage));
      expect(order[0]).to.equal('readiness');
      expect(order).to.not.include('heavyUse');
      const guidance = guidanceFor(await h.profile());
      expect(guidance.ruleIds[0]).to.equal('stepping_down_to_iop');
      expectGuidanceShown(last, guidance);
    });
  }

  it('"skip" moves on and the question is not asked again; skipping where they are still asks the safety screen', async () => {
    const h = createBotHarness();
    await open(h);
    const turn = await h.say('skip');
    expect(texts(turn)).to.include(m.skipped);
    expect(asked(turn)).to.equal('heavyUse');
    const { asked: order } = await tapToEnd(h, turn);
    expect(order).to.not.include('careStage');
    expect(await h.profile()).to.not.have.property('careStage');
  });

  it('the "Skip" button on a several-answer question skips it', async () => {
    const h = createBotHarness();
    await walkTo(h, 'responsibilities');
    const turn = await h.say(m.skipLabel);
    expect(asked(turn)).to.equal('transport'); // no job, so no shift question
    expect(await h.profile()).to.not.have.property('responsibilities');
  });

  it('"back" re-asks the previous question and clears its answer; at the first question it says so', async () => {
    const h = createBotHarness();
    await open(h);
    const atFirst = await h.say('back');
    expect(texts(atFirst)).to.include(m.backAtFirst);
    expect(asked(atFirst)).to.equal('careStage');
    await h.say('Finished detox');
    await h.say('Getting ready');
    const back = await h.say('go back');
    expect(asked(back)).to.equal('readiness');
    expect(await h.profile()).to.deep.equal({ careStage: 'finished_detox' });
    const back2 = await h.say('back');
    expect(asked(back2)).to.equal('careStage');
    expect(asked(await h.say('Not sure'))).to.equal('heavyUse');
  });

  it('contradictory answers: the latest wins and the bot says so', async () => {
    const h = createBotHarness();
    await walkTo(h, 'workShift');
    await h.say('I work days');
    const turn = await h.say('I have a car. Sorry, I actually work nights');
    expect(texts(turn)[0]).to.equal("Got it: you work nights and you have a car. You said day shift before; I've changed it to nights.");
    expect((await h.profile()).workShift).to.equal('night');
  });

  it('a misunderstood answer is asked again with examples, then with buttons only; two in a row bring up the helpline and what the bot can do', async () => {
    const h = createBotHarness();
    await walkTo(h, 'transport');
    const buttons = [...q.transport.options.map((o) => o.label), m.skipLabel];

    const once = await h.say('purple');
    const examples = fill(m.retryLead, { examples: `${q.transport.examples[0]} or ${q.transport.examples[1]}` });
    expect(lastMessage(once)?.text).to.equal(`${examples}\n\n${q.transport.text}`);
    expect(buttonsOf(lastMessage(once))).to.deep.equal(buttons);

    const twice = await h.say('purple again');
    expect(lastMessage(twice)?.text).to.equal(m.buttonsOnly);
    expect(buttonsOf(lastMessage(twice))).to.deep.equal(buttons);
    // Two misunderstandings in a row, anywhere (#16): the helpline, and what the bot can help with.
    expect(hasHelpline(twice)).to.equal(true);
    expect(texts(twice).join('\n')).to.include(fill(listeningTexts().notUnderstoodTwice, { helpline: content.text.helpline.display }));

    const thrice = await h.say('still purple');
    expect(hasHelpline(thrice)).to.equal(true);
    expect(lastMessage(thrice)?.text).to.equal(m.buttonsOnly);

    // A good answer resets the count.
    expect(asked(await h.say('I take the bus'))).to.equal('homeSafe');
    expect(lastMessage(await h.say('hmm'))?.text).to.include(q.homeSafe.examples[0]);
  });

  it('ZIP codes and cities: unknown ZIP, ambiguous city, unknown place, then a city it can place', async () => {
    const h = createBotHarness();
    await walkTo(h, 'location');
    expect(lastMessage(await h.say('00000'))?.text).to.equal(m.zipUnknown);
    expect(lastMessage(await h.say('Portland'))?.text).to.equal(fill(m.placeAmbiguous, { city: 'Portland', state: 'OR' }));
    expect(lastMessage(await h.say('Xyzzyville'))?.text).to.equal(m.placeUnknown);
    const found = await h.say('Portland, OR');
    expect(texts(found)[0]).to.equal("Got it: you're near Portland, OR.");
    expect(asked(found)).to.equal('ageGroup');
    const location = (await h.profile()).location;
    expect(location).to.include({ city: 'Portland', state: 'OR' });
    expect(location?.latitude).to.be.closeTo(45.52, 0.1);
  });

  it('a valid ZIP code is kept with its coordinates', async () => {
    const h = createBotHarness();
    await walkTo(h, 'location');
    await h.say('10001');
    expect((await h.profile()).location).to.deep.include({ zip: '10001', state: 'NY' });
  });

  it('"Another language" asks which one', async () => {
    const h = createBotHarness();
    await walkTo(h, 'language');
    const turn = await h.say('Another language');
    expect(lastMessage(turn)?.text).to.equal(m.languageOther);
    expect(asked(await h.say('Korean'))).to.equal('location');
    expect((await h.profile()).language).to.equal('ko');
  });

  it('"not sure" on the safety screen is okay, points to someone who can check, and moves on', async () => {
    const h = createBotHarness();
    await walkTo(h, 'heavyUse');
    const turn = await h.say('Not sure');
    expect(texts(turn)).to.include(fill(m.withdrawalNotSure, { helpline: content.text.helpline.display }));
    expect(asked(turn)).to.equal('symptomsWhenStopping');
  });

  it('"what do you know about me" mid-assessment lists the answers so far, then asks the same question', async () => {
    const h = createBotHarness();
    await walkTo(h, 'transport');
    const turn = await h.say('what do you know about me');
    expect(texts(turn)[0]).to.include('Where you are: you have not started treatment yet');
    expect(texts(turn)[0]).to.include('Work shift: day');
    expect(asked(turn)).to.equal('transport');
  });

  it('coming back later offers the earlier answers; "Use my answers" asks only what is missing', async () => {
    const h = createBotHarness();
    const turn = await walkTo(h, 'resume');
    expect(asked(turn)).to.equal('resume');
    expect(asked(await h.say('Use my answers'))).to.equal('heavyUse');

    const h2 = createBotHarness();
    await walkTo(h2, 'resume');
    expect(asked(await h2.say('Start fresh'))).to.equal('careStage');
    expect(await h2.profile()).to.deep.equal({});
  });

  it('with a suggestions dialog registered, it ends without the helpline unless the guidance urges it', async () => {
    const h = createBotHarness({ withSuggestions: true });
    await open(h);
    const { last } = await tapToEnd(h, await h.say('Finished detox'));
    expect(guidanceFor(await h.profile()).urgeHelplineNow).to.equal(false);
    expect(hasHelpline(last)).to.equal(false);
    // The root goes on to the suggestions.
    expect(texts(last)).to.include('FAKE SUGGESTIONS');
  });

  it('never stores what people type, only the profile fields', async () => {
    const h = createBotHarness();
    await walkTo(h, 'careStage');
    await h.say('I work nights and my dog Zanzibar hates the bus');
    await h.say('Zanzibar');
    await h.say('Portland, OR Zanzibar');
    expect(JSON.stringify(h.storage)).to.not.match(/zanzibar/i);
    expect(JSON.stringify(h.storage)).to.match(/night/);
  });

  it('on Teams the buttons are an Adaptive Card, and a card submit answers', async () => {
    const h = createBotHarness({ channelId: 'msteams' });
    await h.say('hi');
    const turn = await h.say('Find a program');
    const card = lastMessage(turn)?.attachments?.[0];
    expect(card?.contentType).to.equal('application/vnd.microsoft.card.adaptive');
    expect(asked(await h.say({ type: 'message', value: { choice: 'Finished detox' } }))).to.equal('readiness');
  });
});

/** Every reply to one message, with the dialog alone. */
async function turnOf(client: DialogTestClient, message: string): Promise<string[]> {
  const replies: string[] = [];
  let reply = (await client.sendActivity(message)) as Partial<Activity> | undefined;
  while (reply) {
    replies.push(reply.text ?? '');
    reply = client.getNextReply() as Partial<Activity> | undefined;
  }
  return replies;
}

describe('assessment dialog on its own', () => {
  let storage = new MemoryStorage();
  const make = (withSuggestions: boolean) => {
    storage = new MemoryStorage();
    const state = new ConversationState(storage);
    const accessors = new ConversationAccessors(state);
    const dialog = new AssessmentDialog({ accessors, content });
    const parent = new AssessmentParent(dialog, withSuggestions ? [new FakeSuggestions()] : []);
    return new DialogTestClient('test', parent, undefined, [], state);
  };

  it('"start over" clears the answers and starts again from the first question', async () => {
    const client = make(false);
    await turnOf(client, 'hi');
    await turnOf(client, 'Finished detox');
    await turnOf(client, 'I work nights');
    expect(JSON.stringify(storage)).to.match(/workShift/);
    const replies = await turnOf(client, 'start over');
    expect(replies).to.deep.equal([m.startedOver, q.careStage.text]);
    expect(JSON.stringify(storage)).to.not.match(/workShift|finished_detox/);
    // And the questions really start again: the screen follows a fresh answer.
    expect(await turnOf(client, 'Not sure')).to.deep.equal([q.heavyUse.text]);
  });

  it('ends asking the root to proceed to suggestions when that dialog exists', async () => {
    const client = make(true);
    await turnOf(client, 'hi');
    let replies = await turnOf(client, 'In an IOP now');
    for (let i = 0; i < 30 && client.dialogTurnResult.status !== 'complete'; i++) {
      const shown = q.responsibilities.text === replies.at(-1) ? 'None of these' : undefined;
      replies = await turnOf(client, shown ?? 'skip');
    }
    expect(client.dialogTurnResult.status).to.equal('complete');
    expect(client.dialogTurnResult.result).to.deep.equal({ proceedTo: 'suggestions', detoxOnly: false, completed: true } satisfies AssessmentResult);
  });

  it('ends without going on to suggestions, after the helpline, when there is no suggestions dialog', async () => {
    const client = make(false);
    await turnOf(client, 'hi');
    await turnOf(client, 'In an IOP now');
    for (let i = 0; i < 30 && client.dialogTurnResult.status !== 'complete'; i++) await turnOf(client, 'skip');
    expect(client.dialogTurnResult.result).to.deep.equal({ detoxOnly: false, completed: true, proceedTo: undefined });
  });

  it('after the detox stop and the detox questions, proceeds to suggestions with detoxOnly', async () => {
    const client = make(true);
    await turnOf(client, 'hi');
    await turnOf(client, 'Not started / still using');
    await turnOf(client, 'Yes');
    await turnOf(client, m.detoxFind);
    await turnOf(client, '97201');
    await turnOf(client, 'skip');
    expect(client.dialogTurnResult.result).to.deep.equal({ proceedTo: 'suggestions', detoxOnly: true, completed: true });
  });
});

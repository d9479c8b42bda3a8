import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import { IntentRecognizer } from '../../src/domain/nlu/intentRecognizer.js';
import { loadAssessmentTexts } from '../../src/domain/assessment/assessmentText.js';
import { allText, buttons, callTargets, content, createTestBot, crisisResponses, riskTexts } from '../helpers/testBot.js';
import { createBotHarness, lastMessage, m, questionShown, TAPS, type BotHarness, type PromptTarget } from '../assessment/harness.js';

/**
 * Withdrawal, relapse and medication questions in whole conversations (issue #15, parts 3
 * to 5): answered first wherever they are said, then the conversation carries on where it
 * was; the words are never stored as an answer, and withdrawal (or a relapse into daily use)
 * makes the detox-first rule apply, so no IOP list comes next.
 */

const en = riskTexts.en;
const es = riskTexts.es;
const NALOXONE = /naloxone|narcan|naloxona/i;
const HELPLINE_TEL = content.text.helpline.tel;
const DETOX_FIRST_TITLE = 'Safe detox comes first';

const harness = (): BotHarness => createBotHarness({ recognizer: IntentRecognizer.default(), withSuggestions: true });

/** Taps through the assessment to `target`, answering the care-stage question with `stage`. */
async function walk(h: BotHarness, target: PromptTarget, stage: string = TAPS.careStage): Promise<Partial<Activity>[]> {
  await h.say('hi');
  let turn = await h.say('Find a program');
  for (let i = 0; i < 40; i++) {
    const shown = questionShown(lastMessage(turn));
    if (shown === target) return turn;
    if (shown === undefined || shown === 'resume' || shown === 'detoxOffer') throw new Error(`walk(${target}): stuck at ${String(shown)}`);
    turn = await h.say(shown === 'careStage' ? stage : shown === 'picking' ? m.doneLabel : TAPS[shown]);
  }
  throw new Error(`walk(${target}): never reached`);
}

describe('withdrawal, relapse and medication in conversation (riskStep.ts)', () => {
  it('withdrawal said as an aside to the schedule question: answered, the question again, not stored; then detox first, no IOP list', async () => {
    const h = harness();
    await walk(h, 'availability');
    const aside = await h.say('evenings work, but honestly I get the shakes every morning until I drink');
    const said = allText(aside);
    expect(said).to.include(en.answers.withdrawal_alcohol_benzo.lines[0]);
    expect(said).to.match(/detox/i).and.not.match(NALOXONE);
    expect(callTargets(aside)).to.include(HELPLINE_TEL);
    expect(questionShown(lastMessage(aside))).to.equal('availability');
    const profile = await h.profile();
    expect(profile.availability, 'the aside is not an answer').to.equal(undefined);
    expect(profile.withdrawal?.saidInChat).to.equal(true);

    const next = await h.say(TAPS.availability);
    expect(allText(next)).to.include(DETOX_FIRST_TITLE);
    expect(allText(next)).to.not.include('FAKE SUGGESTIONS');
    expect(questionShown(lastMessage(next))).to.equal('detoxOffer');
  });

  it('a relapse into daily use after "Finished detox": the relapse answer, the question again, then detox first again', async () => {
    const h = harness();
    await walk(h, 'availability', 'Finished detox');
    const relapse = await h.say("I relapsed, I've been drinking every day again for 2 weeks");
    const said = allText(relapse);
    expect(said).to.include(en.answers.relapse.lines[0]).and.include(en.relapseDailyUse);
    expect(said).to.match(/tolerance/i).and.match(/naloxone/i).and.include('1-800-484-3731');
    expect(callTargets(relapse)).to.include(HELPLINE_TEL);
    expect(questionShown(lastMessage(relapse))).to.equal('availability');

    const next = await h.say(TAPS.availability);
    expect(allText(next)).to.include(DETOX_FIRST_TITLE);
    expect(allText(next)).to.not.include('FAKE SUGGESTIONS');
  });

  it('a slip without daily use keeps the step-down guidance (no detox-first for one night)', async () => {
    const h = harness();
    await walk(h, 'availability', 'Finished detox');
    await h.say('I slipped up last night');
    expect((await h.profile()).withdrawal?.saidInChat).to.equal(undefined);
  });

  it('the withdrawal screen takes withdrawal words as its own answer (no aside there)', async () => {
    const h = harness();
    await walk(h, 'heavyUse');
    const turn = await h.say('yes, I get the shakes when I stop drinking');
    expect(allText(turn)).to.not.include(en.answers.withdrawal_alcohol_benzo.lines[0]);
    expect((await h.profile()).withdrawal?.heavyUse).to.equal(true);
  });

  it('"should I stop my vivitrol shots?" inside the assessment is a medication question, never cancel', async () => {
    const h = harness();
    await walk(h, 'format');
    const turn = await h.say('should I stop my vivitrol shots?');
    expect(allText(turn)).to.include(en.answers.stopping_medication.lines[0]);
    expect(allText(turn)).to.not.include(content.text.cancelled);
    expect(questionShown(lastMessage(turn))).to.equal('format');
  });

  it('"stop" inside a sentence about medication never cancels the assessment, in either language', async () => {
    const spanishFormat = loadAssessmentTexts().es.questions.format.text;
    for (const words of ['should i stop my suboxone', 'can i stop taking my meds', 'stop the methadone?', 'quiero dejar la metadona', '¿puedo dejar las inyecciones de vivitrol?']) {
      const h = harness();
      await walk(h, 'format');
      const turn = await h.say(words);
      expect(allText(turn), words).to.not.include(content.text.cancelled);
      // Asked again in the language the person now writes in (#18).
      if (/[áéíóúñ¿]|quiero/.test(words)) expect(lastMessage(turn)?.text, words).to.equal(spanishFormat);
      else expect(questionShown(lastMessage(turn)), words).to.equal('format');
    }
  });

  it('a dose question as the first message: a referral, no number, the menu after', async () => {
    const bot = createTestBot();
    await bot.say('hi');
    const turn = await bot.say('how many mg of suboxone should I take?');
    const said = allText(turn);
    expect(said).to.include(en.answers.medication_dosing.lines[0]).and.include('1-800-222-1222');
    expect(said).to.not.match(/\d+\s?mg/);
    expect(buttons(turn)).to.include(content.text.menu.find);
  });

  it('over a topic card (a waiting question): answered, then the topic list again', async () => {
    const bot = createTestBot();
    await bot.say('hi');
    const list = await bot.say(content.text.menu.learn);
    const turn = await bot.say("I'm scared I'll overdose");
    expect(allText(turn)).to.include(en.answers.overdose_risk.lines[0]);
    expect(buttons(turn).filter((b) => b !== crisisResponses.followUp.getHelpNow)).to.deep.equal(buttons(list));
  });

  it('a withdrawal emergency gets 911 without naloxone, and the safety follow-up', async () => {
    const bot = createTestBot();
    await bot.say('hi');
    const turn = await bot.say("stopped drinking yesterday and I'm seeing bugs crawling on the walls");
    const said = allText(turn);
    expect(said).to.include(en.answers.withdrawal_emergency.lines[0]).and.include('911');
    expect(said).to.not.match(NALOXONE);
    expect(callTargets(turn)).to.include('tel:911');
  });

  it('opioid withdrawal with vomiting that the crisis check reads as an emergency gets the opioid answer, never naloxone', async () => {
    const bot = createTestBot();
    await bot.say('hi');
    const said = allText(await bot.say("in withdrawal from heroin and can't stop vomiting"));
    expect(said).to.include(en.answers.withdrawal_opioid.lines[0]).and.include('911');
    expect(said).to.not.match(NALOXONE);
  });

  it('an overdose stays the crisis reply as it is: naloxone, 911, and no Poison Control or withdrawal words added', async () => {
    const bot = createTestBot();
    await bot.say('hi');
    const said = allText(await bot.say('he stopped using for a week, then took too many percs and now he is not breathing'));
    expect(said).to.match(NALOXONE).and.include('911');
    expect(said).to.not.include(en.answers.took_too_much.lines[1]).and.not.include(en.answers.withdrawal_emergency.lines[1]);
  });

  it('a double dose asked about after a medical crisis reply also gets Poison Control; one only told (no question) does not', async () => {
    const asked = createTestBot();
    await asked.say('hi');
    expect(allText(await asked.say('took 2 extra seroquel to sleep, is that bad'))).to.include('1-800-222-1222');
    const told = createTestBot();
    await told.say('hi');
    expect(allText(await told.say('my mom took her pills twice by accident and now she is really out of it'))).to.not.include('1-800-222-1222');
  });

  it('Spanish: a relapse gets the Spanish answer, the helpline and Never Use Alone to call, and a meeting search', async () => {
    const bot = createTestBot();
    await bot.say('hola');
    const turn = await bot.say('recaí anoche después de tres meses limpio');
    const said = allText(turn);
    expect(said).to.include(es.answers.relapse.lines[0]).and.match(/tolerancia/).and.match(/naloxona/i);
    expect(callTargets(turn)).to.include.members([HELPLINE_TEL, 'tel:+18004843731']);
    const cardButtons = turn.flatMap((a) => (a.attachments ?? []).flatMap((c) => (c.content as { buttons?: Array<{ title: string; value: unknown }> }).buttons ?? []));
    expect(cardButtons).to.deep.include({ type: 'imBack', title: es.findMeeting, value: content.meetings.findMeeting });
    // The button sends the words the meeting search answers to, whatever the language shown.
    expect(IntentRecognizer.default().recognize(content.meetings.findMeeting).intent).to.equal('find_meeting');
  });

  it('Spanish: withdrawal with hallucinations gets 911 and medical detox in Spanish, no naloxona', async () => {
    const bot = createTestBot();
    await bot.say('hola');
    const said = allText(await bot.say('dejé el alcohol hace 3 días y ahorita estoy viendo cosas que no están'));
    expect(said).to.include('911').and.match(/médic/);
    expect(said).to.not.match(NALOXONE);
  });

  it('everyday messages are not risk topics: the cost question still gets the cost answer', async () => {
    const bot = createTestBot();
    await bot.say('hi');
    const said = allText(await bot.say('how much does an IOP cost?'));
    expect(said).to.include(content.text.cost[0]);
    for (const answer of Object.values(en.answers)) expect(said).to.not.include(answer.lines[0]);
  });
});

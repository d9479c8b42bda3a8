import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import { detectCrisisByRules } from '../../src/domain/safety/crisisDetector.js';
import { IntentRecognizer } from '../../src/domain/nlu/intentRecognizer.js';
import { allText, callTargets, riskTexts } from '../helpers/testBot.js';
import { createBotHarness, lastMessage, m, questionShown, TAPS, type BotHarness, type PromptTarget } from '../assessment/harness.js';

/**
 * What the classifier finds goes the way the rules' findings go (issue #15): a crisis only
 * the model caught gets the crisis reply in the middle of the assessment and is never kept
 * as the answer to the question waiting; withdrawal only the model caught gets the medical
 * answer first, the question again, and the detox-first rule.
 */

const harness = (): BotHarness => createBotHarness({ recognizer: IntentRecognizer.default(), withSuggestions: true });

async function walk(h: BotHarness, target: PromptTarget): Promise<Partial<Activity>[]> {
  await h.say('hi');
  let turn = await h.say('Find a program');
  for (let i = 0; i < 40; i++) {
    const shown = questionShown(lastMessage(turn));
    if (shown === target) return turn;
    if (shown === undefined || shown === 'resume' || shown === 'detoxOffer') throw new Error(`walk(${target}): stuck at ${String(shown)}`);
    turn = await h.say(shown === 'careStage' ? TAPS.careStage : shown === 'picking' ? m.doneLabel : TAPS[shown]);
  }
  throw new Error(`walk(${target}): never reached`);
}

describe('classifier findings in conversation', () => {
  it('a suicidal message only the model catches, as the answer to the schedule question: 988, and nothing stored', async () => {
    const text = "I'm empty. There's nothing left worth living for.";
    expect(detectCrisisByRules(text), 'the rules must miss it for this test to mean anything').to.equal(null);
    const h = harness();
    await walk(h, 'availability');
    const turn = await h.say(text);
    expect(callTargets(turn)).to.include('tel:988');
    expect((await h.profile()).availability, 'a crisis is never an answer').to.equal(undefined);
  });

  it('withdrawal only the model catches, mid-assessment: the general medical answer, never naloxone, the question again, not stored', async () => {
    const h = harness();
    await walk(h, 'availability');
    const turn = await h.say('sick as a dog since I ran out');
    const said = allText(turn);
    expect(said).to.include(riskTexts.en.answers.withdrawal_general.lines[0]);
    expect(said).to.include('911').and.not.match(/naloxone|narcan/i);
    expect(questionShown(lastMessage(turn))).to.equal('availability');
    const profile = await h.profile();
    expect(profile.availability).to.equal(undefined);
    expect(profile.withdrawal?.saidInChat).to.equal(true);
  });
});

import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { z } from 'zod';
import { fromRoot } from '../../src/paths.js';
import { content } from '../helpers/testBot.js';
import { replyTo } from './botReply.js';
import { judgeMedication, judgeRelapse, judgeWithdrawal } from './riskJudges.js';

/**
 * Withdrawal, relapse and medication messages from the blind sets (and issue #15's own
 * examples), said to the whole bot as the first message of a new chat and as the answer to
 * the assessment's first question, judged by the plain rules first contact used
 * (riskJudges.ts): medical care first and never naloxone for withdrawal (911 when it is an
 * emergency now); tolerance, naloxone and a number to call for a relapse; a referral and no
 * dose for medication. Every one must pass.
 */

const Lang = z.enum(['en', 'es']);
const RegressionSet = z.object({
  description: z.string(),
  withdrawal: z.array(z.object({ text: z.string(), danger: z.enum(['emergency_now', 'medical_first']), lang: Lang, source: z.string() })).min(1),
  relapse: z.array(z.object({ text: z.string(), lang: Lang, source: z.string() })).min(1),
  medication: z.array(z.object({ text: z.string(), type: z.string(), lang: Lang, source: z.string() })).min(1),
});
const set = RegressionSet.parse(JSON.parse(readFileSync(fromRoot('test/eval/risk-regression.json'), 'utf8')));


async function misses<T extends { text: string }>(items: readonly T[], judge: (reply: string, item: T) => boolean): Promise<string[]> {
  const missed: string[] = [];
  for (const where of ['first', 'assessment'] as const) {
    for (const item of items) {
      if (!judge(await replyTo(item.text, where), item)) missed.push(`[${where}] ${item.text}`);
    }
  }
  return missed;
}

describe('risk regression set (withdrawal, relapse, medication; first message and mid-assessment)', function () {
  this.timeout(180_000);

  it('withdrawal: medical care first, never naloxone, 911 when it is an emergency now', async () => {
    expect(await misses(set.withdrawal, (reply, item) => judgeWithdrawal(reply, item.danger))).to.deep.equal([]);
  });

  it('relapse: tolerance drops, naloxone, a person to call', async () => {
    expect(await misses(set.relapse, (reply) => judgeRelapse(reply))).to.deep.equal([]);
  });

  it('medication, dosing, diagnosis: a referral and no dose', async () => {
    expect(await misses(set.medication, (reply) => judgeMedication(reply))).to.deep.equal([]);
  });

  it('the judges can fail: what these messages got before (the schedule text, the aftercare topic) passes none', () => {
    const before = [...content.text.schedule, content.topic('aftercare').summary].join('\n');
    expect(judgeWithdrawal(before, 'medical_first')).to.equal(false);
    expect(judgeRelapse(before)).to.equal(false);
    expect(judgeMedication(before)).to.equal(false);
    expect(judgeWithdrawal('See a doctor. Keep naloxone (Narcan) near.', 'medical_first')).to.equal(false);
    expect(judgeWithdrawal('Medically supervised detox first.', 'emergency_now')).to.equal(false);
    expect(judgeMedication('Take 2 pills of it, ask your doctor')).to.equal(false);
  });
});

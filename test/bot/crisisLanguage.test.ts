import { expect } from 'chai';
import { allText, createTestBot, crisisResponses } from '../helpers/testBot.js';

/**
 * The crisis reply is in the language the crisis is written in, even after the person chose
 * the other language (#15): safety over a stated preference.
 */
describe('crisis reply language', () => {
  const es = crisisResponses.in?.('es');
  const en = crisisResponses.in?.('en');

  it('answers a Spanish crisis in Spanish after the person chose English', async () => {
    const { say } = createTestBot();
    await say('English');
    const replies = await say('ya no quiero vivir, tengo las pastillas aquí');
    const text = allText(replies);
    expect(text).to.include(es?.suicide_self_harm.lead);
    expect(text).to.not.include(en?.suicide_self_harm.lead);
  });

  it('answers an English crisis in English after the person chose Spanish', async () => {
    const { say } = createTestBot();
    await say('español');
    const replies = await say("i don't want to live anymore, i have the pills right here");
    const text = allText(replies);
    expect(text).to.include(en?.suicide_self_harm.lead);
    expect(text).to.not.include(es?.suicide_self_harm.lead);
  });

  it('keeps the chosen language for a crisis message that does not say which it is', async () => {
    const { say } = createTestBot();
    await say('español');
    const text = allText(await say('988'));
    expect(text).to.include(es?.suicide_self_harm.lead);
  });
});

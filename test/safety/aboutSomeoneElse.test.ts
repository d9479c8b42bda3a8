import { expect } from 'chai';
import { detectCrisis } from '../../src/domain/safety/crisisDetector.js';

/**
 * A parent, partner or friend telling what someone else says or does (#15, #16): "my
 * daughter says she wants to die", "my son is threatening to hurt us". Reported speech
 * and reported threats are a crisis about someone else: 988 or 911, with aboutOther.
 * Found when #16's conversations for a parent of a teen were played; the kinds are
 * written here, not one sentence each.
 */
const detected = (text: string) => detectCrisis(text);

describe('crisis detector: someone else at risk, told by the person (#15)', () => {
  it('hears what someone else says or wants, in English', () => {
    for (const text of [
      'my teenager is talking about ending it',
      'my daughter says she wants to die',
      'my daughter wants to die',
      'my son keeps saying everyone would be better off without him',
      'my husband told me he does not want to live anymore',
      'my best friend has been talking about suicide all week',
      'my son posted a goodbye message on instagram',
      'my 15 yo texted me that she wants to end her life',
      'he keeps saying he wishes he was dead',
    ]) {
      const signal = detected(text);
      expect(signal?.kinds, text).to.include('suicide_self_harm');
    }
  });

  it('hears what someone else says or wants, in Spanish', () => {
    for (const text of [
      'mi hija dice que se quiere morir',
      'mi hijo habla de suicidarse',
      'mi esposo dice que ya no quiere vivir',
      'mi hermana me mando un mensaje de despedida',
      'mi hijo quiere morirse',
    ]) {
      const signal = detected(text);
      expect(signal?.kinds, text).to.include('suicide_self_harm');
    }
  });

  it('hears a threat someone else makes against the family', () => {
    for (const text of [
      'my son is threatening to hurt us',
      'my husband threatened to kill me last night and he is still here',
      'my brother says he is going to shoot his ex',
      'mi esposo amenaza con matarme',
    ]) {
      const signal = detected(text);
      expect(signal?.kinds, text).to.include('harm_to_others');
    }
  });

  it('stays quiet on the same words that are not a risk now', () => {
    for (const text of [
      'my daughter says she wants to go to an iop near us',
      'my son said he does not want to die like his dad did, so he wants treatment',
      'my son used to talk about suicide years ago, he is doing great now',
      'my husband says he wants to die laughing at that show lol',
      'mi hija dice que se quiere inscribir en un programa',
      'my son is threatening to quit his job',
    ]) expect(detected(text), text).to.equal(null);
  });
});

import { expect } from 'chai';
import { content } from '../helpers/testBot.js';
import { createBotHarness, q, questionShown, lastMessage, texts, walkTo } from './harness.js';

/**
 * The language question's buttons ("English", "Español") are also the words that switch the
 * chat's language (src/turn/locale.ts). A tap there answers the question: the care's language
 * is kept and the next question comes, in the language the chat already had.
 */
describe('assessment: the care-language question keeps its own buttons', () => {
  for (const label of ['English', 'Español']) {
    it(`"${label}" tapped there is the answer, not a language switch`, async () => {
      const h = createBotHarness();
      await walkTo(h, 'language');
      const option = q.language.options.find((o) => o.label === label)!;
      expect(option, label).to.not.equal(undefined);
      const turn = await h.say(label);
      expect(texts(turn).join('\n')).to.not.include(content.in('en').text.menu.languageChosen);
      expect(texts(turn).join('\n')).to.not.include(content.in('es').text.menu.languageChosen);
      // questionShown knows the English words only: the chat is still in English.
      const next = questionShown(lastMessage(turn));
      expect(next, 'the next question, in English').to.not.equal(undefined).and.to.not.equal('language');
      expect((await h.profile()).language).to.equal(option.value);
    });
  }
});

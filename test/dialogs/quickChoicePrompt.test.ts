import { ConversationState, MemoryStorage, TestAdapter, type TurnContext } from 'botbuilder';
import type { FoundChoice } from 'botbuilder-dialogs';
import { expect } from 'chai';
import { choiceIndexByNumber, picksChoice, QuickChoicePrompt } from '../../dialogs/quickChoicePrompt.js';
import { DialogSet, DialogTurnStatus, WaterfallDialog } from '../../src/botframework/botbuilderDialogs.js';

const CHOICES = ['Tell me more', 'Next topic', 'Back to menu'];

/** A dialog set with one QuickChoicePrompt; returns what each answer resolved to (or "retry"). */
function promptBot() {
  const state = new ConversationState(new MemoryStorage());
  const dialogs = new DialogSet(state.createProperty('dialogState'));
  const prompt = new QuickChoicePrompt('pick');
  let recognitions = 0;
  const original = (prompt as unknown as { recognize: (...a: unknown[]) => Promise<unknown> }).recognize.bind(prompt);
  (prompt as unknown as { recognize: (...a: unknown[]) => Promise<unknown> }).recognize = (...a: unknown[]) => {
    recognitions++;
    return original(...a);
  };
  dialogs.add(prompt);
  dialogs.add(
    new WaterfallDialog('ask', [
      async (step) => step.prompt('pick', { prompt: 'Pick one', retryPrompt: 'retry', choices: CHOICES }),
      async (step) => {
        const found = step.result as FoundChoice;
        await step.context.sendActivity(`picked ${found.index}:${found.value}`);
        return step.endDialog();
      },
    ]),
  );
  const adapter = new TestAdapter(async (context: TurnContext) => {
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog('ask');
    await state.saveChanges(context);
  });
  return { adapter, recognitions: () => recognitions };
}

async function answer(text: string): Promise<string> {
  const { adapter } = promptBot();
  let reply = '';
  await adapter
    .send('start')
    .assertReply('Pick one')
    .send(text)
    .assertReply((a) => {
      reply = a.text ?? '';
    })
    .startTest();
  return reply;
}

describe('QuickChoicePrompt: labels as before, numbers without recognizers-text', () => {
  for (const [text, expected] of [
    ['Tell me more', 'picked 0:Tell me more'],
    ['tell me more!', 'picked 0:Tell me more'],
    // Partial labels are not matched, as in botbuilder's ChoicePrompt.
    ['next', 'retry'],
    ['the next topic please', 'picked 1:Next topic'],
    ['2', 'picked 1:Next topic'],
    ['#3', 'picked 2:Back to menu'],
    ['two', 'picked 1:Next topic'],
    ['the first one', 'picked 0:Tell me more'],
    ['3rd', 'picked 2:Back to menu'],
    ['option 1', 'picked 0:Tell me more'],
    ['4', 'retry'],
    ['I have 2 kids', 'retry'],
    ['what is this', 'retry'],
  ] as const) {
    it(`"${text}" → ${expected}`, async () => {
      expect(await answer(text)).to.equal(expected);
    });
  }

  it('recognizes each message once per turn (not again for the activityReceived event)', async () => {
    const bot = promptBot();
    await bot.adapter.send('start').assertReply('Pick one').send('what is this').assertReply('retry').send('Next topic').assertReply('picked 1:Next topic').startTest();
    expect(bot.recognitions()).to.equal(2);
  });

  it('choiceIndexByNumber: whole-message numbers and ordinals within range only', () => {
    expect(choiceIndexByNumber('1', 3)).to.equal(0);
    expect(choiceIndexByNumber(' 3. ', 3)).to.equal(2);
    expect(choiceIndexByNumber('second', 3)).to.equal(1);
    expect(choiceIndexByNumber('0', 3)).to.equal(undefined);
    expect(choiceIndexByNumber('12', 3)).to.equal(undefined);
    expect(choiceIndexByNumber('call 911', 3)).to.equal(undefined);
    expect(choiceIndexByNumber('someone', 3)).to.equal(undefined);
  });

  it('picksChoice: the exact label, the whole label typed, or its number; a question that names a label is not an answer', () => {
    const topics = ['What an IOP is', 'Group therapy', 'Back to menu'];
    expect(picksChoice('Group therapy', topics)).to.equal(true);
    expect(picksChoice('group therapy.', topics)).to.equal(true);
    expect(picksChoice('2', topics)).to.equal(true);
    expect(picksChoice('how much does it cost', topics)).to.equal(false);
    expect(picksChoice('Group therapy', [])).to.equal(false);
  });
});

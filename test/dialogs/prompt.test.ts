import { ActivityTypes, ConversationState, MemoryStorage, TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import type { DialogContext, PromptOptions } from 'botbuilder-dialogs';
import { expect } from 'chai';
import { TextPrompt, type PromptFrame } from '../../dialogs/prompt.js';
import { DialogSet, DialogTurnStatus, WaterfallDialog } from '../../src/botframework/botbuilderDialogs.js';

/**
 * dialogs/prompt.ts keeps botbuilder's prompt contract (botbuilder's own prompts are not
 * loaded; see src/botframework/botbuilderDialogs.ts): ask, recognize, validate with attemptCount,
 * ask again, end with the value.
 */
function bot(options: PromptOptions, validator?: ConstructorParameters<typeof TextPrompt>[1]) {
  const state = new ConversationState(new MemoryStorage());
  const dialogs = new DialogSet(state.createProperty('dialogState'));
  const attempts: number[] = [];
  let lastDc: DialogContext | undefined;
  dialogs.add(
    new TextPrompt(
      'ask',
      validator ??
        (async (p) => {
          attempts.push(p.attemptCount);
          return p.recognized.succeeded && p.recognized.value !== 'wrong';
        }),
    ),
  );
  dialogs.add(
    new WaterfallDialog('flow', [
      async (step) => step.prompt('ask', options),
      async (step) => {
        await step.context.sendActivity(`got ${String(step.result)}`);
        return step.endDialog();
      },
    ]),
  );
  const adapter = new TestAdapter(async (context: TurnContext) => {
    const dc = await dialogs.createContext(context);
    lastDc = dc;
    if (context.activity.text === 'interrupt') {
      // Another dialog ran on top of the prompt and ended: the prompt asks again.
      await dc.repromptDialog();
    } else {
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dc.beginDialog('flow');
    }
    await state.saveChanges(context);
  });
  return { adapter, attempts, frame: () => lastDc?.activeDialog?.state as PromptFrame | undefined };
}

describe('Prompt (dialogs/prompt.ts): the botbuilder prompt contract without botbuilder prompts', () => {
  it('asks with the prompt, marked as expecting input, and ends with the recognized value', async () => {
    const b = bot({ prompt: 'Your name?' });
    await b.adapter
      .send('start')
      .assertReply((a) => {
        expect(a.text).to.equal('Your name?');
        expect(a.inputHint).to.equal('expectingInput');
      })
      .send('Sam')
      .assertReply('got Sam')
      .startTest();
    expect(b.attempts).to.deep.equal([1]);
  });

  it('asks again with retryPrompt when the validator says no, counting attempts', async () => {
    const b = bot({ prompt: 'Your name?', retryPrompt: 'Just your first name, please.' });
    await b.adapter
      .send('start')
      .assertReply('Your name?')
      .send('wrong')
      .assertReply('Just your first name, please.')
      .send('wrong')
      .assertReply('Just your first name, please.')
      .send('Sam')
      .assertReply('got Sam')
      .startTest();
    expect(b.attempts).to.deep.equal([1, 2, 3]);
  });

  it('re-sends the prompt itself when there is no retryPrompt', async () => {
    const b = bot({ prompt: 'Your name?' });
    await b.adapter.send('start').assertReply('Your name?').send('wrong').assertReply('Your name?').startTest();
  });

  it('does not ask again when the validator has already answered', async () => {
    const b = bot({ prompt: 'Your name?', retryPrompt: 'again' }, async (p) => {
      await p.context.sendActivity('That looks like a number.');
      return false;
    });
    await b.adapter
      .send('start')
      .assertReply('Your name?')
      .send('42')
      .assertReply('That looks like a number.')
      .send('x')
      .assertReply('That looks like a number.')
      .startTest();
  });

  it('waits through typing and other non-message activities', async () => {
    const b = bot({ prompt: 'Your name?' });
    const typing: Partial<Activity> = { type: ActivityTypes.Typing };
    await b.adapter.send('start').assertReply('Your name?').send(typing).send('Sam').assertReply('got Sam').startTest();
  });

  it('asks again when a dialog on top of it ends (reprompt), and still takes the answer', async () => {
    const b = bot({ prompt: 'Your name?' });
    await b.adapter.send('start').assertReply('Your name?').send('interrupt').assertReply('Your name?').send('Sam').assertReply('got Sam').startTest();
  });

  it('sends a copy of an activity prompt: what is kept in state is not changed by sending', async () => {
    const prompt: Partial<Activity> = { type: 'message', text: 'Pick a time', suggestedActions: { to: [], actions: [] } };
    const b = bot({ prompt });
    await b.adapter
      .send('start')
      .assertReply((a) => {
        expect(a.text).to.equal('Pick a time');
        expect(a.inputHint).to.equal('expectingInput');
      })
      .startTest();
    const kept = b.frame()?.options.prompt as Partial<Activity>;
    expect(Object.keys(kept).sort()).to.deep.equal(['inputHint', 'suggestedActions', 'text', 'type']);
  });

  it('draws a text with choices as buttons each time it asks, and keeps only the texts and choices in state', async () => {
    const b = bot({ prompt: 'Pick a time', retryPrompt: 'Tap a time, please.', choices: ['Morning', 'Evening'] });
    const titles = (a: Partial<Activity>) => (a.suggestedActions?.actions ?? []).map((x) => x.title);
    await b.adapter
      .send('start')
      .assertReply((a) => {
        expect(a.text).to.equal('Pick a time');
        expect(titles(a)).to.deep.equal(['Morning', 'Evening']);
      })
      .send('wrong')
      .assertReply((a) => {
        expect(a.text).to.equal('Tap a time, please.');
        expect(titles(a)).to.deep.equal(['Morning', 'Evening']);
      })
      .startTest();
    expect(b.frame()?.options).to.deep.equal({ prompt: 'Pick a time', retryPrompt: 'Tap a time, please.', choices: ['Morning', 'Evening'] });
  });
});

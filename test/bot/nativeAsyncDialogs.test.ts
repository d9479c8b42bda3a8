import { TestAdapter } from 'botbuilder';
import { expect } from 'chai';
import { Dialog, DialogContext, DialogSet, WaterfallDialog } from '../../src/botframework/botbuilderDialogs.js';
import { useNativeAsyncDialogs } from '../../src/botframework/dialogsNativeAsync.js';
import { applyProcessWideTuning, SdkTuning } from '../../src/botframework/sdkTuning.js';
import { TurnPath } from 'botbuilder-dialogs/lib/memory/turnPath.js';

/** Whole conversations with and without every tuning piece: test/bot/sdkTuning.test.ts. */
describe('native async dialog methods (src/botframework/dialogsNativeAsync.ts)', () => {
  // Back to what SDK_TUNING says for the rest of the run.
  after(() => applyProcessWideTuning(SdkTuning.fromEnv()));

  it('are in place for botbuilder-dialogs 4.23.3, and can be switched back to the SDK’s own', () => {
    expect(useNativeAsyncDialogs(true)).to.equal(true);
    const native = DialogContext.prototype.beginDialog;
    expect(useNativeAsyncDialogs(false)).to.equal(true);
    expect(DialogContext.prototype.beginDialog).to.not.equal(native);
    expect(useNativeAsyncDialogs(true)).to.equal(true);
    expect(DialogContext.prototype.beginDialog).to.equal(native);
  });

  for (const mode of ['native', 'shipped'] as const) {
    it(`errors come out the same way (${mode}): wrapped in a DialogContextError; next() twice and unknown dialogs refused`, async () => {
      useNativeAsyncDialogs(mode === 'native');
      const errors: string[] = [];
      const dialogs = new DialogSet();
      dialogs.add(
        new WaterfallDialog('twice', [
          async (step) => {
            await step.next();
            return step.next();
          },
          async (step) => step.endDialog(),
        ]),
      );
      dialogs.add(new WaterfallDialog('throws', [async () => Promise.reject(new Error('step failed'))]));
      const adapter = new TestAdapter(async (context) => {
        const dc = new DialogContext(dialogs, context, { dialogStack: [] });
        for (const id of ['twice', 'throws', 'missing']) {
          await dc.beginDialog(id).catch((e: Error) => errors.push(`${e.name}: ${e.message}`));
          dc.stack.splice(0);
        }
      });
      await adapter.send('go');
      expect(errors).to.have.length(3);
      expect(errors[0]).to.include("WaterfallStepContext.next(): method already called for dialog and step 'twice[0]'.");
      expect(errors[1]).to.match(/^DialogContextError: step failed/);
      expect(errors[2]).to.include("DialogContext.beginDialog(): A dialog with an id of 'missing' wasn't found.");
    });
  }

  for (const mode of ['native', 'shipped'] as const) {
    it(`an ended dialog's result is in turn memory as turn.lastresult (${mode})`, async () => {
      useNativeAsyncDialogs(mode === 'native');
      const dialogs = new DialogSet();
      dialogs.add(new WaterfallDialog('child', [async (step) => step.endDialog('the result')]));
      // The parent waits after the child ends, so the child's result is the last one.
      dialogs.add(new WaterfallDialog('parent', [async (step) => step.beginDialog('child'), async () => Dialog.EndOfTurn]));
      let seen: unknown;
      const adapter = new TestAdapter(async (context) => {
        const dc = new DialogContext(dialogs, context, { dialogStack: [] });
        await dc.beginDialog('parent');
        seen = dc.state.getValue(TurnPath.lastResult);
      });
      await adapter.send('go');
      expect(seen).to.equal('the result');
    });
  }
});

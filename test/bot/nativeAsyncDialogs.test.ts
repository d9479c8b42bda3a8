import { TestAdapter } from 'botbuilder';
import { expect } from 'chai';
import { Dialog, DialogContext, DialogSet, WaterfallDialog } from '../../src/botframework/botbuilderDialogs.js';
import { SHIPPED_FINGERPRINTS, shippedDrift, sourceFingerprint, useNativeAsyncDialogs } from '../../src/botframework/dialogsNativeAsync.js';
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

  it('are a checked copy: every SDK method they replace is the code they were transcribed from (this fails when botbuilder-dialogs changes)', () => {
    expect(
      shippedDrift(),
      'botbuilder-dialogs changed these methods: transcribe them again from node_modules/botbuilder-dialogs/src and update SHIPPED_FINGERPRINTS, or delete the piece',
    ).to.deep.equal([]);
    expect(Object.keys(SHIPPED_FINGERPRINTS)).to.include.members(['DialogContext.beginDialog', 'ComponentDialog.continueDialog', 'WaterfallDialog.runStep']);
  });

  it('a changed SDK method is caught by its fingerprint, and whitespace alone changes nothing', () => {
    // The SDK's own methods are remembered on each prototype (dialogsNativeAsync.ts shippedMethod).
    const shipped = (DialogContext.prototype as unknown as Record<symbol, Map<string, unknown>>)[Symbol.for('recovery-bot.shippedDialogMethods')];
    const original = shipped?.get('beginDialog');
    expect(original).to.be.a('function');
    try {
      shipped!.set('beginDialog', function beginDialog(this: DialogContext, dialogId: string) {
        return this.replaceDialog(dialogId);
      });
      expect(shippedDrift()).to.deep.equal(['DialogContext.beginDialog']);
    } finally {
      shipped!.set('beginDialog', original);
    }
    expect(shippedDrift()).to.deep.equal([]);
    expect(sourceFingerprint('function f(a) {\n  return a;\n}')).to.equal(sourceFingerprint('function f(a) { return a; }'));
    expect(sourceFingerprint('function f(a) { return a; }')).to.not.equal(sourceFingerprint('function f(a) { return a + 1; }'));
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

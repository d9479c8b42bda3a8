import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage, TestAdapter } from 'botbuilder';
import { expect } from 'chai';
import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { Dialog, DialogContext, DialogSet, WaterfallDialog } from '../../src/botframework/botbuilderDialogs.js';
import { loadConfig } from '../../src/config.js';
import { useNativeAsyncDialogs } from '../../src/botframework/dialogsNativeAsync.js';
import { TurnPath } from 'botbuilder-dialogs/lib/memory/turnPath.js';
import { sendExpectingReplies } from '../helpers/expectReplies.js';
import { content, crisisResponses } from '../helpers/testBot.js';

/** Labels and texts from data/ (they used to be constants in the dialogs). */
const CONSENT_YES = content.messages.callback.consentYes;
const FORGET_YES = content.messages.forgetMe.yes;
const TALK_CHOICES = content.messages.talk;

const learn = content.text.learn;
const menu = content.text.menu;

/** Conversations through every kind of dialog move: begin, continue, end, replace, cancel, reprompt, events. */
const SCRIPTS: readonly (readonly string[])[] = [
  ['hi', menu.learn, 'Group therapy', learn.tellMore, learn.tellMore, learn.next, learn.back, 'goodbye'],
  ['hi', menu.find, 'Finished detox', 'skip', 'back', 'skip', 'skip', '97201', 'skip', 'skip', 'skip', 'skip', 'skip'],
  ['hi', menu.talk, TALK_CHOICES.callback, '312 555 236', '312 555 2368', 'Morning', 'maybe', CONSENT_YES],
  ['hi', menu.find, 'i want to kill myself', crisisResponses.followUp.safe, 'menu', menu.learn],
  ['hi', 'what is group therapy?', 'cancel', 'help', 'what do you know about me', 'forget me', FORGET_YES, 'goodbye'],
  ['hi', 'asdfgh', 'qwerty', 'start over', menu.find, 'start over', 'talk to someone'],
];

/**
 * Every turn's replies and the conversation's stored state at the end, through the whole
 * app over HTTP (crisis middleware included; replies come back in the answer with
 * deliveryMode expectReplies); ids and times made stable.
 */
async function transcript(script: readonly string[]): Promise<string> {
  const storage = new MemoryStorage();
  const queue = join(tmpdir(), `native-async-${randomUUID()}.json`);
  const app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', CALLBACK_QUEUE_PATH: queue }), {
    logger: pino({ level: 'silent' }),
    storage,
  });
  try {
    const port = await app.listen(0, '127.0.0.1');
    const turns: unknown[] = [];
    for (const text of script) {
      const { status, activities } = await sendExpectingReplies(port, 'native-async', text);
      turns.push([status, activities.map((a) => ({ type: a.type, text: a.text, inputHint: a.inputHint, suggestedActions: a.suggestedActions, attachments: a.attachments }))]);
    }
    const stored = (storage as unknown as { memory: Record<string, string> }).memory;
    return JSON.stringify({ turns, stored })
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>')
      .replace(/\\"eTag\\":\\"[^\\]*\\"/g, '"eTag":"<etag>"');
  } finally {
    await app.close();
    rmSync(queue, { force: true });
  }
}

describe('native async dialog methods (src/botframework/dialogsNativeAsync.ts)', () => {
  after(() => useNativeAsyncDialogs(true));

  it('are in place for botbuilder-dialogs 4.23.3, and can be switched back to the SDK’s own', () => {
    expect(useNativeAsyncDialogs(true)).to.equal(true);
    const native = DialogContext.prototype.beginDialog;
    expect(useNativeAsyncDialogs(false)).to.equal(true);
    expect(DialogContext.prototype.beginDialog).to.not.equal(native);
    expect(useNativeAsyncDialogs(true)).to.equal(true);
    expect(DialogContext.prototype.beginDialog).to.equal(native);
  });

  for (const [n, script] of SCRIPTS.entries()) {
    it(`conversation ${n + 1} (${script.slice(1, 3).join(', ')}…): the same replies and the same stored state as the SDK's own methods`, async function () {
      this.timeout(30_000);
      useNativeAsyncDialogs(false);
      const shipped = await transcript(script);
      useNativeAsyncDialogs(true);
      const native = await transcript(script);
      expect(native).to.equal(shipped);
      expect(native.length).to.be.greaterThan(500);
    });
  }

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

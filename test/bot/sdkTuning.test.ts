import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage } from 'botbuilder';
import { expect } from 'chai';
import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { DialogContext } from '../../src/botframework/botbuilderDialogs.js';
import { applyProcessWideTuning, SDK_TUNING_PIECES, SdkTuning } from '../../src/botframework/sdkTuning.js';
import { loadConfig } from '../../src/config.js';
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
async function transcript(script: readonly string[], env: Record<string, string>): Promise<string> {
  const storage = new MemoryStorage();
  const queue = join(tmpdir(), `sdk-tuning-${randomUUID()}.json`);
  const app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', CALLBACK_QUEUE_PATH: queue, ...env }), {
    logger: pino({ level: 'silent' }),
    storage,
  });
  try {
    const port = await app.listen(0, '127.0.0.1');
    const turns: unknown[] = [];
    for (const text of script) {
      const { status, activities } = await sendExpectingReplies(port, 'sdk-tuning', text);
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

describe('SDK_TUNING: the tuned path and the SDK as shipped (src/botframework/sdkTuning.ts)', () => {
  // Back to what SDK_TUNING in the environment says for the rest of the run.
  after(() => applyProcessWideTuning(SdkTuning.fromEnv()));

  it('is validated: on or off (default on), and SDK_TUNING_SKIP names known pieces', () => {
    expect(loadConfig({}).SDK_TUNING).to.equal('on');
    expect(loadConfig({ SDK_TUNING: 'off' }).SDK_TUNING).to.equal('off');
    expect(() => loadConfig({ SDK_TUNING: 'fast' })).to.throw(/SDK_TUNING/);
    expect(loadConfig({ SDK_TUNING_SKIP: ' nativeAsync , connectorReuse' }).SDK_TUNING_SKIP).to.deep.equal(['nativeAsync', 'connectorReuse']);
    expect(() => loadConfig({ SDK_TUNING_SKIP: 'turbo' })).to.throw(/SDK_TUNING_SKIP/);
    expect(SdkTuning.of(loadConfig({ SDK_TUNING: 'off' })).pieces).to.deep.equal([]);
    expect(SdkTuning.of(loadConfig({})).pieces).to.deep.equal([...SDK_TUNING_PIECES]);
  });

  it('off puts botbuilder-dialogs back as shipped, on puts the tuning back', () => {
    applyProcessWideTuning(SdkTuning.all);
    const tuned = DialogContext.prototype.beginDialog;
    applyProcessWideTuning(SdkTuning.off);
    const shipped = DialogContext.prototype.beginDialog;
    expect(shipped).to.not.equal(tuned);
    applyProcessWideTuning(SdkTuning.all);
    expect(DialogContext.prototype.beginDialog).to.equal(tuned);
  });

  for (const [n, script] of SCRIPTS.entries()) {
    it(`conversation ${n + 1} (${script.slice(1, 3).join(', ')}…): the same replies and the same stored state either way`, async function () {
      this.timeout(30_000);
      const shipped = await transcript(script, { SDK_TUNING: 'off' });
      const tuned = await transcript(script, { SDK_TUNING: 'on' });
      expect(tuned).to.equal(shipped);
      expect(tuned.length).to.be.greaterThan(500);
    });
  }
});

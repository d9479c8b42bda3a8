import { createRequire } from 'node:module';
import { expect } from 'chai';
import { TestAdapter, TurnContext } from 'botbuilder';
import { DialogContext, DialogSet } from 'botbuilder-dialogs';
import { shareDialogsComponentRegistration } from '../../src/botframework/dialogsTuning.js';
import { applyProcessWideTuning, SdkTuning } from '../../src/botframework/sdkTuning.js';

const require = createRequire(import.meta.url);
interface Registration {
  getMemoryScopes(): Array<{ name: string }>;
  getPathResolvers(): object[];
}
type RegistrationClass = new () => Registration;

describe('shareDialogsComponentRegistration', () => {
  // Back to what SDK_TUNING says for the rest of the run.
  after(() => applyProcessWideTuning(SdkTuning.fromEnv()));

  it('makes botbuilder-dialogs reuse one registration, which still gives every memory scope and path resolver afresh', () => {
    const module = require('botbuilder-dialogs/lib/dialogsComponentRegistration.js') as { DialogsComponentRegistration: RegistrationClass };
    const before = new module.DialogsComponentRegistration();
    const scopeNames = before.getMemoryScopes().map((s) => s.name);
    const resolverCount = before.getPathResolvers().length;

    expect(shareDialogsComponentRegistration()).to.equal(true);
    expect(shareDialogsComponentRegistration(), 'idempotent').to.equal(true);
    const a = new module.DialogsComponentRegistration();
    const b = new module.DialogsComponentRegistration();
    expect(a).to.equal(b);
    expect(a).to.be.instanceOf(module.DialogsComponentRegistration);
    expect(a.constructor.name).to.equal('DialogsComponentRegistration');
    expect(a.getMemoryScopes().map((s) => s.name)).to.deep.equal(scopeNames);
    expect(a.getMemoryScopes()[0], 'scopes are made anew, not shared').to.not.equal(a.getMemoryScopes()[0]);
    expect(a.getPathResolvers()).to.have.length(resolverCount);
    expect(scopeNames).to.include.members(['turn', 'dialog', 'conversation']);
  });

  it('leaves dialog memory working: a DialogContext reads the activity through turn.activity', async () => {
    shareDialogsComponentRegistration();
    const context = new TurnContext(new TestAdapter(), { type: 'message', text: 'hello', channelId: 'test', conversation: { id: 'c' } } as never);
    const dc = new DialogContext(new DialogSet(), context, { dialogStack: [] });
    expect(dc.state.getValue<string>('turn.activity.text')).to.equal('hello');
    dc.state.setValue('turn.answer', 42);
    expect(dc.state.getValue<number>('turn.answer')).to.equal(42);
  });
});

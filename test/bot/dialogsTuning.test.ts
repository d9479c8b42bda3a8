import { createRequire } from 'node:module';
import { expect } from 'chai';
import { TestAdapter, TurnContext } from 'botbuilder';
import { DialogContext, DialogSet, DialogStateManager } from 'botbuilder-dialogs';
import { memoizeDialogPaths, PARSED_PATHS_KEPT, shareDialogsComponentRegistration } from '../../src/botframework/dialogsTuning.js';
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

describe('memoizeDialogPaths', () => {
  after(() => applyProcessWideTuning(SdkTuning.fromEnv()));

  const dcFor = (text: string) => {
    const context = new TurnContext(new TestAdapter(), { type: 'message', text, channelId: 'test', conversation: { id: 'c' } } as never);
    return new DialogContext(new DialogSet(), context, { dialogStack: [] });
  };

  it('parses a plain path once and gives every caller its own copy of the same segments', () => {
    expect(memoizeDialogPaths()).to.equal(true);
    expect(memoizeDialogPaths(), 'idempotent').to.equal(true);
    expect((DialogStateManager.prototype as unknown as Record<symbol, unknown>)[Symbol.for('recovery-bot.memoizedParsePath')], 'in place, the SDK\'s method kept').to.be.a('function');
    const state = dcFor('hi').state;
    const first = state.parsePath('turn.some.deep[0].path');
    const plain = state.parsePath('turn.activity.text');
    expect(plain).to.deep.equal(['turn', 'activity', 'text']);
    plain.push('changed by a caller');
    expect(state.parsePath('turn.activity.text')).to.deep.equal(['turn', 'activity', 'text']);
    expect(first).to.deep.equal(['turn', 'some', 'deep', 0, 'path']);
  });

  it('still resolves bracketed paths against memory every time', () => {
    memoizeDialogPaths();
    const dc = dcFor('hello');
    dc.state.setValue('turn.key', 'first');
    expect(dc.state.parsePath('turn[turn.key]')).to.deep.equal(['turn', 'first']);
    dc.state.setValue('turn.key', 'second');
    expect(dc.state.parsePath('turn[turn.key]')).to.deep.equal(['turn', 'second']);
  });

  it('keeps dialog memory reads and writes working, and stays bounded with many distinct paths', () => {
    memoizeDialogPaths();
    const dc = dcFor('hello');
    for (let i = 0; i < PARSED_PATHS_KEPT + 50; i++) dc.state.setValue(`turn.n${i}`, i);
    expect(dc.state.getValue<number>(`turn.n${PARSED_PATHS_KEPT + 49}`)).to.equal(PARSED_PATHS_KEPT + 49);
    expect(dc.state.getValue<string>('turn.activity.text')).to.equal('hello');
    expect(() => dc.state.parsePath('turn.[bad')).to.throw(/Invalid path/);
  });
});

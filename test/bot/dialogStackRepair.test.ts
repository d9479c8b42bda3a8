import type { DialogState } from 'botbuilder-dialogs';
import { expect } from 'chai';
import { repairDialogStack } from '../../src/botframework/dialogStackRepair.js';
import { allText, buttons, content, createTestBot } from '../helpers/testBot.js';

const menu = content.text.menu;
const KNOWN = new Set(['mainLoop', 'mainMenu', 'learn']);
const known = (id: string): boolean => KNOWN.has(id);

/** The menu waiting for an answer, as the main dialog keeps it. */
const menuStack = () => [
  { id: 'mainLoop', state: { options: {}, values: { instanceId: 'x' }, stepIndex: 0 } },
  { id: 'mainMenu', state: { options: { prompt: menu.prompt, choices: [menu.learn, menu.find, menu.talk] }, state: {} } },
];

describe('stored dialog stacks from another version', () => {
  it('a stack saved when the main dialog was a component ("main" frame) is unwrapped', () => {
    const state: DialogState = { dialogStack: [{ id: 'main', state: { dialogs: { dialogStack: menuStack() } } }] };
    expect(repairDialogStack(state, known)).to.equal('unwrapped');
    expect(state.dialogStack.map((f) => f.id)).to.deep.equal(['mainLoop', 'mainMenu']);
  });

  it('a stack naming a dialog that no longer exists is cleared; a good one is left alone', () => {
    const stale: DialogState = { dialogStack: [...menuStack(), { id: 'renamedPrompt', state: {} }] };
    expect(repairDialogStack(stale, known)).to.equal('reset');
    expect(stale.dialogStack).to.deep.equal([]);
    const good: DialogState = { dialogStack: menuStack() };
    expect(repairDialogStack(good, known)).to.equal(undefined);
    expect(good.dialogStack).to.have.length(2);
    const empty: DialogState = { dialogStack: [] };
    expect(repairDialogStack(empty, known)).to.equal(undefined);
  });

  it('the bot continues a conversation saved in the old shape: the waiting menu takes the answer', async () => {
    let seeded = false;
    const bot = createTestBot({
      aroundTurn: async (context, accessors, run) => {
        if (!seeded) {
          seeded = true;
          const data = await accessors.getData(context);
          data.welcomed = true;
          await accessors.dialogState.set(context, { dialogStack: [{ id: 'main', state: { dialogs: { dialogStack: menuStack() } } }] });
        }
        await run();
      },
    });
    const replies = await bot.say(menu.learn);
    expect(allText(replies)).to.match(/Which part would you like to know about/);
  });

  it('the bot meets a conversation whose stack names an unknown dialog at the menu, not with an error', async () => {
    let seeded = false;
    const bot = createTestBot({
      aroundTurn: async (context, accessors, run) => {
        if (!seeded) {
          seeded = true;
          (await accessors.getData(context)).welcomed = true;
          await accessors.dialogState.set(context, { dialogStack: [{ id: 'aDialogThatWasRemoved', state: {} }] });
        }
        await run();
      },
    });
    const replies = await bot.say('hello');
    expect(allText(replies)).to.not.match(/something went wrong/i);
    expect(buttons(replies)).to.include(menu.learn);
  });
});

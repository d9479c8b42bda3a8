import { expect } from 'chai';
import { createTestBot } from '../helpers/testBot.js';

describe('RecoveryBot: the dialog memory configuration is built once, not on every turn', () => {
  it("later turns get the first turn's configuration (same scopes), and the conversation works as before", async () => {
    const seen: unknown[] = [];
    const { say } = createTestBot({
      aroundTurn: async (context, _accessors, run) => {
        await run();
        seen.push(context.turnState.get('DialogStateManagerConfiguration'));
      },
    });
    await say('hi');
    const learn = await say('Learn about IOP');
    await say('Group therapy');
    expect(learn.length).to.be.greaterThan(0);
    expect(seen[0], 'botbuilder built one on the first turn').to.have.property('memoryScopes').that.is.an('array').that.is.not.empty;
    expect(seen[1]).to.equal(seen[0]);
    expect(seen[2]).to.equal(seen[0]);
  });
});

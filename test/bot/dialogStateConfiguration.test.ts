import { expect } from 'chai';
import { SdkTuning } from '../../src/botframework/sdkTuning.js';
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
    if (SdkTuning.fromEnv().has('sharedScopeConfig')) {
      expect(seen[1]).to.equal(seen[0]);
      expect(seen[2]).to.equal(seen[0]);
    } else {
      // SDK_TUNING=off: botbuilder as shipped builds one per turn.
      expect(seen[1]).to.not.equal(seen[0]);
      expect(seen[1]).to.have.property('memoryScopes').that.is.an('array').that.is.not.empty;
    }
  });
});

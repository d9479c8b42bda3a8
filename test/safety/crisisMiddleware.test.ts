import { MemoryStorage, type Activity, type StoreItems } from 'botbuilder';
import { expect } from 'chai';
import { MAX_UNDERSTOOD_CHARS } from '../../src/turn/normalizeIncoming.js';
import { allText, createTestBot } from '../helpers/testBot.js';

/** A state store that can be made to fail its reads or its writes, as Redis does while it is down. */
class FlakyStorage extends MemoryStorage {
  failReads = false;
  failWrites = false;

  override async read(keys: string[]): Promise<StoreItems> {
    if (this.failReads) throw new Error('Redis state store read failed: Connection is closed.');
    return super.read(keys);
  }

  override async write(changes: StoreItems): Promise<void> {
    if (this.failWrites) throw new Error('Redis state store write failed: Connection is closed.');
    return super.write(changes);
  }
}

const CRISIS = 'I want to kill myself';

/** The crisis response for suicide: 988 and 911 in its text, the helpline among its numbers. */
function expectCrisisResponse(replies: Partial<Activity>[]): void {
  const first = replies[0];
  expect(first?.text, 'the crisis response comes first').to.include('988').and.include('911');
  expect(allText(replies)).to.include('833-820-2922');
}

describe('crisis middleware: the crisis response depends on the words alone', () => {
  describe('with the state store down', () => {
    it('answers a crisis message with 988, 911 and the helpline when state cannot be read', async () => {
      const storage = new FlakyStorage();
      const bot = createTestBot({ storage });
      storage.failReads = true;
      const replies = await bot.say(CRISIS);
      expectCrisisResponse(replies);
      expect(allText(replies)).to.not.match(/something went wrong/i);
    });

    it('ends the turn after the crisis response when state cannot be saved either', async () => {
      const storage = new FlakyStorage();
      const bot = createTestBot({ storage });
      await bot.say('hi');
      storage.failWrites = true;
      const replies = await bot.say(CRISIS);
      expectCrisisResponse(replies);
      expect(allText(replies)).to.not.match(/something went wrong/i);
    });

    it('lets a failure on a turn without crisis words reach the adapter as before', async () => {
      const storage = new FlakyStorage();
      const bot = createTestBot({ storage });
      storage.failReads = true;
      let failed: unknown;
      try {
        await bot.say('Learn about IOP');
      } catch (error) {
        failed = error;
      }
      expect(failed).to.be.instanceOf(Error);
    });

    it('with the store up, still records the concern after sending the response', async () => {
      const bot = createTestBot({ storage: new FlakyStorage() });
      const replies = await bot.say(CRISIS);
      expectCrisisResponse(replies);
      const next = await bot.say('Learn about IOP');
      expect(allText(next), 'the "Get help now" action stays').to.include('Get help now');
    });
  });

  describe('long messages', () => {
    const filler = 'We talked about the evening group and how the rides would work out for me. ';
    const padding = (chars: number): string => filler.repeat(Math.ceil(chars / filler.length)).slice(0, chars);

    it(`sees a crisis sentence after the first ${MAX_UNDERSTOOD_CHARS} characters`, async () => {
      const bot = createTestBot();
      expectCrisisResponse(await bot.say(`${padding(MAX_UNDERSTOOD_CHARS + 500)} ${CRISIS}`));
    });

    it('sees one at the end of a 10,000-character web chat message and of a 256 KB one', async () => {
      expectCrisisResponse(await createTestBot().say(`${padding(10_000 - CRISIS.length - 1)} ${CRISIS}`));
      expectCrisisResponse(await createTestBot().say(`${padding(256 * 1024 - CRISIS.length - 1)} ${CRISIS}`));
    });

    it('sees one after more than twice the understood length of markup', async () => {
      const bot = createTestBot();
      expectCrisisResponse(await bot.say(`${'<p><b>ok</b></p>'.repeat(MAX_UNDERSTOOD_CHARS)}<p>${CRISIS}</p>`));
    });

    it('still gives the dialogs only the first part to understand', async () => {
      let understood = -1;
      const bot = createTestBot({
        aroundTurn: async (context, _accessors, run) => {
          understood = context.activity.text?.length ?? -1;
          await run();
        },
      });
      await bot.say(padding(5000));
      expect(understood).to.equal(MAX_UNDERSTOOD_CHARS);
    });

    it('reads lines and markup as today: "I want<br>to die" is one sentence, "<3" is not a tag', async () => {
      expectCrisisResponse(await createTestBot().say('I want<br>to die'));
      expectCrisisResponse(await createTestBot().say('I want\nto die'));
      expectCrisisResponse(await createTestBot().say('I <3 my kids but I want to die > anything'));
    });
  });

  it('sees crisis words written with look-alike letters from other scripts', async () => {
    expectCrisisResponse(await createTestBot().say('I want to k\u0456ll myself'));
  });
});

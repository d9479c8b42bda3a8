import { expect } from 'chai';
import type { StoreItem } from 'botbuilder';
import { ExpiringMemoryStorage } from '../../src/state/expiringMemoryStorage.js';
import { ConnectorStandIn } from '../helpers/connectorStandIn.js';
import { say, startApp, type RunningApp } from './harness.js';

const IDLE_MS = 30 * 60_000;
/** botbuilder's ConversationState key for a conversation. */
const stateKey = (conversationId: string): string => `emulator/conversations/${conversationId}/`;

describe('conversation state through the real bot: idle expiry and "forget me"', function () {
  this.timeout(60_000);
  const connector = new ConnectorStandIn();
  let serviceUrl: string;
  let running: RunningApp;
  let clock = Date.UTC(2025, 0, 1);
  const storage = new ExpiringMemoryStorage({ idleMs: IDLE_MS, now: () => clock });

  before(async () => {
    serviceUrl = await connector.start();
    running = await startApp({}, { storage });
  });
  after(async () => {
    await running.app.close();
    await connector.stop();
  });

  /** The stored item without touching it (a read would refresh its idle clock). */
  async function peek(conversationId: string): Promise<StoreItem | undefined> {
    const saved = clock;
    const items = await storage.read([stateKey(conversationId)]);
    clock = saved;
    return items[stateKey(conversationId)];
  }

  it('keeps a conversation while it is active and deletes it after the idle time', async () => {
    const id = 'expiry-1';
    const first = await say(running, connector, serviceUrl, id, 'hi', 4);
    expect(first.replies[0]).to.match(/recovery guide/);
    await say(running, connector, serviceUrl, id, 'Learn about IOP');
    expect(await peek(id)).to.have.property('dialogState');

    clock += IDLE_MS - 60_000;
    expect(storage.sweep(), 'nothing expires before the idle time').to.equal(0);
    // A turn just before expiry renews the idle window and continues the same dialog.
    const answer = await say(running, connector, serviceUrl, id, 'Group therapy');
    expect(answer.replies.join(' ')).to.match(/three to four times a week/);

    clock += IDLE_MS - 1;
    expect(storage.sweep()).to.equal(0);
    clock += 1;
    expect(storage.sweep(), 'the idle conversation is deleted').to.equal(1);
    expect(storage.size).to.equal(0);
    expect(await peek(id)).to.equal(undefined);

    // The bot no longer knows this conversation: it is welcomed as new.
    const again = await say(running, connector, serviceUrl, id, 'Tell me more', 3);
    expect(again.replies[0]).to.match(/recovery guide/);
  });

  it('an expired conversation is gone on its next turn even before a sweep runs', async () => {
    const id = 'expiry-2';
    await say(running, connector, serviceUrl, id, 'hi', 4);
    await say(running, connector, serviceUrl, id, 'Learn about IOP');
    clock += IDLE_MS;
    const next = await say(running, connector, serviceUrl, id, 'Group therapy', 3);
    expect(next.replies[0], 'welcomed again, no dialog carried over').to.match(/recovery guide/);
  });

  it('"forget me", once confirmed, removes the stored profile as soon as that turn ends', async () => {
    const id = 'forget-1';
    await say(running, connector, serviceUrl, id, 'hi', 4);
    // What the assessment would have stored: answers, including a ZIP code.
    const stored = (await peek(id)) ?? {};
    await storage.write({ [stateKey(id)]: { ...stored, profile: { careStage: 'not_started', location: { zip: '94110', city: 'San Francisco', state: 'CA', latitude: 37.75, longitude: -122.42 } } } });

    const known = await say(running, connector, serviceUrl, id, 'what do you know about me');
    expect(known.replies.join(' '), 'the bot uses the stored profile').to.match(/94110/);

    // "Forget me" asks once (it is recognized from free text), then erases.
    const asked = await say(running, connector, serviceUrl, id, 'forget me');
    expect(asked.replies.join(' ')).to.match(/erase/);
    expect(await peek(id), 'nothing is erased before the answer').to.have.property('profile');
    const forgot = await say(running, connector, serviceUrl, id, 'Yes, erase it');
    expect(forgot.replies.join(' ')).to.match(/erased/);
    const after = await peek(id);
    expect(after, 'the conversation itself is kept').to.not.equal(undefined);
    expect(after).to.not.have.property('profile');
    expect(JSON.stringify(after)).to.not.include('94110');

    const empty = await say(running, connector, serviceUrl, id, 'what do you know about me');
    expect(empty.replies.join(' ')).to.match(/don't know anything about you/);
  });
});

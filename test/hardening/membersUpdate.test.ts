import { expect } from 'chai';
import { ConnectorStandIn } from '../helpers/connectorStandIn.js';
import { LogCapture, postActivity, startApp, type RunningApp } from './harness.js';

/**
 * A conversationUpdate whose membersAdded/membersRemoved is not a list of accounts with an
 * id: botbuilder hands any non-empty value to the members handlers, and the bot read each
 * member's id, so [null] or "x" failed the turn (and [{}] was welcomed as a person).
 * It is refused at the door with a 400 naming the field; well-formed updates still work.
 */
describe('conversationUpdate with malformed members is a 400, never a turn error', function () {
  this.timeout(60_000);
  const connector = new ConnectorStandIn();
  const logs = new LogCapture('info');
  let serviceUrl: string;
  let running: RunningApp;
  let counter = 0;

  before(async () => {
    serviceUrl = await connector.start();
    running = await startApp({}, { logger: logs.logger });
  });
  after(async () => {
    await running.app.close();
    await connector.stop();
  });

  const update = (fields: Record<string, unknown>) => {
    counter += 1;
    const conversationId = `members-${counter}`;
    const activity = { type: 'conversationUpdate', channelId: 'emulator', serviceUrl, conversation: { id: conversationId }, from: { id: 'user-1' }, recipient: { id: 'bot' }, ...fields };
    return { conversationId, activity };
  };

  const malformed: Array<[string, unknown]> = [
    ['[null]', [null]],
    ['"x"', 'x'],
    ['[{}]', [{}]],
    ['[{ id: 5 }]', [{ id: 5 }]],
    ['[{ id: "" }]', [{ id: '' }]],
    ['["a"]', ['a']],
    ['an object', { id: 'user-1' }],
    ['a number', 5],
    ['null', null],
  ];

  for (const field of ['membersAdded', 'membersRemoved']) {
    for (const [name, members] of malformed) {
      it(`${field}: ${name} → 400 naming ${field}, no turn, no reply`, async () => {
        const { conversationId, activity } = update({ [field]: members });
        const res = await postActivity(running.base, activity);
        expect(res.status, res.body).to.equal(400);
        expect(JSON.parse(res.body)).to.deep.include({ error: 'bad_activity' });
        expect(JSON.parse(res.body).message).to.match(new RegExp(`^${field}`));
        expect(connector.forConversation(conversationId)).to.have.length(0);
      });
    }
  }

  it('no malformed update above caused a turn error', () => {
    expect(logs.events('turn_error')).to.have.length(0);
  });

  it('a well-formed membersAdded still gets the welcome; membersRemoved is accepted quietly', async () => {
    const added = update({ membersAdded: [{ id: 'bot' }, { id: 'user-1', name: 'User' }] });
    expect((await postActivity(running.base, added.activity)).status).to.equal(200);
    await connector.waitFor(() => connector.forConversation(added.conversationId).some((r) => /recovery guide/.test(r.activity.text ?? '')));

    const removed = update({ membersRemoved: [{ id: 'user-1' }] });
    expect((await postActivity(running.base, removed.activity)).status).to.equal(200);
    const empty = update({ membersAdded: [] });
    expect((await postActivity(running.base, empty.activity)).status).to.equal(200);
    expect(logs.events('turn_error')).to.have.length(0);
  });
});

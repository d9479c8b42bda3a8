import { expect } from 'chai';
import { Client, fetchToken, startApp, waitFor, type Running } from './harness.js';

describe('local Direct Line with botframework-directlinejs', () => {
  let running: Running;
  const clients: Client[] = [];
  before(async () => {
    running = await startApp();
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.end();
  });
  after(async () => {
    await running.close();
  });

  for (const webSocket of [true, false]) {
    it(`welcomes, then answers a message (${webSocket ? 'WebSocket stream' : 'polling'})`, async () => {
      const token = await fetchToken(running.baseUrl);
      expect(token.mode).to.equal('local');
      expect(token.domain).to.equal(`${running.baseUrl}/v3/directline`);
      const client = new Client(token.domain, token.token, webSocket);
      clients.push(client);
      await waitFor('the welcome', () => client.fromBot().find((a) => /recovery guide/i.test(a.text ?? '')));
      await waitFor('the emergency numbers in the welcome', () => client.fromBot().find((a) => /988/.test(a.text ?? '')));
      const before = client.fromBot().length;
      await client.send('what is group therapy?');
      const echo = await waitFor('the echo of my message', () => client.activities.find((a) => a.type === 'message' && a.from.role === 'user'));
      expect(echo.from.id).to.equal(token.userId);
      await waitFor('a reply about group therapy', () => client.fromBot().slice(before).find((a) => /group/i.test(a.text ?? '')));
    });
  }
});

describe('local Direct Line when the bot has a MicrosoftAppId', () => {
  let running: Running;
  let client: Client | undefined;
  before(async () => {
    // No network here: if the bot tried to fetch an AAD token for its replies, nothing would arrive.
    running = await startApp({ MicrosoftAppId: '00000000-0000-0000-0000-0000000000a1', MicrosoftAppPassword: 'not-a-real-password' });
  });
  after(async () => {
    client?.end();
    await running.close();
  });

  it('still delivers through the same adapter and the replies still arrive', async () => {
    const token = await fetchToken(running.baseUrl);
    client = new Client(token.domain, token.token, true);
    await waitFor('the welcome', () => client?.fromBot().find((a) => /recovery guide/i.test(a.text ?? '')));
    const before = client.fromBot().length;
    await client.send('what is group therapy?');
    await waitFor('a reply', () => client?.fromBot().slice(before).find((a) => /group/i.test(a.text ?? '')));
    expect(client.fromBot()[0]?.from.id).to.equal('00000000-0000-0000-0000-0000000000a1');
  });
});

import { expect } from 'chai';
import { Client, ConnectionStatus, fetchToken, startApp, waitFor, type Running } from './harness.js';
import { call, waitForWelcome, type Started } from './rest.js';

const CONVERSATIONS = '/v3/directline/conversations';

describe('Direct Line tokens: expiry, refresh, rate limit, conversation expiry', () => {
  // A clock the tests move by hand: expiry is tested without waiting for it.
  let now = Date.now();
  const clock = () => now;
  let running: Running;
  const clients: Client[] = [];

  before(async () => {
    running = await startApp(
      { DIRECT_LINE_TOKEN_TTL_SECONDS: '60', STATE_IDLE_MINUTES: '10' },
      { now: clock, tokensPerMinute: 1000, limits: { maxConversations: 3 } },
    );
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.end();
  });
  after(async () => {
    await running.close();
  });

  async function started(): Promise<Started> {
    const token = await fetchToken(running.baseUrl);
    expect(token.expiresIn).to.equal(60);
    const res = await call<Started>(running.baseUrl, CONVERSATIONS, { method: 'POST', token: token.token, body: {} });
    expect(res.status).to.equal(201);
    // A bot reply counts as use, so the welcome turn must be over before the clock moves.
    await waitForWelcome(running.baseUrl, res.body);
    return res.body;
  }

  const read = (c: Started, token = c.token) => call<{ error?: { code: string } }>(running.baseUrl, `${CONVERSATIONS}/${c.conversationId}/activities`, { token });

  it('expires tokens (403 TokenExpired) and refreshes them before they do', async () => {
    const c = await started();
    now += 50_000;
    const refreshed = await call<{ token: string; conversationId: string; expires_in: number }>(running.baseUrl, '/v3/directline/tokens/refresh', { method: 'POST', token: c.token });
    expect(refreshed.status).to.equal(200);
    expect(refreshed.body.conversationId).to.equal(c.conversationId);
    expect(refreshed.body.expires_in).to.equal(60);
    expect(refreshed.body.token).to.not.equal(c.token);

    now += 20_000; // old token: 70 s old; new one: 20 s
    const old = await read(c);
    expect(old.status).to.equal(403);
    expect(old.body.error?.code).to.equal('TokenExpired');
    expect((await read(c, refreshed.body.token)).status).to.equal(200);
    const lateRefresh = await call(running.baseUrl, '/v3/directline/tokens/refresh', { method: 'POST', token: c.token });
    expect(lateRefresh.status, 'an expired token cannot be refreshed').to.equal(403);
  });

  it('puts directlinejs into ExpiredToken when its token expires', async () => {
    const token = await fetchToken(running.baseUrl);
    const client = new Client(token.domain, token.token, false);
    clients.push(client);
    await waitFor('online', () => client.statuses.includes(ConnectionStatus.Online));
    now += 61_000;
    await waitFor('ExpiredToken', () => client.statuses.includes(ConnectionStatus.ExpiredToken));
  });

  it('keeps at most the configured number of conversations, dropping the least recently used', async () => {
    const conversations = [await started(), await started(), await started()];
    expect((await read(conversations[0]!)).status).to.equal(200); // 0 is now the most recently used
    await started(); // a fourth: 1 is dropped
    expect((await read(conversations[1]!)).status).to.equal(404);
    expect((await read(conversations[0]!)).status).to.equal(200);
    expect((await read(conversations[2]!)).status).to.equal(200);
  });

});

describe('Direct Line conversation idle expiry', () => {
  let now = Date.now();
  let running: Running;
  before(async () => {
    // Tokens (30 min) outlive the idle time (10 min), so only the idle expiry can end the conversation.
    running = await startApp({ STATE_IDLE_MINUTES: '10' }, { now: () => now });
  });
  after(async () => {
    await running.close();
  });

  it('drops an idle conversation and its log (404), and keeps one in use', async () => {
    const start = async (): Promise<Started> => {
      const token = await fetchToken(running.baseUrl);
      return (await call<Started>(running.baseUrl, CONVERSATIONS, { method: 'POST', token: token.token, body: {} })).body;
    };
    const read = (c: Started) => call(running.baseUrl, `${CONVERSATIONS}/${c.conversationId}/activities`, { token: c.token });
    const idle = await start();
    const used = await start();
    // Let both welcome turns finish first: a bot reply counts as use.
    for (const c of [idle, used]) await waitForWelcome(running.baseUrl, c);
    now += 9 * 60_000;
    expect((await read(used)).status).to.equal(200);
    now += 60_000 + 1;
    expect((await read(idle)).status, '10 minutes without a request').to.equal(404);
    expect((await read(used)).status, 'read a minute ago').to.equal(200);
  });
});

describe('Direct Line token endpoint rate limit', () => {
  let running: Running;
  before(async () => {
    running = await startApp({}, { tokensPerMinute: 2 });
  });
  after(async () => {
    await running.close();
  });

  it('answers 429 with Retry-After and the helpline past the per-IP limit', async () => {
    expect((await call(running.baseUrl, '/api/directline/token', { method: 'POST' })).status).to.equal(200);
    expect((await call(running.baseUrl, '/api/directline/token', { method: 'POST' })).status).to.equal(200);
    const limited = await call<{ error: { code: string; message: string } }>(running.baseUrl, '/api/directline/token', { method: 'POST' });
    expect(limited.status).to.equal(429);
    expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 60);
    expect(limited.body.error.message).to.include('833-820-2922');
  });
});

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
      { now: clock, tokensPerMinute: 1000 },
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

});

describe('Direct Line conversation table full: a flood of new chats ends nobody\'s', () => {
  let now = Date.now();
  let running: Running;
  before(async () => {
    running = await startApp({ STATE_IDLE_MINUTES: '10' }, { now: () => now, tokensPerMinute: 1000, limits: { maxConversations: 3 } });
  });
  after(async () => {
    await running.close();
  });

  type DirectLineError = { error: { code: string; message: string } };
  const start = (token: string) => call<Started & DirectLineError>(running.baseUrl, CONVERSATIONS, { method: 'POST', token, body: {} });
  const read = (c: Started) => call(running.baseUrl, `${CONVERSATIONS}/${c.conversationId}/activities`, { token: c.token });
  async function started(): Promise<Started> {
    const res = await start((await fetchToken(running.baseUrl)).token);
    expect(res.status).to.equal(201);
    await waitForWelcome(running.baseUrl, res.body);
    return res.body;
  }

  it('refuses new chats with 503 + Retry-After (token and conversation alike), keeps every open one, and takes new ones once one goes idle', async () => {
    const first = await started();
    now += 60_000;
    const second = await started();
    // A token fetched while there was room: starting its conversation once full is refused.
    const early = await fetchToken(running.baseUrl);
    const open = [first, second, await started()];

    const flood = [];
    for (let i = 0; i < 5; i++) flood.push(await call<DirectLineError>(running.baseUrl, '/api/directline/token', { method: 'POST' }));
    for (const res of flood) {
      expect(res.status).to.equal(503);
      expect(res.body.error.code).to.equal('ServiceUnavailable');
      expect(res.body.error.message).to.include('833-820-2922');
      // The first conversation goes idle 9 minutes from now (10 minutes after its last use).
      expect(res.headers.get('retry-after')).to.equal(String(9 * 60));
    }
    for (const c of open) expect((await read(c)).status, 'still open').to.equal(200);
    // read() just used every one: a whole idle period before any can go.
    const refused = await start(early.token);
    expect(refused.status).to.equal(503);
    expect(refused.body.error.code).to.equal('ServiceUnavailable');
    expect(refused.headers.get('retry-after')).to.equal(String(10 * 60));
    for (const c of open) expect((await read(c)).status, 'still open after the refusals').to.equal(200);

    // Two keep talking; the first goes quiet for the idle time and makes room.
    now += 5 * 60_000;
    expect((await read(open[1]!)).status).to.equal(200);
    expect((await read(open[2]!)).status).to.equal(200);
    now += 5 * 60_000;
    const late = await start(early.token);
    expect(late.status).to.equal(201);
    expect((await read(open[0]!)).status, 'the idle one made room').to.equal(404);
    expect((await read(open[1]!)).status).to.equal(200);
    expect((await read(open[2]!)).status).to.equal(200);
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

import { expect } from 'chai';
import type { Request, Response, Server } from 'restify';
import { TokenBucketLimiter } from '../../src/hosting/tokenBucketLimiter.js';
import { channelMessage, ConnectorStandIn } from '../helpers/connectorStandIn.js';
import { postActivity, startApp, type RunningApp } from './harness.js';

describe('TokenBucketLimiter', () => {
  it('allows a burst of perMinute, then refuses with the seconds until the next token', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ perMinute: 6, now: () => now });
    for (let i = 0; i < 6; i++) expect(limiter.take('a')).to.equal(0);
    expect(limiter.take('a')).to.equal(10); // one token every 10 s
    now += 9_000;
    expect(limiter.take('a')).to.equal(1);
    now += 1_000;
    expect(limiter.take('a')).to.equal(0);
    expect(limiter.take('b'), 'keys are independent').to.equal(0);
  });

  it('refills to at most a full bucket', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ perMinute: 2, now: () => now });
    limiter.take('a');
    now += 60 * 60_000;
    expect(limiter.take('a')).to.equal(0);
    expect(limiter.take('a')).to.equal(0);
    expect(limiter.take('a')).to.be.greaterThan(0);
  });

  it('keeps at most maxKeys buckets, dropping the least recently used', () => {
    const limiter = new TokenBucketLimiter({ perMinute: 1, maxKeys: 3, now: () => 0 });
    for (const key of ['a', 'b', 'c', 'd']) limiter.take(key);
    expect(limiter.size).to.equal(3);
    expect(limiter.take('a'), '"a" was evicted and comes back full').to.equal(0);
    expect(limiter.take('d'), '"d" is still tracked').to.be.greaterThan(0);
  });

  it('rejects invalid options with a clear error', () => {
    expect(() => new TokenBucketLimiter({ perMinute: 0 })).to.throw(TypeError, /perMinute/);
    expect(() => new TokenBucketLimiter({ perMinute: 1.5 })).to.throw(TypeError, /perMinute/);
  });
});

/** Routes standing in for what the Direct Line feature registers, so the prefixes can be tested on their own. */
function fakeDirectLineRoutes(server: Server): void {
  const ok = async (_req: Request, res: Response) => void res.send(200, { ok: true });
  server.post('/api/directline/token', ok);
  server.post('/v3/directline/tokens/generate', ok);
  server.post('/v3/directline/conversations', ok);
  server.post('/v3/directline/conversations/:id/activities', ok);
  server.post('/v3/directline/connector/:secret/v3/conversations/:id/activities', ok);
}

describe('rate limits over HTTP (429 + Retry-After)', function () {
  this.timeout(60_000);
  const connector = new ConnectorStandIn();
  let serviceUrl: string;
  const running: RunningApp[] = [];

  before(async () => {
    serviceUrl = await connector.start();
  });
  afterEach(async () => {
    for (const r of running.splice(0)) await r.app.close();
  });
  after(() => connector.stop());

  async function start(env: Record<string, string>): Promise<RunningApp> {
    const r = await startApp(env, { routes: [fakeDirectLineRoutes] });
    running.push(r);
    return r;
  }

  it('per client IP: the request over RATE_LIMIT_PER_IP_PER_MINUTE gets 429 with Retry-After', async () => {
    const { base } = await start({ RATE_LIMIT_PER_IP_PER_MINUTE: '3', RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '100' });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await postActivity(base, { ...channelMessage(serviceUrl, `ip-${i}`, undefined), type: 'typing' })).status);
    expect(statuses.every((s) => s >= 200 && s < 300), `first three: ${statuses.join(',')}`).to.equal(true);
    const refused = await postActivity(base, channelMessage(serviceUrl, 'ip-4', 'hello'));
    expect(refused.status).to.equal(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).to.be.within(1, 20); // 3 per minute: a token every 20 s
    expect(JSON.parse(refused.body)).to.include({ error: 'rate_limited', retryAfterSeconds: retryAfter });
    // Refused before the bot: no reply was sent for it.
    expect(connector.forConversation('ip-4')).to.have.length(0);
  });

  it('per conversation: one conversation over its limit gets 429 while others go on', async () => {
    const { base } = await start({ RATE_LIMIT_PER_IP_PER_MINUTE: '1000', RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '2' });
    const send = (id: string) => postActivity(base, channelMessage(serviceUrl, id, 'Talk to someone now'));
    expect((await send('conv-a')).status).to.be.within(200, 299);
    expect((await send('conv-a')).status).to.be.within(200, 299);
    const refused = await send('conv-a');
    expect(refused.status).to.equal(429);
    expect(Number(refused.headers.get('retry-after'))).to.be.within(1, 30);
    expect((await send('conv-b')).status, 'another conversation from the same client').to.be.within(200, 299);
  });

  it('typing indicators do not count against a conversation', async () => {
    const { base } = await start({ RATE_LIMIT_PER_IP_PER_MINUTE: '1000', RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '1' });
    for (let i = 0; i < 3; i++) {
      expect((await postActivity(base, { ...channelMessage(serviceUrl, 'typist', undefined), type: 'typing' })).status).to.be.within(200, 299);
    }
    expect((await postActivity(base, channelMessage(serviceUrl, 'typist', 'hi'))).status).to.be.within(200, 299);
  });

  it('the limits come from configuration (a higher limit allows more)', async () => {
    const { base } = await start({ RATE_LIMIT_PER_IP_PER_MINUTE: '12', RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '100' });
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) statuses.push((await fetch(`${base}/api/directline/token`, { method: 'POST' })).status);
    expect(statuses.slice(0, 12).every((s) => s === 200)).to.equal(true);
    expect(statuses[12]).to.equal(429);
  });

  it('covers the Direct Line token and conversation routes other features register, by prefix', async () => {
    const { base } = await start({ RATE_LIMIT_PER_IP_PER_MINUTE: '2' });
    for (const path of ['/api/directline/token', '/v3/directline/tokens/generate', '/v3/directline/conversations']) {
      const { base: fresh } = await start({ RATE_LIMIT_PER_IP_PER_MINUTE: '2' });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${fresh}${path}`, { method: 'POST' })).status);
      expect(statuses, path).to.deep.equal([200, 200, 429]);
    }
    // One bucket per client across all limited paths.
    expect((await fetch(`${base}/api/directline/token`, { method: 'POST' })).status).to.equal(200);
    expect((await fetch(`${base}/v3/directline/conversations`, { method: 'POST' })).status).to.equal(200);
    expect((await postActivity(base, channelMessage(serviceUrl, 'shared', 'hi'))).status).to.equal(429);
  });

  it('Direct Line message posts are limited per conversation too', async () => {
    const { base } = await start({ RATE_LIMIT_PER_IP_PER_MINUTE: '1000', RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '2' });
    const post = (id: string) => fetch(`${base}/v3/directline/conversations/${id}/activities`, { method: 'POST' }).then((r) => r.status);
    expect([await post('dl-1'), await post('dl-1'), await post('dl-1'), await post('dl-2')]).to.deep.equal([200, 200, 429, 200]);
  });

  it('someone who only knows a conversation id cannot spend its limit: the count is per conversation and token', async () => {
    const { base } = await start({ RATE_LIMIT_PER_IP_PER_MINUTE: '1000', RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '2' });
    const post = (token: string) => fetch(`${base}/v3/directline/conversations/dl-1/activities`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect([await post('guessed'), await post('guessed'), await post('guessed')]).to.deep.equal([200, 200, 429]);
    expect([await post('the-persons-token'), await post('the-persons-token'), await post('the-persons-token')]).to.deep.equal([200, 200, 429]);
  });

  it('never limits health probes or the internal connector the bot replies through', async () => {
    const { base } = await start({ RATE_LIMIT_PER_IP_PER_MINUTE: '1' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await fetch(`${base}/healthz`)).status, (await fetch(`${base}/readyz`)).status);
      statuses.push((await fetch(`${base}/v3/directline/connector/s3cret/v3/conversations/c/activities`, { method: 'POST' })).status);
    }
    expect(statuses.every((s) => s === 200), statuses.join(',')).to.equal(true);
  });

  it('a 429 to an allowed web origin carries CORS headers so the page can read Retry-After', async () => {
    const { base } = await start({ RATE_LIMIT_PER_IP_PER_MINUTE: '1', ALLOWED_ORIGINS: 'https://clinic.example.org' });
    await fetch(`${base}/api/directline/token`, { method: 'POST' });
    const allowed = await fetch(`${base}/api/directline/token`, { method: 'POST', headers: { origin: 'https://clinic.example.org' } });
    expect(allowed.status).to.equal(429);
    expect(allowed.headers.get('access-control-allow-origin')).to.equal('https://clinic.example.org');
    expect(allowed.headers.get('access-control-expose-headers')).to.match(/Retry-After/i);
    const other = await fetch(`${base}/api/directline/token`, { method: 'POST', headers: { origin: 'https://evil.example.com' } });
    expect(other.status).to.equal(429);
    expect(other.headers.get('access-control-allow-origin')).to.equal(null);
  });

  it('with Bot Framework credentials /api/messages is not limited per IP (all channel traffic shares the connector addresses)', async () => {
    const { base } = await start({
      RATE_LIMIT_PER_IP_PER_MINUTE: '1',
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'not-a-real-secret',
    });
    // Without a token each gets 401 from the pre-check: refused as unauthorized, never as 429.
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await postActivity(base, channelMessage(serviceUrl, `cred-${i}`, 'hi'))).status);
    expect(statuses).to.deep.equal([401, 401, 401]);
    // The Direct Line routes still are.
    await fetch(`${base}/api/directline/token`, { method: 'POST' });
    expect((await fetch(`${base}/api/directline/token`, { method: 'POST' })).status).to.equal(429);
  });
});

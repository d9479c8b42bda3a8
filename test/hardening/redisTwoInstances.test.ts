import { expect } from 'chai';
import { Redis } from 'ioredis';
import { redisServerOrSkip, type TestRedisServer } from '../state/redisServer.js';
import { ConnectorStandIn } from '../helpers/connectorStandIn.js';
import { say, startApp, type RunningApp } from './harness.js';
import { content } from '../helpers/testBot.js';

/** Labels and texts from data/ (they used to be constants in the dialogs). */
const CONSENT_YES = content.messages.callback.consentYes;
const TALK_CHOICES = content.messages.talk;

const STAFF_TOKEN = 'staff-token-two-instances-0123456789';

describe('two bot instances sharing one Redis continue the same conversation', function () {
  this.timeout(60_000);
  const connector = new ConnectorStandIn();
  let serviceUrl: string;
  let redis: TestRedisServer | undefined;
  let a: RunningApp | undefined;
  let b: RunningApp | undefined;

  before(async function () {
    redis = await redisServerOrSkip(this, 'two-instance');
    serviceUrl = await connector.start();
    a = await startApp({ STATE_STORE: redis.url, STAFF_API_TOKEN: STAFF_TOKEN });
    b = await startApp({ STATE_STORE: redis.url, STAFF_API_TOKEN: STAFF_TOKEN });
  });
  after(async () => {
    await a?.app.close();
    await b?.app.close();
    await connector.stop();
    await redis?.stop();
  });

  it('start on A, answer on B, go on on A: each reply continues the same dialog', async () => {
    const id = 'two-instances';
    const menu = await say(a!, connector, serviceUrl, id, 'Learn about IOP', 3);
    expect(menu.replies.join(' ')).to.match(/Which part would you like to know about/);

    const topic = await say(b!, connector, serviceUrl, id, 'Group therapy');
    expect(topic.replies.join(' '), 'B knows A asked which topic').to.match(/three to four times a week/);

    const more = await say(a!, connector, serviceUrl, id, 'Tell me more');
    expect(more.replies.join(' '), 'A knows B showed group therapy').to.match(/CBT|cognitive behavioral/i);

    // Welcomed once across both instances, and the state really lives in Redis.
    const welcomes = connector.forConversation(id).filter((r) => /recovery guide/.test(r.activity.text ?? ''));
    expect(welcomes).to.have.length(1);
    const client = new Redis(redis!.url);
    try {
      // The conversation's state; its rate-limit count (recovery-bot:rl:…) lives a minute beside it.
      const keys = (await client.keys('*two-instances*')).filter((key) => !key.startsWith('recovery-bot:rl:'));
      expect(keys).to.have.length(1);
      expect(await client.pttl(keys[0]!)).to.be.greaterThan(0);
    } finally {
      client.disconnect();
    }
  });

  it('a callback requested through A is listed and marked done through B (the queue is in the same Redis)', async () => {
    const id = 'two-instances-callback';
    await say(a!, connector, serviceUrl, id, 'Talk to someone now', 3);
    await say(b!, connector, serviceUrl, id, TALK_CHOICES.callback);
    await say(a!, connector, serviceUrl, id, '(312) 555-2368');
    await say(b!, connector, serviceUrl, id, 'Morning');
    const saved = await say(a!, connector, serviceUrl, id, CONSENT_YES);
    expect(saved.replies.join(' ')).to.match(/Your request is saved/);

    const staff = { authorization: `Bearer ${STAFF_TOKEN}` };
    const listed = (await (await fetch(`${b!.base}/api/callbacks`, { headers: staff })).json()) as { requests: Array<{ id: string; phone: string }> };
    expect(listed.requests.map((r) => r.phone)).to.deep.equal(['+13125552368']);
    const done = await fetch(`${b!.base}/api/callbacks/${listed.requests[0]!.id}/done`, { method: 'POST', headers: staff });
    expect(done.status).to.equal(200);
    const onA = (await (await fetch(`${a!.base}/api/callbacks`, { headers: staff })).json()) as { requests: unknown[] };
    expect(onA.requests).to.deep.equal([]);
  });
});

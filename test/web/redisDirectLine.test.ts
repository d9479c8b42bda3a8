import { expect } from 'chai';
import { Redis } from 'ioredis';
import { redisServerOrSkip, type TestRedisServer } from '../state/redisServer.js';
import { call, openStream, type ActivitySetBody, type Started } from './rest.js';
import { fetchToken, startApp, waitFor, type Running } from './harness.js';
import { RedisConversations } from '../../src/features/directline/redisConversations.js';
import { pino } from 'pino';

/**
 * The web chat's Direct Line on two instances sharing one Redis, with no sticky sessions:
 * every request of one conversation may land on either, and the person sees one
 * conversation (issue #20).
 */
describe('web chat Direct Line across two instances on one Redis', function () {
  this.timeout(60_000);
  let redis: TestRedisServer | undefined;
  let a: Running | undefined;
  let b: Running | undefined;

  before(async function () {
    redis = await redisServerOrSkip(this, 'Direct Line in Redis');
    const env = { STATE_STORE: redis.url, RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '1000', RATE_LIMIT_PER_IP_PER_MINUTE: '10000' };
    a = await startApp(env, { tokensPerMinute: 1000 });
    b = await startApp(env, { tokensPerMinute: 1000 });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  /** Starts a chat: token from A, conversation started on B. */
  async function start(): Promise<Started> {
    const { token } = await fetchToken(a!.baseUrl);
    const started = await call<Started>(b!.baseUrl, '/v3/directline/conversations', { method: 'POST', token, body: {} });
    expect(started.status, 'a token from A starts a conversation on B (one token secret)').to.equal(201);
    return started.body;
  }

  const say = (on: Running, s: Started, text: string) =>
    call<{ id: string }>(on.baseUrl, `/v3/directline/conversations/${s.conversationId}/activities`, {
      method: 'POST',
      token: s.token,
      body: { type: 'message', text, from: { id: 'x' } },
    });

  const botTexts = (set: ActivitySetBody[]): string[] => set.flatMap((f) => f.activities).filter((x) => x.from.role !== 'user').map((x) => x.text ?? '');

  it('posts through A and B alternately; polling either and a WebSocket on the other see one conversation in order', async () => {
    const s = await start();
    // The stream on A; the welcome came from B's turn.
    const stream = openStream(`${a!.baseUrl.replace('http', 'ws')}/v3/directline/conversations/${s.conversationId}/stream?${new URL(s.streamUrl, a!.baseUrl).searchParams.toString()}`);
    await stream.opened;
    await waitFor('the welcome on the stream', () => botTexts(stream.frames).some((t) => /recovery guide/i.test(t)));

    expect((await say(b!, s, 'Learn about IOP')).status).to.equal(200);
    expect((await say(a!, s, 'Group therapy')).status).to.equal(200);
    await waitFor('the group therapy answer on the stream', () => botTexts(stream.frames).some((t) => /three to four times a week/.test(t)));

    const onA = await call<ActivitySetBody>(a!.baseUrl, `/v3/directline/conversations/${s.conversationId}/activities`, { token: s.token });
    const onB = await call<ActivitySetBody>(b!.baseUrl, `/v3/directline/conversations/${s.conversationId}/activities`, { token: s.token });
    expect(onA.body).to.deep.equal(onB.body);
    const ids = onA.body.activities.map((x) => x.id);
    const streamed = stream.frames.flatMap((f) => f.activities.map((x) => x.id));
    expect(streamed, 'the stream got each activity once, in the log order').to.deep.equal(ids.slice(0, streamed.length));
    const userSaid = onA.body.activities.filter((x) => x.from.role === 'user').map((x) => x.text);
    expect(userSaid).to.deep.equal(['Learn about IOP', 'Group therapy']);
    // Numbers from one counter: strictly increasing, no gaps.
    const seqs = ids.map((id) => Number(id.split('|')[1]));
    expect(seqs).to.deep.equal(seqs.map((_, i) => i + 1));

    // A watermark from one instance works on the other.
    const later = await call<ActivitySetBody>(b!.baseUrl, `/v3/directline/conversations/${s.conversationId}/activities?watermark=${onA.body.watermark}`, { token: s.token });
    expect(later.body.activities).to.deep.equal([]);
    stream.ws.close();
  });

  it('keeps nothing but the conversation keys, which expire, and nothing typed outside the log', async () => {
    const s = await start();
    await say(a!, s, 'Learn about IOP');
    const client = new Redis(redis!.url);
    try {
      const keys = await client.keys(`recovery-bot:dl:*${s.conversationId}*`);
      expect(keys.sort()).to.deep.equal([`recovery-bot:dl:c:${s.conversationId}`, `recovery-bot:dl:l:${s.conversationId}`]);
      for (const key of keys) expect(await client.pttl(key)).to.be.greaterThan(0);
    } finally {
      client.disconnect();
    }
  });

  it('caps each log at maxActivities and the table at maxConversations, across instances', async () => {
    const limits = { maxConversations: 2, idleMs: 60_000, maxActivities: 3 };
    const logger = pino({ level: 'silent' });
    const prefix = `cap-${Date.now()}`;
    const one = new RedisConversations({ url: redis!.url, limits, logger });
    const two = new RedisConversations({ url: redis!.url, limits, logger });
    const client = new Redis(redis!.url);
    try {
      // Other tests' conversations are in the same table: start from an empty one.
      await client.del('recovery-bot:dl:open');
      const first = await one.open(`${prefix}-1`, 'u');
      expect(first?.created).to.equal(true);
      expect((await two.open(`${prefix}-1`, 'u'))?.created, 'the same conversation, not a second one').to.equal(false);
      expect(await two.open(`${prefix}-2`, 'u')).to.not.equal(undefined);
      expect(await one.hasRoom()).to.equal(false);
      expect(await one.open(`${prefix}-3`, 'u'), 'full: the newcomer is refused, no live chat ends').to.equal(undefined);
      expect(await one.secondsUntilRoom()).to.be.within(1, 60);

      const conversation = first!.conversation;
      for (let i = 1; i <= 5; i++) await conversation.append({ type: 'message', text: `m${i}` }, new Date());
      const kept = await (await two.get(`${prefix}-1`))!.after(undefined);
      expect(kept.activities.map((x) => x.text)).to.deep.equal(['m3', 'm4', 'm5']);
      expect(kept.watermark).to.equal('5');
    } finally {
      await client.del('recovery-bot:dl:open');
      client.disconnect();
      await one.close();
      await two.close();
    }
  });

  it('a stream opened while activities are being added gets each one once, in order (the backlog and the live feed do not overlap)', async () => {
    const limits = { maxConversations: 1000, idleMs: 60_000, maxActivities: 200 };
    const logger = pino({ level: 'silent' });
    const one = new RedisConversations({ url: redis!.url, limits, logger });
    const two = new RedisConversations({ url: redis!.url, limits, logger });
    try {
      for (let round = 0; round < 8; round++) {
        const id = `race-${Date.now()}-${round}`;
        const conversation = (await one.open(id, 'u'))!.conversation;
        const seen: string[] = [];
        // Appends on one instance while the other opens its stream: what is published while it
        // subscribes must not come both live and in the backlog.
        const appending = (async () => {
          for (let i = 1; i <= 20; i++) await conversation.append({ type: 'message', text: `m${i}` }, new Date());
        })();
        await new Promise((resolve) => setTimeout(resolve, round));
        const stop = await (await two.get(id))!.stream(undefined, { onActivities: (set) => seen.push(...set.activities.map((a) => String(a.text ?? ''))), onEnd: () => undefined });
        await appending;
        await waitFor('all twenty on the stream', () => seen.length >= 20);
        await new Promise((resolve) => setTimeout(resolve, 30));
        stop();
        expect(seen, `round ${round}`).to.deep.equal(Array.from({ length: 20 }, (_, i) => `m${i + 1}`));
      }
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('runs one conversation\'s turns one at a time across instances (the turn lock)', async () => {
    const limits = { maxConversations: 100, idleMs: 60_000, maxActivities: 10 };
    const logger = pino({ level: 'silent' });
    const one = new RedisConversations({ url: redis!.url, limits, logger });
    const two = new RedisConversations({ url: redis!.url, limits, logger });
    try {
      const id = `lock-${Date.now()}`;
      const c1 = (await one.open(id, 'u'))!.conversation;
      const c2 = (await two.get(id))!;
      const order: string[] = [];
      const turn = (name: string) => async () => {
        order.push(`${name} start`);
        await new Promise((r) => setTimeout(r, 50));
        order.push(`${name} end`);
      };
      await Promise.all([c1.enqueueTurn(turn('one')), c2.enqueueTurn(turn('two'))]);
      expect(order[1]).to.match(/ end$/);
      expect(order[3]).to.match(/ end$/);
    } finally {
      await one.close();
      await two.close();
    }
  });
});

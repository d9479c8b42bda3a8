/**
 * Two bot processes on one Redis behind a round-robin proxy with no sticky sessions
 * (issue #20): a web chat in Chromium talks to both, alternately, and sees one
 * conversation; a callback requested through the chat is listed by each instance; limits
 * hold across both; one instance is killed mid-conversation and the chat carries on.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { redisServerOrSkip, type TestRedisServer } from '../state/redisServer.js';
import { startLikeNpmStart } from '../helpers/childProcess.js';
import { RoundRobinProxy } from '../helpers/roundRobinProxy.js';
import { content } from '../helpers/testBot.js';
import { call, type Started } from '../web/rest.js';
import { botTexts, launchChromium, requireChromium, send, violations, waitForBotText, watchedPage } from './helpers.js';

const STAFF_TOKEN = 'staff-token-two-processes-0123456789';
const PER_CONVERSATION = 15;

interface Instance {
  child: ChildProcess;
  base: string;
  port: number;
}

describe('two instances, one Redis, a round-robin proxy with no sticky sessions (web chat in Chromium)', function () {
  this.timeout(300_000);
  let redis: TestRedisServer | undefined;
  const instances: Instance[] = [];
  let proxy: RoundRobinProxy | undefined;
  let front = '';
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const external: string[] = [];

  before(async function () {
    requireChromium(this);
    redis = await redisServerOrSkip(this, 'two-process');
    // No DIRECT_LINE_TOKEN_SECRET: the instances must agree on one through Redis.
    const env = { STATE_STORE: redis.url, STAFF_API_TOKEN: STAFF_TOKEN, RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: String(PER_CONVERSATION), LOG_LEVEL: 'info' };
    // Each kept as soon as it listens, so after() stops it even when the other fails to start.
    const starting = [startLikeNpmStart(env, 120_000), startLikeNpmStart(env, 120_000)];
    const results = await Promise.allSettled(starting.map((p) => p.then((instance) => (instances.push(instance), instance))));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    proxy = new RoundRobinProxy(instances.map((i) => i.port));
    front = `http://127.0.0.1:${await proxy.start()}`;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    page = await watchedPage(context, external);
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await proxy?.stop();
    for (const { child } of instances) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
    }
    await redis?.stop();
  });

  /** Sends a message and waits for a bot message matching `reply` after the ones already there. */
  async function exchange(text: string, reply: RegExp): Promise<void> {
    const seen = (await botTexts(page!)).length;
    await send(page!, text);
    await waitForBotText(page!, reply, seen);
  }

  it('one conversation across both instances, a callback listed by each, and the chat goes on when one is killed', async () => {
    await page!.goto(front);
    await waitForBotText(page!, /recovery guide/i);
    await exchange(content.text.menu.learn, /Which part would you like to know about/);
    await exchange('Group therapy', /three to four times a week/);
    await exchange(content.text.menu.talk, /./);
    await exchange(content.messages.talk.callback, /./);
    await exchange('(312) 555-2368', /./);
    await exchange('Morning', /./);
    await exchange(content.messages.callback.consentYes, /Your request is saved/);

    // Both instances served this chat's Direct Line requests (posts, polls, token, streams).
    const directLine = proxy!.countBy(/\/v3\/directline\/conversations/);
    expect(directLine[0], 'instance A served Direct Line requests').to.be.greaterThan(0);
    expect(directLine[1], 'instance B served Direct Line requests').to.be.greaterThan(0);
    // A post is recorded when its answer comes, after the turn (the reply may show first).
    const postCounts = () => proxy!.countBy(/^POST \/v3\/directline\/conversations\/[^/]+\/activities/);
    for (let i = 0; i < 100 && postCounts()[0]! + postCounts()[1]! < 7; i++) await new Promise((r) => setTimeout(r, 50));
    const posts = postCounts();
    expect(posts[0]! + posts[1]!).to.be.at.least(7);
    expect(Math.min(posts[0]!, posts[1]!), 'messages went to both instances').to.be.at.least(2);

    // One transcript: every reply once, in order, and nothing asked twice.
    const transcript = await botTexts(page!);
    expect(transcript.filter((t) => /recovery guide/i.test(t)), 'welcomed once').to.have.length(1);
    expect(transcript.filter((t) => /Your request is saved/.test(t))).to.have.length(1);

    // The callback is in the one queue: each instance lists it.
    for (const instance of instances) {
      const listed = (await (await fetch(`${instance.base}/api/callbacks`, { headers: { authorization: `Bearer ${STAFF_TOKEN}` } })).json()) as { requests: Array<{ phone: string }> };
      expect(listed.requests.map((r) => r.phone), instance.base).to.deep.equal(['+13125552368']);
    }

    // Kill one instance mid-conversation (no graceful stop); the chat goes on through the other.
    const killed = instances[1]!;
    const exited = once(killed.child, 'exit');
    killed.child.kill('SIGKILL');
    await exited;
    await exchange(content.text.menu.learn, /Which part would you like to know about/);
    await exchange('Group therapy', /three to four times a week/);
    const after = await botTexts(page!);
    expect(after.filter((t) => /recovery guide/i.test(t)), 'no new welcome: the same conversation').to.have.length(1);
    expect(after.filter((t) => /Your request is saved/.test(t))).to.have.length(1);

    expect(await violations(page!)).to.deep.equal([]);
    expect(external).to.deep.equal([]);
  });

  it('limits hold across both instances: one conversation\'s messages and one address\'s new chats are counted once', async () => {
    const alive = instances.filter((i) => i.child.exitCode === null && i.child.signalCode === null);
    // Start again with both when the first test killed one: the limits need two counting.
    if (alive.length < 2) {
      const env = { STATE_STORE: redis!.url, STAFF_API_TOKEN: STAFF_TOKEN, RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: String(PER_CONVERSATION), LOG_LEVEL: 'info' };
      const restarted = await startLikeNpmStart(env, 120_000);
      instances[1] = restarted;
      await proxy!.stop();
      proxy = new RoundRobinProxy(instances.map((i) => i.port));
      front = `http://127.0.0.1:${await proxy.start()}`;
    }
    const token = (await (await fetch(`${front}/api/directline/token`, { method: 'POST' })).json()) as { token: string };
    const started = await call<Started>(front, '/v3/directline/conversations', { method: 'POST', token: token.token, body: {} });
    expect(started.status).to.equal(201);
    const statuses: number[] = [];
    // Typing activities: counted by the limit, no bot turn each.
    for (let i = 0; i < PER_CONVERSATION + 3; i++) {
      const posted = await call(front, `/v3/directline/conversations/${started.body.conversationId}/activities`, { method: 'POST', token: started.body.token, body: { type: 'typing', from: { id: 'x' } } });
      statuses.push(posted.status);
    }
    expect(statuses.filter((s) => s === 200), 'the conversation limit, once across both (each alone would allow all)').to.have.length(PER_CONVERSATION);
    expect(statuses.slice(PER_CONVERSATION)).to.deep.equal([429, 429, 429]);
    const recent = proxy!.countBy(/^POST \/v3\/directline\/conversations\/[^/]+\/activities/);
    expect(Math.min(...recent)).to.be.at.least(Math.floor(PER_CONVERSATION / 2));

    // New chats per address (20 a minute): counted across both; some were already used above.
    const tokenStatuses: number[] = [];
    for (let i = 0; i < 24; i++) tokenStatuses.push((await fetch(`${front}/api/directline/token`, { method: 'POST' })).status);
    expect(tokenStatuses.filter((s) => s === 200).length).to.be.at.most(20);
    expect(tokenStatuses).to.include(429);
  });
});

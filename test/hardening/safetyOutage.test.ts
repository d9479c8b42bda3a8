import { expect } from 'chai';
import { channelMessage, ConnectorStandIn } from '../helpers/connectorStandIn.js';
import { redisServerOrSkip, startRedisServerOnPort, type TestRedisServer } from '../state/redisServer.js';
import { eventually, LogCapture, postActivity, say, startApp, type RunningApp } from './harness.js';

/**
 * Safety never depends on state: with the state store (Redis) down, a crisis message
 * still gets its crisis response, and /readyz says the bot is not ready until Redis
 * is back. A real redis-server is stopped and started again on the same port.
 */
describe('a Redis outage: the crisis response still goes out, /readyz tells', function () {
  this.timeout(90_000);
  const connector = new ConnectorStandIn();
  const capture = new LogCapture('info');
  let serviceUrl: string;
  let redis: TestRedisServer | undefined;
  let running: RunningApp | undefined;

  before(async function () {
    redis = await redisServerOrSkip(this, 'safety outage');
    serviceUrl = await connector.start();
    running = await startApp({ STATE_STORE: redis.url }, { logger: capture.logger });
  });
  after(async () => {
    await running?.app.close();
    await connector.stop();
    await redis?.stop();
  });

  const readyz = async (): Promise<number> => (await fetch(`${running!.base}/readyz`)).status;

  it('is ready while Redis is up', async () => {
    await eventually(async () => (await readyz()) === 200, 10_000, '/readyz to answer 200');
  });

  it('with Redis stopped: /readyz answers 503, and "I want to kill myself" gets 988, 911 and the helpline', async () => {
    const id = 'outage-crisis';
    await say(running!, connector, serviceUrl, id, 'hi', 4);
    await redis!.stop();
    await eventually(async () => (await readyz()) === 503, 10_000, '/readyz to answer 503');

    const before = connector.forConversation(id).length;
    const res = await postActivity(running!.base, channelMessage(serviceUrl, id, 'I want to kill myself'));
    expect(res.status, 'no 5xx for the channel to retry').to.be.below(500);
    await eventually(() => running!.app.http.inFlight() === 0, 20_000, 'the turn to end');

    const replies = connector.forConversation(id).slice(before).map((r) => r.activity.text ?? '');
    expect(replies[0], 'the crisis response, first').to.include('988').and.include('911').and.include('833-820-2922');
    expect(replies.join('\n'), 'no generic apology without 988 and 911 after it').to.not.match(/something went wrong/i);
    expect(capture.events('crisis_turn_incomplete').map((e) => e.reason)).to.include('state_unavailable');
    expect(await readyz(), 'still not ready').to.equal(503);
  });

  it('with Redis back on the same port: /readyz answers 200 again and conversations go on', async () => {
    redis = await startRedisServerOnPort(redis!.port);
    await eventually(async () => (await readyz()) === 200, 15_000, '/readyz to answer 200 again');
    const next = await say(running!, connector, serviceUrl, 'outage-after', 'Learn about IOP', 3);
    expect(next.status).to.be.within(200, 299);
    expect(next.replies.join(' ')).to.match(/Which part would you like to know about/);
  });
});

describe('a connector blip on the crisis response: the apology carries 988 and 911', function () {
  this.timeout(60_000);
  const connector = new ConnectorStandIn();
  let serviceUrl: string;
  let running: RunningApp | undefined;

  before(async () => {
    serviceUrl = await connector.start();
    running = await startApp();
  });
  after(async () => {
    await running?.app.close();
    await connector.stop();
  });

  it('when sending the crisis response fails, the error reply that follows holds 988, 911 and the helpline', async () => {
    const id = 'blip-crisis';
    await say(running!, connector, serviceUrl, id, 'hi', 4);
    // The connector client tries a reply 4 times (3 retries on a 5xx): all 4 tries of the
    // crisis response fail, the apology after them goes through.
    connector.failNext = 4;
    const before = connector.forConversation(id).length;
    await postActivity(running!.base, channelMessage(serviceUrl, id, 'I want to kill myself'));
    await eventually(() => running!.app.http.inFlight() === 0, 30_000, 'the turn to end');
    const replies = connector.forConversation(id).slice(before).map((r) => r.activity.text ?? '');
    const apology = replies.find((text) => /something went wrong/i.test(text));
    expect(apology, replies.join('\n---\n')).to.be.a('string');
    expect(apology).to.include('988').and.include('911').and.include('833-820-2922');
  });
});

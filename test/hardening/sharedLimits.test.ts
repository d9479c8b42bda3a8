import { expect } from 'chai';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { LimitStore } from '../../src/hosting/sharedLimiter.js';
import { redisServerOrSkip, startRedisServerOnPort, type TestRedisServer } from '../state/redisServer.js';

/**
 * Limits shared through Redis (rate-limiter-flexible, issue #20): two instances count
 * against one limit; while Redis is unreachable each counts in memory (the insurance
 * limiter) instead of letting everything through or refusing everything, and the shared
 * count is back once Redis is.
 */
describe('rate limits shared through Redis, with an in-memory fallback', function () {
  this.timeout(30_000);
  let redis: TestRedisServer | undefined;
  const stores: LimitStore[] = [];
  const logger = pino({ level: 'silent' });

  before(async function () {
    redis = await redisServerOrSkip(this, 'shared rate limit');
  });
  after(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await redis?.stop();
  });

  const open = (): LimitStore => {
    const store = LimitStore.redis(redis!.url, logger);
    stores.push(store);
    return store;
  };
  /** Until connected, a new instance counts in memory (the same fallback as an outage). */
  const connected = async (...list: LimitStore[]): Promise<void> => {
    for (let i = 0; i < 100 && list.some((s) => s.redis?.status !== 'ready'); i++) await new Promise((r) => setTimeout(r, 20));
  };

  it('two instances enforce one limit: the sixth request of five a minute is refused whichever instance takes it', async () => {
    const [a, b] = [open(), open()];
    await connected(a, b);
    const [one, two] = [a.limiter('test-shared', 5), b.limiter('test-shared', 5)];
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) waits.push(await (i % 2 === 0 ? one : two).take('203.0.113.7'));
    expect(waits.slice(0, 5)).to.deep.equal([0, 0, 0, 0, 0]);
    expect(waits[5]).to.be.within(1, 60);
    expect(waits[6]).to.be.within(1, 60);
    // Another key has its own count.
    expect(await two.take('203.0.113.8')).to.equal(0);
  });

  it('a Redis slower than the command timeout is counted in memory, and said so (it was silent, so a loaded Redis let requests past the limit unseen)', async () => {
    let fallbacks = 0;
    const store = open();
    await connected(store);
    const limiter = store.limiter('test-slow', 3, { onFallback: () => fallbacks++ });
    for (let i = 0; i < 3; i++) expect(await limiter.take('198.51.100.9')).to.equal(0);
    expect(fallbacks, 'Redis answered').to.equal(0);
    // Redis runs one command at a time: a script that spins for 600 ms holds every other one up.
    const blocker = new Redis(redis!.url);
    try {
      const spinning = blocker.eval("local s = redis.call('TIME') local t0 = s[1] * 1000000 + s[2] while true do local n = redis.call('TIME') if n[1] * 1000000 + n[2] - t0 > 600000 then break end end return 1", 0);
      await new Promise((r) => setTimeout(r, 50));
      const started = Date.now();
      // The fourth of three: the shared count would refuse it; the memory count has not seen the first three.
      expect(await limiter.take('198.51.100.9')).to.equal(0);
      expect(Date.now() - started, 'not held up by the slow Redis').to.be.below(550);
      expect(fallbacks, 'counted in memory, and reported').to.equal(1);
      await spinning;
    } finally {
      blocker.disconnect();
    }
  });

  it('while Redis is down each instance counts in memory (still a limit, never a hang), and shares again once it is back', async () => {
    let fallbacks = 0;
    const store = open();
    await connected(store);
    const limiter = store.limiter('test-outage', 3, { onFallback: () => fallbacks++ });
    expect(await limiter.take('198.51.100.1')).to.equal(0);
    const port = redis!.port;
    await redis!.stop();
    const started = Date.now();
    const during: number[] = [];
    for (let i = 0; i < 5; i++) during.push(await limiter.take('198.51.100.2'));
    expect(Date.now() - started, 'answered without waiting for Redis').to.be.below(2_000);
    expect(during.slice(0, 3)).to.deep.equal([0, 0, 0]);
    expect(during[3], 'the in-memory count refuses past the limit').to.be.greaterThan(0);
    expect(fallbacks).to.be.greaterThan(0);

    redis = await startRedisServerOnPort(port);
    const other = open().limiter('test-outage', 3);
    // ioredis reconnects on its own; give it a moment, then the two share one count again.
    const deadline = Date.now() + 10_000;
    let shared = false;
    while (!shared && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      const key = `192.0.2.${Math.floor(Math.random() * 250)}`;
      const waits = [await limiter.take(key), await other.take(key), await limiter.take(key), await other.take(key)];
      shared = waits[3]! > 0;
    }
    expect(shared, 'after Redis is back the limit is counted across both again').to.equal(true);
  });
});

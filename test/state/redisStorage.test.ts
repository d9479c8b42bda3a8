import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { createLogger } from '../../src/logger.js';
import { createStorage } from '../../src/state/createStorage.js';
import { RedisStorage } from '../../src/state/redisStorage.js';
import { ETagConflictError } from '../../src/state/storageContract.js';
import { freePort, redisServerOrSkip, type TestRedisServer } from './redisServer.js';
import { describeStorageContract, rejection } from './storageContract.js';

const silent = createLogger('silent');

/** Keys under one prefix, counted with SCAN (which skips expired keys and refreshes nothing). */
async function countKeys(raw: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let count = 0;
  do {
    const [next, keys] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    count += keys.length;
  } while (cursor !== '0');
  return count;
}

describe('RedisStorage (against a real redis-server)', function () {
  let server: TestRedisServer | undefined;

  before(async function () {
    server = await redisServerOrSkip(this, 'RedisStorage');
  });

  after(async () => {
    await server?.stop();
  });

  function url(): string {
    if (!server) throw new Error('redis-server was not started');
    return server.url;
  }

  describeStorageContract(
    'RedisStorage',
    async ({ idleMs }) => {
      // A fresh namespace per test keeps tests independent on the one server.
      const keyPrefix = `test:${randomUUID()}:`;
      const storage = new RedisStorage({ url: url(), idleMs, keyPrefix, logger: silent });
      const peer = new RedisStorage({ url: url(), idleMs, keyPrefix, logger: silent });
      const raw = new Redis(url());
      return {
        storage,
        peer,
        // Real TTLs: time passes while the contract polls storedCount.
        passIdleTime: async () => {},
        storedCount: () => countKeys(raw, keyPrefix),
        close: async () => {
          await Promise.all([storage.close(), peer.close(), raw.quit()]);
        },
      };
    },
    { expiry: true, atomicBatch: true },
  );

  describe('Redis specifics', () => {
    const IDLE = 60_000;
    let raw: Redis;
    let prefix: string;
    let storage: RedisStorage;

    beforeEach(() => {
      raw = new Redis(url());
      prefix = `test:${randomUUID()}:`;
      storage = new RedisStorage({ url: url(), idleMs: IDLE, keyPrefix: prefix, logger: silent });
    });

    afterEach(async () => {
      await storage.close();
      await raw.quit();
    });

    it('namespaces keys with the prefix and stores the item as JSON', async () => {
      await storage.write({ 'webchat/conversations/c1/': { n: 1 } });
      expect(await raw.exists('webchat/conversations/c1/')).to.equal(0);
      const json = await raw.hget(`${prefix}webchat/conversations/c1/`, 'v');
      const stored = JSON.parse(json ?? 'null');
      expect(stored.n).to.equal(1);
      expect(stored.eTag).to.equal(await raw.hget(`${prefix}webchat/conversations/c1/`, 'e'));
    });

    it('sets the idle expiry as the TTL on write', async () => {
      await storage.write({ k: { n: 1 } });
      const ttl = await raw.pttl(`${prefix}k`);
      expect(ttl).to.be.greaterThan(IDLE / 2).and.at.most(IDLE);
    });

    it('refreshes the TTL on read', async () => {
      await storage.write({ k: { n: 1 } });
      await raw.pexpire(`${prefix}k`, 5_000);
      await storage.read(['k']);
      expect(await raw.pttl(`${prefix}k`)).to.be.greaterThan(IDLE / 2);
    });

    it('refreshes the TTL on write', async () => {
      await storage.write({ k: { n: 1 } });
      await raw.pexpire(`${prefix}k`, 5_000);
      await storage.write({ k: { n: 2 } });
      expect(await raw.pttl(`${prefix}k`)).to.be.greaterThan(IDLE / 2);
    });

    it('does not create keys when reading missing ones', async () => {
      await storage.read(['missing']);
      expect(await raw.exists(`${prefix}missing`)).to.equal(0);
    });

    it('raises ETagConflictError naming the key', async () => {
      await storage.write({ k: { n: 1 } });
      const error = await rejection(storage.write({ k: { n: 2, eTag: 'stale' } }));
      expect(error).to.be.instanceOf(ETagConflictError);
      expect(error).to.include({ key: 'k' });
    });

    it('reports an unparseable stored item without quoting it', async () => {
      await raw.hset(`${prefix}k`, 'e', '1', 'v', '{"text":"I relapsed"');
      const error = await rejection(storage.read(['k']));
      expect(error.message).to.equal('Redis state store read failed: a stored item is not valid JSON');
    });

    it('rejects with a clear message once closed', async () => {
      await storage.close();
      const error = await rejection(storage.read(['k']));
      expect(error.message).to.match(/^Redis state store read failed: /);
    });

    it('is what createStorage returns for a redis:// URL, with STATE_IDLE_MINUTES as the TTL', async () => {
      const viaFactory = createStorage({ STATE_STORE: url(), STATE_IDLE_MINUTES: 7, STATE_MAX_CONVERSATIONS: 10 }, silent);
      try {
        expect(viaFactory).to.be.instanceOf(RedisStorage);
        await viaFactory.write({ 'factory-check': { n: 1 } });
        const ttl = await raw.pttl('recovery-bot:state:factory-check');
        expect(ttl).to.be.greaterThan(6 * 60_000).and.at.most(7 * 60_000);
        await viaFactory.delete(['factory-check']);
        expect(await raw.exists('recovery-bot:state:factory-check')).to.equal(0);
      } finally {
        await viaFactory.close();
      }
    });
  });
});

describe('RedisStorage when Redis is unreachable', () => {
  it('rejects with a clear message and logs the failure without secrets or data', async () => {
    const lines: string[] = [];
    const logger = createLogger('warn', { write: (line: string) => void lines.push(line) });
    const port = await freePort(); // nothing listens here
    const storage = new RedisStorage({
      url: `redis://:s3cret-password@127.0.0.1:${port}`,
      logger,
      connectTimeoutMs: 500,
      commandTimeoutMs: 2_000,
    });
    try {
      const read = await rejection(storage.read(['webchat/conversations/private-id/']));
      expect(read.message).to.match(/^Redis state store read failed: /);
      const write = await rejection(storage.write({ k: { text: 'I relapsed' } }));
      expect(write.message).to.match(/^Redis state store write failed: /);

      expect(lines.length).to.be.greaterThan(0);
      expect(JSON.parse(lines[0] ?? '{}')).to.include({ msg: 'redis state store connection error', code: 'ECONNREFUSED' });
      const everything = [...lines, read.message, write.message].join('\n');
      expect(everything).to.not.match(/s3cret-password|private-id|relapsed/);
    } finally {
      await storage.close();
    }
  });

  it('rejects invalid options without echoing the URL', () => {
    expect(() => new RedisStorage({ url: 'http://user:pw@host', logger: silent })).to.throw(TypeError, /^RedisStorage: invalid options: url: /);
    expect(() => new RedisStorage({ url: 'http://user:pw@host', logger: silent })).to.not.throw(/pw@host/);
  });
});

import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { CallbackQueue } from '../../src/domain/callbacks/queueStore.js';
import { RedisCallbackQueue } from '../../src/domain/callbacks/redisCallbackQueue.js';
import { createLogger } from '../../src/logger.js';
import { redisServerOrSkip, type TestRedisServer } from '../state/redisServer.js';
import { callbackStoreContract } from './callbackStoreContract.js';
import { tempDir } from './escalationBot.js';

const silent = pino({ level: 'silent' });
const request = (n = 0) => ({ phone: `+1312555${String(2300 + n).padStart(4, '0')}`, bestTime: 'Evening', consentAt: new Date() });

describe('callback stores', () => {
  describe('file (CALLBACK_QUEUE_PATH)', () => {
    let dir: string;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ dir, cleanup } = await tempDir()));
    afterEach(async () => cleanup());
    callbackStoreContract('CallbackQueue', () => ({
      open: (options) => CallbackQueue.open(join(dir, `${randomUUID()}.json`), { maxPending: options?.maxPending, clock: options?.now }),
    }));
  });

  describe('Redis (STATE_STORE=redis://…)', function () {
    this.timeout(30_000);
    let redis: TestRedisServer | undefined;
    let key = '';
    before(async function () {
      redis = await redisServerOrSkip(this, 'Redis callback queue');
    });
    after(async () => redis?.stop());
    beforeEach(() => {
      key = `test:callbacks:${randomUUID()}`;
    });
    const queue = (options: { maxPending?: number; now?: () => Date; logger?: ReturnType<typeof createLogger> } = {}) =>
      new RedisCallbackQueue({ url: redis!.url, key, logger: options.logger ?? silent, maxPending: options.maxPending, clock: options.now });

    callbackStoreContract('RedisCallbackQueue', () => ({ open: async (options) => queue(options) }));

    it('is shared: a request added through one instance is listed and marked done through another', async () => {
      const a = queue();
      const b = queue();
      try {
        const record = await a.add(request(1));
        expect((await b.pending()).map((r) => r.id)).to.deep.equal([record.id]);
        expect(await b.markDone(record.id)).to.equal(true);
        expect(await a.pending()).to.deep.equal([]);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('two instances adding at once never pass maxPending together', async () => {
      const a = queue({ maxPending: 5 });
      const b = queue({ maxPending: 5 });
      try {
        const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).add(request(i))));
        expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(5);
        expect(await a.count()).to.equal(5);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('skips a stored value that is not a valid record, and logs how many without its contents', async () => {
      const lines: string[] = [];
      const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
      const store = queue({ logger });
      const raw = new Redis(redis!.url);
      try {
        const good = await store.add(request(1));
        await raw.hset(key, 'junk', '{"phone":"+13125559999","note":"not a record"');
        expect((await store.pending()).map((r) => r.id)).to.deep.equal([good.id]);
        const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === 'callbacks_unreadable');
        expect(logged).to.have.length(1);
        expect(logged[0]).to.include({ count: 1 });
        expect(lines.join('\n')).to.not.include('5559999');
      } finally {
        raw.disconnect();
        await store.close();
      }
    });

    it('Redis down: add rejects with one clear message (the dialog then offers the phone line)', async () => {
      const store = new RedisCallbackQueue({ url: 'redis://127.0.0.1:1', key, logger: silent, connectTimeoutMs: 200, commandTimeoutMs: 200 });
      try {
        const error = (await store.add(request(1)).then(
          () => undefined,
          (e: unknown) => e,
        )) as Error | undefined;
        expect(error?.message).to.match(/^Redis callback queue add failed: /);
      } finally {
        await store.close();
      }
    });
  });
});

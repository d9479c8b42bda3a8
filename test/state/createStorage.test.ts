import { expect } from 'chai';
import sinon from 'sinon';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createStorage, type ClosableStorage } from '../../src/state/createStorage.js';
import { ExpiringMemoryStorage } from '../../src/state/expiringMemoryStorage.js';
import { RedisStorage } from '../../src/state/redisStorage.js';

describe('createStorage', () => {
  const silent = createLogger('silent');
  let opened: ClosableStorage[];

  beforeEach(() => {
    opened = [];
  });

  afterEach(async () => {
    await Promise.all(opened.map((s) => s.close()));
    sinon.restore();
  });

  function open(config: Parameters<typeof createStorage>[0]): ClosableStorage {
    const storage = createStorage(config, silent);
    opened.push(storage);
    return storage;
  }

  it('returns ExpiringMemoryStorage for the default configuration', () => {
    expect(open(loadConfig({}))).to.be.instanceOf(ExpiringMemoryStorage);
  });

  it('applies STATE_IDLE_MINUTES and STATE_MAX_CONVERSATIONS to the memory store', async () => {
    // The memory store reads Date.now when no clock is injected, so fake Date before creating it.
    const clock = sinon.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const storage = open({ STATE_STORE: 'memory', STATE_IDLE_MINUTES: 5, STATE_MAX_CONVERSATIONS: 2 });
    await storage.write({ a: { n: 1 }, b: { n: 2 }, c: { n: 3 } });
    expect(Object.keys(await storage.read(['a', 'b', 'c']))).to.deep.equal(['b', 'c']);

    clock.tick(5 * 60_000 - 1);
    expect(Object.keys(await storage.read(['b']))).to.deep.equal(['b']);
    clock.tick(5 * 60_000);
    expect(await storage.read(['b', 'c'])).to.deep.equal({});
  });

  it('returns RedisStorage for redis:// and rediss:// URLs', () => {
    // Port 1 on loopback: nothing to connect to, and close() drops the attempt at once.
    expect(open({ STATE_STORE: 'redis://127.0.0.1:1', STATE_IDLE_MINUTES: 30, STATE_MAX_CONVERSATIONS: 1 })).to.be.instanceOf(RedisStorage);
    expect(open({ STATE_STORE: 'rediss://127.0.0.1:1', STATE_IDLE_MINUTES: 30, STATE_MAX_CONVERSATIONS: 1 })).to.be.instanceOf(RedisStorage);
  });

  it('logs which store it chose without the URL or its password', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    opened.push(createStorage({ STATE_STORE: 'rediss://:hunter2-secret@127.0.0.1:1', STATE_IDLE_MINUTES: 30, STATE_MAX_CONVERSATIONS: 1 }, logger));
    expect(lines).to.have.length(1);
    expect(JSON.parse(lines[0] ?? '{}')).to.include({ store: 'redis', tls: true });
    expect(lines[0]).to.not.match(/hunter2|127\.0\.0\.1/);
  });

  it('rejects anything else', () => {
    expect(() => createStorage({ STATE_STORE: 'postgres://x', STATE_IDLE_MINUTES: 30, STATE_MAX_CONVERSATIONS: 1 }, silent)).to.throw(
      TypeError,
      /STATE_STORE must be "memory" or a redis/,
    );
  });
});

import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import sinon from 'sinon';
import { createLogger } from '../../src/logger.js';
import { fromRoot } from '../../src/paths.js';
import { createStorage } from '../../src/state/createStorage.js';
import { ExpiringMemoryStorage, STATE_DICTIONARY_PATH, type ExpiringMemoryStorageOptions } from '../../src/state/expiringMemoryStorage.js';
import { ETagConflictError } from '../../src/state/storageContract.js';
import { describeStorageContract, rejection } from './storageContract.js';

// The same contract with every item hot (held as JSON), with every item deflated at
// once, and with a hot set of one, so items move between the two mid-test.
for (const hotItems of [1_000, 0, 1]) {
  describeStorageContract(
    `ExpiringMemoryStorage (hotItems ${hotItems})`,
    async ({ idleMs }) => {
      // Fake only the interval timers, so the real sweep runs on clock.tick while
      // the contract's poll loop still uses the real setTimeout.
      const clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const storage = new ExpiringMemoryStorage({ idleMs, sweepIntervalMs: idleMs, now: () => clock.now, hotItems });
      return {
        storage,
        peer: storage,
        passIdleTime: async (ms) => {
          clock.tick(ms);
        },
        storedCount: async () => storage.size,
        close: async () => {
          await storage.close();
          clock.restore();
        },
      };
    },
    { expiry: true, atomicBatch: true },
  );
}

describe('ExpiringMemoryStorage', () => {
  const IDLE = 30 * 60_000;
  let time: number;
  let stores: ExpiringMemoryStorage[];

  function open(options: ExpiringMemoryStorageOptions = {}): ExpiringMemoryStorage {
    const store = new ExpiringMemoryStorage({ idleMs: IDLE, now: () => time, ...options });
    stores.push(store);
    return store;
  }

  beforeEach(() => {
    time = 1_700_000_000_000;
    stores = [];
  });

  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    sinon.restore();
  });

  describe('idle expiry', () => {
    it('defaults to 30 minutes', async () => {
      const store = new ExpiringMemoryStorage({ now: () => time });
      stores.push(store);
      await store.write({ k: { n: 1 } });
      time += 30 * 60_000 - 1;
      expect(await store.read(['k'])).to.have.property('k');
      time += 30 * 60_000;
      expect(await store.read(['k'])).to.deep.equal({});
    });

    it('keeps an item until exactly idleMs has passed since it was last used', async () => {
      const store = open();
      await store.write({ k: { n: 1 } });
      time += IDLE - 1;
      expect(store.sweep()).to.equal(0);
      time += 1;
      expect(store.sweep()).to.equal(1);
      expect(store.size).to.equal(0);
    });

    it('deletes (not just hides) an expired item when it is read', async () => {
      const store = open();
      await store.write({ old: { n: 1 } });
      time += IDLE;
      expect(store.size).to.equal(1);
      expect(await store.read(['old'])).to.deep.equal({});
      expect(store.size).to.equal(0);
    });

    it('refreshes the idle window on every read', async () => {
      const store = open();
      await store.write({ read: { n: 1 }, untouched: { n: 2 } });
      time += IDLE * 0.6;
      await store.read(['read']);
      time += IDLE * 0.6;
      expect(Object.keys(await store.read(['read', 'untouched']))).to.deep.equal(['read']);
    });

    it('refreshes the idle window on every write', async () => {
      const store = open();
      await store.write({ written: { n: 1 }, untouched: { n: 2 } });
      time += IDLE * 0.6;
      await store.write({ written: { n: 3 } });
      time += IDLE * 0.6;
      expect(store.sweep()).to.equal(1);
      expect((await store.read(['written'])).written.n).to.equal(3);
    });

    it('treats an expired item as absent for eTag checks', async () => {
      const store = open();
      await store.write({ k: { n: 1 } });
      const { eTag } = (await store.read(['k'])).k;
      await store.write({ k: { n: 2 } });
      time += IDLE;
      // The stale eTag would conflict with the stored item, but that item has expired.
      await store.write({ k: { n: 3, eTag } });
      expect((await store.read(['k'])).k.n).to.equal(3);
    });

    it('sweeps expired items on its timer without any access, oldest first, leaving live ones', async () => {
      const clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const store = open({ sweepIntervalMs: 60_000, now: () => clock.now });
      await store.write({ a: { n: 1 } });
      clock.tick(IDLE / 2);
      await store.write({ b: { n: 2 } });
      clock.tick(IDLE / 2 + 60_000);
      expect(store.size).to.equal(1);
      clock.tick(IDLE / 2);
      expect(store.size).to.equal(0);
    });

    it('stops sweeping after close()', async () => {
      const clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const store = open({ sweepIntervalMs: 1_000, now: () => clock.now });
      await store.write({ a: { n: 1 } });
      await store.close();
      clock.tick(IDLE * 2);
      expect(store.size).to.equal(1);
    });

    it('does not keep the process alive with its sweep timer', () => {
      const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
      const before = timers();
      open();
      expect(timers()).to.equal(before);
    });
  });

  describe('size bound', () => {
    it('evicts the least recently used key when a new key exceeds maxItems', async () => {
      const store = open({ maxItems: 3 });
      await store.write({ a: { n: 1 } });
      await store.write({ b: { n: 2 } });
      await store.write({ c: { n: 3 } });
      await store.read(['a']); // a is now more recent than b
      await store.write({ d: { n: 4 } });
      expect(store.size).to.equal(3);
      expect(Object.keys(await store.read(['a', 'b', 'c', 'd']))).to.deep.equal(['a', 'c', 'd']);
    });

    it('does not evict when an existing key is rewritten', async () => {
      const store = open({ maxItems: 2 });
      await store.write({ a: { n: 1 }, b: { n: 2 } });
      await store.write({ a: { n: 3 } });
      expect(Object.keys(await store.read(['a', 'b']))).to.deep.equal(['a', 'b']);
    });

    it('defaults to 50,000 keys', async () => {
      const store = open();
      const batch: Record<string, { n: number }> = {};
      for (let i = 0; i <= 50_000; i++) batch[`k${i}`] = { n: i };
      await store.write(batch);
      expect(store.size).to.equal(50_000);
      expect(await store.read(['k0'])).to.deep.equal({});
    });

    it('logs eviction and expiry as counts only, once per sweep', async () => {
      const lines: string[] = [];
      const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
      const store = open({ maxItems: 1, logger });
      await store.write({ 'webchat/conversations/secret-id/': { text: 'I relapsed' } });
      await store.write({ second: { n: 2 } });
      await store.write({ third: { n: 3 } });
      expect(lines).to.have.length(0);
      store.sweep();
      expect(lines).to.have.length(1);
      const entry = JSON.parse(lines[0] ?? '{}');
      expect(entry).to.include({ evicted: 2, expired: 0, size: 1 });
      expect(lines[0]).to.not.match(/secret-id|relapsed/);
      store.sweep();
      expect(lines).to.have.length(1);
    });
  });

  describe('compact storage', () => {
    for (const hotItems of [1, 0]) {
      it(`gives back exactly what was written: any text, nesting, numbers and nulls (${hotItems ? 'hot' : 'deflated'})`, async () => {
        const store = open({ hotItems });
        const item = {
          text: 'Café ✓ — 東京 🙂 \u0000 \ud7ff "quoted" \\ back',
          nested: { list: [1, -2.5, 1e21, null, true, { deep: ['a', ''] }], empty: {} },
          eTag: '*',
        };
        await store.write({ k: item });
        const read = await store.read(['k']);
        expect(read.k).to.deep.equal({ ...item, eTag: read.k?.eTag });
        // A copy: changing what was read (or written) does not change what is stored.
        (read.k as { nested: { empty: Record<string, unknown> } }).nested.empty.changed = true;
        item.nested.empty = { also: true } as never;
        expect((await store.read(['k'])).k).to.deep.include({ nested: { list: [1, -2.5, 1e21, null, true, { deep: ['a', ''] }], empty: {} } });
      });
    }

    it('keeps the most recently written items as JSON and deflates the rest', async () => {
      const store = open({ hotItems: 2 });
      const state = (n: number) => ({ dialogState: { dialogStack: [{ id: 'mainLoop', state: { values: { n }, stepIndex: 0 } }] }, padding: 'menu '.repeat(60) });
      await store.write({ a: state(1) });
      await store.write({ b: state(2) });
      const bothHot = store.storedBytes;
      expect(bothHot).to.be.at.least(2 * JSON.stringify(state(1)).length);
      await store.write({ c: state(3) });
      // "a" dropped out of the hot set: it is deflated now, and reads back the same.
      expect(store.storedBytes).to.be.below(bothHot + JSON.stringify(state(3)).length - 100);
      const read = await store.read(['a', 'b', 'c']);
      expect(read.a).to.deep.include(state(1));
      expect(read.b).to.deep.include(state(2));
      expect(read.c).to.deep.include(state(3));
      // Rewriting "a" makes it hot again; deleting a hot item frees its place.
      await store.write({ a: state(4) });
      await store.delete(['c']);
      expect((await store.read(['a'])).a).to.deep.include(state(4));
      expect((await store.read(['c'])).c).to.equal(undefined);
    });

    it('holds a conversation state in far fewer bytes than its JSON once it is no longer hot', async () => {
      const store = open({ hotItems: 0 });
      const choices = ['Learn about IOP', 'Find a program', 'Talk to someone now'];
      const state = {
        data: { welcomed: true, unknownStreak: 0 },
        dialogState: {
          dialogStack: [
            { id: 'mainLoop', state: { options: {}, values: { instanceId: '1788f89a-7099-4f34-897f-dde1c2c77072' }, stepIndex: 0 } },
            { id: 'mainMenu', state: { options: { prompt: 'What would you like to do?', retryPrompt: 'Could you say it another way?', choices }, state: {} } },
          ],
        },
      };
      await store.write({ k: state });
      expect(store.storedBytes).to.be.greaterThan(0);
      expect(store.storedBytes).to.be.below(JSON.stringify(state).length / 2);
      const read = await store.read(['k']);
      expect(read.k).to.deep.equal({ ...state, eTag: read.k?.eTag });

      // Primed with a typical state (another conversation's), the same state takes a few dozen bytes.
      const typical = JSON.stringify({ ...state, dialogState: JSON.parse(JSON.stringify(state.dialogState).replace('1788f89a', '00000000')), eTag: '7' });
      const primed = open({ hotItems: 0, dictionary: `${'x'.repeat(40_000)}\n${typical}` });
      await primed.write({ k: state });
      expect(primed.storedBytes).to.be.below(80);
      const again = await primed.read(['k']);
      expect(again.k).to.deep.equal({ ...state, eTag: again.k?.eTag });
    });

    it('uses data/state-dictionary.txt in the store createStorage makes', async () => {
      const store = createStorage({ STATE_STORE: 'memory', STATE_IDLE_MINUTES: 30, STATE_MAX_CONVERSATIONS: 10 }, createLogger('silent'), { hotItems: 0 });
      stores.push(store as ExpiringMemoryStorage);
      const bare = open({ hotItems: 0 });
      const menu = readFileSync(fromRoot(STATE_DICTIONARY_PATH), 'utf8').split('\n').at(-1) ?? '';
      const { eTag: _eTag, ...state } = JSON.parse(menu) as Record<string, unknown>;
      await store.write({ k: state });
      await bare.write({ k: state });
      expect((store as ExpiringMemoryStorage).storedBytes).to.be.below(bare.storedBytes / 3);
    });
  });

  describe('errors', () => {
    it('raises ETagConflictError, an Error with MemoryStorage\'s message', async () => {
      const store = open();
      await store.write({ k: { n: 1 } });
      const error = await rejection(store.write({ k: { n: 2, eTag: 'stale' } }));
      expect(error).to.be.instanceOf(ETagConflictError);
      expect(error).to.include({ key: 'k' });
    });

    it('explains malformed arguments', async () => {
      const store = open();
      const untyped = store as unknown as { read(k: unknown): Promise<unknown>; write(c: unknown): Promise<unknown> };
      expect((await rejection(untyped.read(['ok', 3]))).message).to.match(/^Storage\.read: 1: .*string/);
      expect((await rejection(untyped.write({ k: { eTag: 5 } }))).message).to.match(/^Storage\.write: k\.eTag: /);
    });

    it('rejects invalid options with a clear message', () => {
      expect(() => new ExpiringMemoryStorage({ idleMs: 0 })).to.throw(TypeError, /invalid options: idleMs/);
      expect(() => new ExpiringMemoryStorage({ maxItems: 1.5 })).to.throw(TypeError, /maxItems/);
      expect(() => new ExpiringMemoryStorage({ hotItems: -1 })).to.throw(TypeError, /hotItems/);
    });
  });
});

import type { Storage, StoreItems } from 'botbuilder';
import { expect } from 'chai';

/**
 * The behaviour every conversation state store must share, written against
 * botbuilder's Storage interface and MemoryStorage's eTag rules. Run by each
 * implementation's test file (and against MemoryStorage itself, as a reference).
 */
export interface StorageHarness {
  storage: Storage;
  /** A second client on the same data: another connection for Redis, the same object in-process. */
  peer: Storage;
  /** Lets `ms` of idle time pass: ticks a fake clock, or does nothing when real time will pass while polling. */
  passIdleTime(ms: number): Promise<void>;
  /** Keys physically held, counted without refreshing anyone's expiry. */
  storedCount(): Promise<number>;
  close(): Promise<void>;
}

export interface ContractCapabilities {
  /** Items idle for idleMs are deleted. */
  expiry: boolean;
  /** A batch with one stale eTag writes nothing (MemoryStorage writes the keys before it). */
  atomicBatch: boolean;
}

export type HarnessFactory = (options: { idleMs: number }) => Promise<StorageHarness>;

const LONG_IDLE_MS = 60 * 60_000;
/** Expiry test: short enough for real Redis TTLs, long enough for a slow machine to write first. */
const SHORT_IDLE_MS = 400;
const EXPIRY_DEADLINE_MS = 10_000;

export function describeStorageContract(name: string, factory: HarnessFactory, capabilities: ContractCapabilities): void {
  describe(`${name} — Storage contract`, () => {
    let harness: StorageHarness | undefined;

    async function open(idleMs = LONG_IDLE_MS): Promise<StorageHarness> {
      harness = await factory({ idleMs });
      return harness;
    }

    afterEach(async () => {
      await harness?.close();
      harness = undefined;
    });

    it('reads nothing for keys that were never written', async () => {
      const { storage } = await open();
      expect(await storage.read(['missing', 'also/missing'])).to.deep.equal({});
      expect(await storage.read([])).to.deep.equal({});
    });

    it('round-trips an item and adds a string eTag', async () => {
      const { storage } = await open();
      const state = { dialogState: { dialogStack: [{ id: 'intake', state: { step: 2 } }] }, n: 1, flag: true, none: null };
      await storage.write({ 'webchat/conversations/c1/': state });
      const read = await storage.read(['webchat/conversations/c1/', 'other']);
      expect(Object.keys(read)).to.deep.equal(['webchat/conversations/c1/']);
      const { eTag, ...rest } = read['webchat/conversations/c1/'];
      expect(rest).to.deep.equal(state);
      expect(eTag).to.be.a('string').and.not.equal('');
    });

    it('assigns a new eTag on every successful write', async () => {
      const { storage } = await open();
      await storage.write({ k: { n: 1 } });
      const first = (await storage.read(['k'])).k.eTag;
      await storage.write({ k: { n: 2, eTag: first } });
      const second = (await storage.read(['k'])).k.eTag;
      await storage.write({ k: { n: 3 } });
      const third = (await storage.read(['k'])).k.eTag;
      expect(new Set([first, second, third]).size).to.equal(3);
    });

    it('stores copies: later changes to written or read objects do not reach the store', async () => {
      const { storage } = await open();
      const written = { nested: { list: [1, 2] } };
      await storage.write({ k: written });
      expect(written).to.not.have.property('eTag');
      written.nested.list.push(3);

      const read = await storage.read(['k']);
      expect(read.k.nested.list).to.deep.equal([1, 2]);
      read.k.nested.list.push(99);
      read.k.extra = 'x';

      const again = await storage.read(['k']);
      expect(again.k.nested.list).to.deep.equal([1, 2]);
      expect(again.k).to.not.have.property('extra');
    });

    it('rejects a write whose eTag is stale and keeps the stored item', async () => {
      const { storage } = await open();
      await storage.write({ k: { n: 1 } });
      const stale = (await storage.read(['k'])).k as StoreItems;
      await storage.write({ k: { ...stale, n: 2 } });

      const error = await rejection(storage.write({ k: { ...stale, n: 3 } }));
      expect(error).to.be.instanceOf(Error);
      expect(error.message).to.equal('Storage: error writing "k" due to eTag conflict.');
      expect((await storage.read(['k'])).k.n).to.equal(2);
    });

    it('writes when the eTag matches, is "*", or is absent', async () => {
      const { storage } = await open();
      await storage.write({ k: { n: 1 } });
      const current = (await storage.read(['k'])).k;
      await storage.write({ k: { ...current, n: 2 } });
      expect((await storage.read(['k'])).k.n).to.equal(2);

      await storage.write({ k: { n: 3, eTag: '*' } });
      expect((await storage.read(['k'])).k.n).to.equal(3);

      await storage.write({ k: { n: 4 } });
      expect((await storage.read(['k'])).k.n).to.equal(4);
    });

    it('writes a key that is not stored whatever its eTag (as MemoryStorage does)', async () => {
      const { storage } = await open();
      await storage.write({ fresh: { n: 1, eTag: 'from-elsewhere' } });
      expect((await storage.read(['fresh'])).fresh.n).to.equal(1);
    });

    it('lets exactly one of two writers holding the same eTag win', async () => {
      const { storage, peer } = await open();
      await storage.write({ k: { owner: 'nobody' } });
      const { eTag } = (await storage.read(['k'])).k;

      const results = await Promise.allSettled([
        storage.write({ k: { owner: 'a', eTag } }),
        peer.write({ k: { owner: 'b', eTag } }),
      ]);

      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i === 0 ? 'a' : 'b'] : []));
      expect(won).to.have.length(1);
      const lost = results.find((r) => r.status === 'rejected');
      expect(lost?.status === 'rejected' && String(lost.reason)).to.match(/eTag conflict/);
      expect((await peer.read(['k'])).k.owner).to.equal(won[0]);
    });

    it('lets exactly one of many racing writers win', async () => {
      const { storage, peer } = await open();
      await storage.write({ k: { owner: -1 } });
      const { eTag } = (await storage.read(['k'])).k;

      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? storage : peer).write({ k: { owner: i, eTag } })),
      );

      const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      expect(winners).to.have.length(1);
      expect((await storage.read(['k'])).k.owner).to.equal(winners[0]);
    });

    it('deletes keys, and deleting a missing key is not an error', async () => {
      const { storage } = await open();
      await storage.write({ a: { n: 1 }, b: { n: 2 } });
      await storage.delete(['a', 'never-written']);
      const after = await storage.read(['a', 'b']);
      expect(Object.keys(after)).to.deep.equal(['b']);
      expect(after.b.n).to.equal(2);
      expect(await harness?.storedCount()).to.equal(1);
    });

    it('rejects malformed arguments', async () => {
      const { storage } = await open();
      const untyped = storage as unknown as { read(k: unknown): Promise<unknown>; write(c: unknown): Promise<unknown> };
      expect(await rejection(untyped.read(undefined))).to.be.instanceOf(Error);
      expect(await rejection(untyped.write(undefined))).to.be.instanceOf(Error);
    });

    if (capabilities.atomicBatch) {
      it('writes nothing from a batch that has one stale eTag', async () => {
        const { storage } = await open();
        await storage.write({ a: { n: 1 }, b: { n: 1 } });
        const stale = (await storage.read(['b'])).b.eTag;
        await storage.write({ b: { n: 2 } });

        const error = await rejection(storage.write({ a: { n: 9 }, b: { n: 9, eTag: stale }, c: { n: 9 } }));
        expect(error.message).to.equal('Storage: error writing "b" due to eTag conflict.');
        const after = await storage.read(['a', 'b', 'c']);
        expect([after.a?.n, after.b?.n, after.c]).to.deep.equal([1, 2, undefined]);
      });
    }

    if (capabilities.expiry) {
      it('deletes items left idle past the expiry', async () => {
        const { storage, passIdleTime, storedCount } = await open(SHORT_IDLE_MS);
        await storage.write({ a: { n: 1 }, b: { n: 2 } });
        expect(await storedCount()).to.equal(2);

        await passIdleTime(SHORT_IDLE_MS * 3);
        await eventually(async () => (await storedCount()) === 0, EXPIRY_DEADLINE_MS, 'idle items were not deleted');
        expect(await storage.read(['a', 'b'])).to.deep.equal({});
      });
    }
  });
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** Polls `check` until it holds, failing after `deadlineMs` of real time. */
export async function eventually(check: () => Promise<boolean>, deadlineMs: number, message: string): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - start > deadlineMs) throw new Error(`${message} within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

import { expect } from 'chai';
import { QueueFullError, type CallbackStore } from '../../src/domain/callbacks/callbackStore.js';

export interface StoreFactory {
  /** A fresh, empty store; maxPending when given. The contract closes it. */
  open(options?: { maxPending?: number; now?: () => Date }): Promise<CallbackStore>;
}

const request = (n = 0) => ({ phone: `+1312555${String(2300 + n).padStart(4, '0')}`, bestTime: 'Morning', consentAt: new Date('2025-03-03T15:00:00Z') });

/** What every callback store (file or Redis) must do: the staff API and the dialog rely on it. */
export function callbackStoreContract(name: string, factory: () => StoreFactory): void {
  describe(`${name}: callback store contract`, () => {
    const opened: CallbackStore[] = [];
    const open = async (options?: Parameters<StoreFactory['open']>[0]): Promise<CallbackStore> => {
      const store = await factory().open(options);
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    it('adds a record with exactly id, phone, bestTime, consentAt, createdAt and status, and lists it', async () => {
      const store = await open({ now: () => new Date('2025-03-03T15:00:05Z') });
      const record = await store.add(request());
      expect(Object.keys(record).sort()).to.deep.equal(['bestTime', 'consentAt', 'createdAt', 'id', 'phone', 'status']);
      expect(record).to.include({ phone: '+13125552300', consentAt: '2025-03-03T15:00:00.000Z', createdAt: '2025-03-03T15:00:05.000Z', status: 'pending' });
      expect(await store.pending()).to.deep.equal([record]);
      expect(await store.count()).to.equal(1);
    });

    it('lists oldest first, and returns copies', async () => {
      let t = Date.parse('2025-03-03T15:00:00Z');
      const store = await open({ now: () => new Date((t -= 60_000)) });
      const newer = await store.add(request(1));
      const older = await store.add(request(2));
      const listed = await store.pending();
      expect(listed.map((r) => r.id)).to.deep.equal([older.id, newer.id]);
      listed[0]!.phone = '+10000000000';
      expect((await store.pending())[0]!.phone).to.equal(older.phone);
    });

    it('keeps all of 20 parallel adds', async () => {
      const store = await open();
      const records = await Promise.all(Array.from({ length: 20 }, (_, i) => store.add(request(i))));
      expect((await store.pending()).map((r) => r.id).sort()).to.deep.equal(records.map((r) => r.id).sort());
    });

    it('markDone deletes the request (and its number); an unknown id is false', async () => {
      const store = await open();
      const [a, b] = [await store.add(request(1)), await store.add(request(2))];
      expect(await store.markDone(a.id)).to.equal(true);
      expect(await store.markDone(a.id)).to.equal(false);
      expect(await store.markDone('00000000-0000-4000-8000-000000000000')).to.equal(false);
      expect((await store.pending()).map((r) => r.id)).to.deep.equal([b.id]);
    });

    it('markUnreachable notes one more attempt and keeps the request; markDone then deletes it; the caller\'s zone is kept', async () => {
      const store = await open();
      const a = await store.add({ ...request(1), timeZone: 'America/Chicago' });
      expect(a.timeZone).to.equal('America/Chicago');
      const first = await store.markUnreachable(a.id, new Date('2025-03-03T16:00:00Z'));
      expect(first).to.include({ id: a.id, attempts: 1, lastAttemptAt: '2025-03-03T16:00:00.000Z', phone: a.phone, timeZone: 'America/Chicago' });
      const second = await store.markUnreachable(a.id, new Date('2025-03-03T17:00:00Z'));
      expect(second).to.include({ attempts: 2, lastAttemptAt: '2025-03-03T17:00:00.000Z' });
      expect(await store.pending()).to.deep.equal([second]);
      expect(await store.markDone(a.id)).to.equal(true);
      expect(await store.markUnreachable(a.id, new Date()), 'a request already called is not brought back').to.equal(undefined);
      expect(await store.pending()).to.deep.equal([]);
    });

    it('purgeCreatedBefore deletes only older requests and says how many', async () => {
      let now = Date.parse('2025-03-01T00:00:00Z');
      const store = await open({ now: () => new Date(now) });
      await store.add(request(1));
      now = Date.parse('2025-03-10T00:00:00Z');
      const recent = await store.add(request(2));
      expect(await store.purgeCreatedBefore(new Date('2025-03-05T00:00:00Z'))).to.equal(1);
      expect(await store.purgeCreatedBefore(new Date('2025-03-05T00:00:00Z'))).to.equal(0);
      expect((await store.pending()).map((r) => r.id)).to.deep.equal([recent.id]);
    });

    it('refuses a request past maxPending with QueueFullError, and keeps the others', async () => {
      const store = await open({ maxPending: 2 });
      await store.add(request(1));
      await store.add(request(2));
      const error = await store.add(request(3)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(QueueFullError);
      expect(await store.count()).to.equal(2);
    });

    it('idle() and close() wait for changes in flight', async () => {
      const store = await factory().open();
      const adding = store.add(request(7));
      await store.close();
      const record = await adding;
      expect(record.phone).to.equal('+13125552307');
    });
  });
}

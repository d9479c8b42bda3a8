import { MemoryStorage, TestAdapter, TurnContext, type Storage, type StoreItems } from 'botbuilder';
import { expect } from 'chai';
import { FastConversationState } from '../../src/botframework/conversationState.js';
import { ExpiringMemoryStorage } from '../../src/state/expiringMemoryStorage.js';
import { takeWriteJson, writingWithJson } from '../../src/state/itemJson.js';

/** A storage that counts reads and writes (botbuilder's MemoryStorage unless given one). */
class CountingStorage implements Storage {
  constructor(readonly inner: Storage = new MemoryStorage()) {}
  reads = 0;
  writes = 0;
  read(keys: string[]): Promise<StoreItems> {
    this.reads++;
    return this.inner.read(keys);
  }
  write(changes: StoreItems): Promise<void> {
    this.writes++;
    return this.inner.write(changes);
  }
  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

const adapter = new TestAdapter();
const turn = () =>
  new TurnContext(adapter, { type: 'message', channelId: 'test', conversation: { id: 'c1', isGroup: false, conversationType: '', name: '' }, text: 'hi' } as never);

const stores: Array<[string, () => Storage]> = [
  ['MemoryStorage', () => new MemoryStorage()],
  // ExpiringMemoryStorage hands the JSON it parsed to the state, and takes the JSON the state made for the write.
  ['ExpiringMemoryStorage, hot', () => new ExpiringMemoryStorage({ hotItems: 10 })],
  ['ExpiringMemoryStorage, deflated', () => new ExpiringMemoryStorage({ hotItems: 0 })],
];

describe('FastConversationState: botbuilder change detection, cheaper', () => {
  for (const [name, makeStore] of stores) it(`loads once per turn and writes only when the state changed (${name})`, async () => {
    const storage = new CountingStorage(makeStore());
    const state = new FastConversationState(storage);
    const data = state.createProperty<{ n: number }>('data');

    let ctx = turn();
    await data.set(ctx, { n: 1 });
    await state.saveChanges(ctx);
    expect(storage.writes).to.equal(1);

    ctx = turn();
    expect(await data.get(ctx)).to.deep.equal({ n: 1 });
    await data.get(ctx);
    expect(storage.reads, 'one read per turn').to.equal(2);
    await state.saveChanges(ctx);
    expect(storage.writes, 'unchanged: no write').to.equal(1);
    (await data.get(ctx))!.n = 2;
    await state.saveChanges(ctx);
    expect(storage.writes, 'changed in place: written').to.equal(2);
    await state.saveChanges(ctx);
    expect(storage.writes, 'saved, then unchanged').to.equal(2);

    ctx = turn();
    expect(await data.get(ctx)).to.deep.equal({ n: 2 });
    await state.saveChanges(ctx, true);
    expect(storage.writes, 'forced').to.equal(3);

    // Changed twice in one turn, saved after each: the store holds the last.
    ctx = turn();
    (await data.get(ctx))!.n = 3;
    await state.saveChanges(ctx);
    (await data.get(ctx))!.n = 4;
    await state.saveChanges(ctx);
    expect(await data.get(turn())).to.deep.equal({ n: 4 });
    if ('close' in storage.inner) await (storage.inner as ExpiringMemoryStorage).close();
  });

  it('clear and delete are saved; a state never loaded is not written', async () => {
    const storage = new CountingStorage();
    const state = new FastConversationState(storage);
    const data = state.createProperty<{ n: number }>('data');
    let ctx = turn();
    await state.saveChanges(ctx);
    expect(storage.writes).to.equal(0);
    await data.set(ctx, { n: 1 });
    await state.saveChanges(ctx);

    ctx = turn();
    await state.load(ctx);
    await state.clear(ctx);
    await state.saveChanges(ctx);
    expect(storage.writes).to.equal(2);
    ctx = turn();
    expect(await data.get(ctx)).to.equal(undefined);
  });

  it('a state with a circular reference still saves (botbuilder hash fallback) when the storage can take it', async () => {
    const written: StoreItems[] = [];
    const storage: Storage = { read: async () => ({}), write: async (c) => void written.push(c), delete: async () => undefined };
    const state = new FastConversationState(storage);
    const ctx = turn();
    const loaded = (await state.load(ctx)) as Record<string, unknown>;
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    loaded.loop = loop;
    await state.saveChanges(ctx);
    expect(written).to.have.length(1);
  });

  it('an item read from the store, changed and written back directly, is stored as changed', async () => {
    const store = new ExpiringMemoryStorage();
    await store.write({ k: { n: 1 } });
    const item = (await store.read(['k'])).k as { n: number };
    item.n = 2;
    await store.write({ k: item });
    expect((await store.read(['k'])).k).to.deep.include({ n: 2 });
    await store.close();
  });

  it('the JSON recorded for a write lasts only for that write, even when it fails', async () => {
    const item = { n: 1 };
    await writingWithJson(item, '{"n":1}', async () => {
      expect(takeWriteJson(item)).to.equal('{"n":1}');
      expect(takeWriteJson(item), 'taken once').to.equal(undefined);
    });
    const failing = writingWithJson(item, '{"n":1}', async () => {
      throw new Error('store down');
    });
    await failing.then(
      () => expect.fail('should reject'),
      (err: Error) => expect(err.message).to.equal('store down'),
    );
    expect(takeWriteJson(item)).to.equal(undefined);
  });
});

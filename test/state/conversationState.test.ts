import { MemoryStorage, TestAdapter, TurnContext, type Storage, type StoreItems } from 'botbuilder';
import { expect } from 'chai';
import { FastConversationState } from '../../src/state/conversationState.js';

/** MemoryStorage that counts reads and writes. */
class CountingStorage implements Storage {
  readonly inner = new MemoryStorage();
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

describe('FastConversationState: botbuilder change detection, cheaper', () => {
  it('loads once per turn and writes only when the state changed', async () => {
    const storage = new CountingStorage();
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
});

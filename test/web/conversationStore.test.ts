import { expect } from 'chai';
import { ConversationStore, type Conversation } from '../../src/features/directline/conversationStore.js';

/** Opens a conversation that must be accepted (the tests below stay under the table's bound). */
function opened(store: ConversationStore, id: string, userId = 'u'): Conversation {
  const result = store.open(id, userId);
  if (!result) throw new Error(`conversation ${id} was refused`);
  return result.conversation;
}

describe('Direct Line conversation store: log bounds', () => {
  let time: number;
  let stores: ConversationStore[];
  const open = (maxLogBytes?: number, maxActivities = 100): ConversationStore => {
    const store = new ConversationStore({ maxConversations: 100, idleMs: 60_000, maxActivities, maxLogBytes, now: () => time });
    stores.push(store);
    return store;
  };
  const message = (text: string) => ({ type: 'message', text });
  const texts = (set: { activities: Array<Record<string, unknown>> }): unknown[] => set.activities.map((a) => a.text);

  beforeEach(() => {
    time = 1_700_000_000_000;
    stores = [];
  });
  afterEach(() => {
    for (const store of stores) store.close();
  });

  it('gives back stored activities as they were sent, after a watermark', () => {
    const conversation = opened(open(), 'c1', 'u1');
    const first = conversation.append({ ...message('one'), attachments: [{ contentType: 'x', content: { n: 1, list: ['é', null] } }] }, new Date(time));
    conversation.append(message('two'), new Date(time));
    expect(conversation.after(undefined).activities[0]).to.deep.equal(first);
    expect(texts(conversation.after(1))).to.deep.equal(['two']);
    expect(conversation.after(1).watermark).to.equal('2');
  });

  it('counts the bytes of every log and drops them with the conversation', () => {
    const store = open();
    const a = opened(store, 'a');
    const b = opened(store, 'b');
    a.append(message('x'.repeat(100)), new Date(time));
    b.append(message('y'.repeat(50)), new Date(time));
    expect(store.totalLogBytes).to.equal(a.logBytes + b.logBytes).and.be.greaterThan(150);
    a.end();
    expect(store.totalLogBytes).to.equal(b.logBytes);
    a.append(message('after the end'), new Date(time));
    expect(store.totalLogBytes).to.equal(b.logBytes);
  });

  it('keeps the per-conversation length bound in the byte count', () => {
    const store = open(undefined, 3);
    const conversation = opened(store, 'a');
    for (let i = 0; i < 10; i++) conversation.append(message(`m${i}`), new Date(time));
    expect(texts(conversation.after(undefined))).to.deep.equal(['m7', 'm8', 'm9']);
    expect(store.totalLogBytes).to.equal(conversation.logBytes);
  });

  it('over maxLogBytes, empties the least recently used logs first; the conversations stay open', () => {
    const store = open(2_400);
    const old = opened(store, 'old');
    const mid = opened(store, 'mid');
    const now = opened(store, 'now');
    old.append(message('o'.repeat(600)), new Date(time));
    mid.append(message('m'.repeat(600)), new Date(time));
    now.append(message('n'.repeat(600)), new Date(time));
    expect(old.logLength + mid.logLength + now.logLength).to.equal(3);
    now.append(message('n'.repeat(600)), new Date(time));
    expect(store.totalLogBytes).to.be.at.most(2_400);
    expect(old.logLength).to.equal(0);
    expect(mid.logLength).to.equal(1);
    expect(now.logLength).to.equal(2);
    expect(store.get('old')).to.equal(old);
    expect(old.after(undefined).watermark).to.equal('1');
  });

  it('keeps the newest activity of the conversation being written even alone over the bound', () => {
    const store = open(500);
    const conversation = opened(store, 'a');
    conversation.append(message('a'.repeat(400)), new Date(time));
    conversation.append(message('b'.repeat(400)), new Date(time));
    expect(texts(conversation.after(undefined))).to.deep.equal(['b'.repeat(400)]);
    expect(store.totalLogBytes).to.equal(conversation.logBytes);
  });
});

describe('Direct Line conversation store: a full table', () => {
  const IDLE_MS = 60_000;
  let time: number;
  let store: ConversationStore;
  beforeEach(() => {
    time = 1_700_000_000_000;
    store = new ConversationStore({ maxConversations: 3, idleMs: IDLE_MS, maxActivities: 10, now: () => time });
  });
  afterEach(() => store.close());

  it('refuses a new conversation rather than evict a live one, and keeps every open one', () => {
    const live = ['a', 'b', 'c'].map((id) => {
      time += 1_000;
      return opened(store, id);
    });
    time += 1_000;
    expect(store.hasRoom()).to.equal(false);
    expect(store.open('flood', 'u')).to.equal(undefined);
    expect(store.size).to.equal(3);
    for (const conversation of live) {
      expect(conversation.ended).to.equal(false);
      expect(store.get(conversation.id)).to.equal(conversation);
    }
  });

  it('still hands back a conversation already open when full', () => {
    for (const id of ['a', 'b', 'c']) opened(store, id);
    const again = store.open('b', 'u');
    expect(again?.created).to.equal(false);
    expect(again?.conversation.id).to.equal('b');
  });

  it('makes room by dropping an idle conversation, never a live one', () => {
    const a = opened(store, 'a');
    time += 30_000;
    const b = opened(store, 'b');
    const c = opened(store, 'c');
    time += IDLE_MS - 30_000; // a is idle now; b and c were used 30 s ago
    const d = store.open('d', 'u');
    expect(d?.created).to.equal(true);
    expect(a.ended, 'the idle one made room').to.equal(true);
    expect([b.ended, c.ended]).to.deep.equal([false, false]);
    expect(store.size).to.equal(3);
  });

  it('never drops a conversation with an open stream, however long since its last request', () => {
    const streaming = opened(store, 'streaming');
    const unsubscribe = streaming.subscribe({ onActivities: () => undefined, onEnd: () => undefined });
    opened(store, 'b');
    opened(store, 'c');
    time += 10 * IDLE_MS;
    expect(opened(store, 'd').id, 'b or c (idle) made room').to.equal('d');
    expect(store.get('streaming')).to.equal(streaming);
    // Now full of live conversations again: the streaming one stays, the newcomer is refused.
    opened(store, 'e');
    expect(store.open('f', 'u')).to.equal(undefined);
    expect(streaming.ended).to.equal(false);
    unsubscribe();
  });

  it('says how long until it can have room: the soonest a conversation without a stream goes idle', () => {
    opened(store, 'a');
    time += 20_000;
    opened(store, 'b');
    opened(store, 'c').subscribe({ onActivities: () => undefined, onEnd: () => undefined });
    time += 5_000;
    expect(store.secondsUntilRoom()).to.equal(35); // a was last used 25 s ago, idle after 60 s
    store.get('a');
    expect(store.secondsUntilRoom()).to.equal(55); // now b is the oldest without a stream
  });
});

import { expect } from 'chai';
import { ConversationStore } from '../../src/directline/conversationStore.js';

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
    const { conversation } = open().open('c1', 'u1');
    const first = conversation.append({ ...message('one'), attachments: [{ contentType: 'x', content: { n: 1, list: ['é', null] } }] }, new Date(time));
    conversation.append(message('two'), new Date(time));
    expect(conversation.after(undefined).activities[0]).to.deep.equal(first);
    expect(texts(conversation.after(1))).to.deep.equal(['two']);
    expect(conversation.after(1).watermark).to.equal('2');
  });

  it('counts the bytes of every log and drops them with the conversation', () => {
    const store = open();
    const a = store.open('a', 'u').conversation;
    const b = store.open('b', 'u').conversation;
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
    const { conversation } = store.open('a', 'u');
    for (let i = 0; i < 10; i++) conversation.append(message(`m${i}`), new Date(time));
    expect(texts(conversation.after(undefined))).to.deep.equal(['m7', 'm8', 'm9']);
    expect(store.totalLogBytes).to.equal(conversation.logBytes);
  });

  it('over maxLogBytes, empties the least recently used logs first; the conversations stay open', () => {
    const store = open(2_400);
    const old = store.open('old', 'u').conversation;
    const mid = store.open('mid', 'u').conversation;
    const now = store.open('now', 'u').conversation;
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
    const { conversation } = store.open('a', 'u');
    conversation.append(message('a'.repeat(400)), new Date(time));
    conversation.append(message('b'.repeat(400)), new Date(time));
    expect(texts(conversation.after(undefined))).to.deep.equal(['b'.repeat(400)]);
    expect(store.totalLogBytes).to.equal(conversation.logBytes);
  });
});

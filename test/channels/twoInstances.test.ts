/**
 * Teams and the Emulator against two bot processes on one Redis, behind a round-robin
 * proxy with no sticky sessions (issue #20; the web chat's side is
 * test/browser/twoInstances.test.ts). A connector stand-in on 127.0.0.1 is the channel's
 * serviceUrl and records every reply. Each conversation is played the way the channel
 * sends it, its turns alternating between the instances: welcome, the program search's
 * questions, program cards, a callback request; the request is listed by the other
 * instance's staff API; then the instance that saved it is killed and the other carries
 * the same conversation on. Limits on /api/messages are counted once across both.
 *
 * Teams runs with a MicrosoftAppId and nothing about authentication switched off: every
 * activity carries an RS256 Bot Connector token checked against a local OpenID metadata
 * and JWKS server, and every reply carries the token the bot got from a stand-in for App
 * Service's managed-identity endpoint (see test/helpers/channelAuthority.ts). The
 * Emulator runs as it connects: no app id, no password, from this machine.
 *
 * No invoke is played: the bot handles none (its cards' Action.Submit reaches it as a
 * message with `value`, as here). The Teams serviceUrl is a local http one, which is how
 * the bot tells Microsoft 365 Agents Playground from Teams, so program cards come as a
 * list; Teams' carousel is checked in test/channels/programResults.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { ChannelAuthority } from '../helpers/channelAuthority.js';
import { ConnectorStandIn, type ReceivedActivity } from '../helpers/connectorStandIn.js';
import { rawRequest } from '../helpers/rawHttp.js';
import { content } from '../helpers/testBot.js';
import { TwoInstances } from '../helpers/twoInstances.js';
import { loadAssessmentText } from '../../src/domain/assessment/assessmentText.js';
import { redisServerOrSkip, type TestRedisServer } from '../state/redisServer.js';

const questions = loadAssessmentText().questions;
const callbackWords = content.messages.callback;
const resultWords = content.messages.results;
const STAFF_TOKEN = 'staff-token-channels-two-instances-0123';
const METRICS_TOKEN = 'metrics-token-channels-two-instances';
const HERO = 'application/vnd.microsoft.card.hero';
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

// ---- What a person sees ----------------------------------------------------------------

interface Button {
  title: string;
  /** What tapping it sends: an Adaptive Card submit's data, or the text of an imBack. */
  submits?: unknown;
  /** Where an openUrl / Action.OpenUrl goes. */
  url?: string;
}

/** Walks an Adaptive Card's elements (body, containers, columns, action sets) and its actions. */
function walkAdaptive(node: unknown, words: string[], buttons: Button[]): void {
  if (Array.isArray(node)) return node.forEach((n) => walkAdaptive(n, words, buttons));
  if (node === null || typeof node !== 'object') return;
  const element = node as Record<string, unknown>;
  if (element.type === 'TextBlock' && typeof element.text === 'string') words.push(element.text);
  if (typeof element.type === 'string' && element.type.startsWith('Action.')) {
    buttons.push({ title: String(element.title), submits: element.data, url: typeof element.url === 'string' ? element.url : undefined });
  }
  for (const key of ['body', 'items', 'columns', 'actions']) walkAdaptive(element[key], words, buttons);
}

/** The words one reply shows (its text, its cards' texts and titles) and its buttons. */
function shown(activity: ReceivedActivity['activity']): { words: string[]; buttons: Button[] } {
  const words: string[] = [];
  const buttons: Button[] = [];
  if (typeof activity.text === 'string' && activity.text !== '') words.push(activity.text);
  const attachments = (activity.attachments ?? []) as Array<{ contentType: string; content: Record<string, unknown> }>;
  for (const { contentType, content: card } of attachments) {
    if (contentType === ADAPTIVE) walkAdaptive(card, words, buttons);
    if (contentType === HERO) {
      for (const key of ['title', 'subtitle', 'text']) if (typeof card[key] === 'string') words.push(card[key]);
      for (const b of (card.buttons ?? []) as Array<{ type: string; title: string; value: string }>) {
        buttons.push(b.type === 'openUrl' ? { title: b.title, url: b.value } : { title: b.title, submits: b.value });
      }
    }
  }
  const suggested = (activity.suggestedActions as { actions?: Array<{ title: string; value: unknown }> } | undefined)?.actions ?? [];
  for (const a of suggested) buttons.push({ title: a.title, submits: a.value });
  return { words, buttons };
}

/** How many of the texts contain `words`. */
const count = (texts: readonly string[], words: string): number => texts.filter((t) => t.includes(words)).length;

// ---- A person on a channel -------------------------------------------------------------

interface Turn {
  status: number;
  /** Which instance the proxy gave the request to. */
  backend: number;
  replies: ReceivedActivity[];
}

interface ChannelShape {
  /** The activity the channel POSTs for `fields` (a message unless fields say otherwise). */
  activity(fields: Record<string, unknown>): Record<string, unknown>;
  /** The fields the channel sends when the person taps a button on `reply`. */
  tap(button: Button, reply: ReceivedActivity): Record<string, unknown>;
  authorization?: () => Promise<string>;
}

/**
 * One person's conversation through the proxy. A message is answered once its turn has
 * ended and the turn's replies have been POSTed to the connector, so each turn's replies
 * are all there when `send` returns.
 */
class Person {
  readonly turns: Turn[] = [];

  constructor(
    private readonly pair: TwoInstances,
    private readonly connector: ConnectorStandIn,
    readonly conversationId: string,
    private readonly shape: ChannelShape,
  ) {}

  async send(fields: Record<string, unknown>): Promise<Turn> {
    const before = this.connector.forConversation(this.conversationId).length;
    const authorization = await this.shape.authorization?.();
    const res = await fetch(`${this.pair.front}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(this.shape.activity(fields)),
    });
    await res.text();
    // The proxy records a request when its answer starts, so the last one is this one.
    const turn = { status: res.status, backend: this.pair.proxy.served.at(-1)!.backend, replies: this.connector.forConversation(this.conversationId).slice(before) };
    expect(turn.status, `${JSON.stringify(fields)} answered`).to.equal(200);
    this.turns.push(turn);
    return turn;
  }

  say(text: string): Promise<Turn> {
    return this.send({ text });
  }

  /** Taps the button titled `title` on the last turn's replies, as the channel sends the tap. */
  tap(title: string): Promise<Turn> {
    const replies = this.turns.at(-1)?.replies ?? [];
    for (const reply of [...replies].reverse()) {
      const button = shown(reply.activity).buttons.find((b) => b.title === title && b.submits !== undefined);
      if (button) return this.send(this.shape.tap(button, reply));
    }
    throw new Error(`no "${title}" button on screen; it shows: ${replies.flatMap((r) => shown(r.activity).buttons.map((b) => b.title)).join(', ')}`);
  }

  /** Everything the bot said in this conversation, each reply's words joined. */
  transcript(): string[] {
    return this.connector.forConversation(this.conversationId).map((r) => shown(r.activity).words.join('\n'));
  }
}

const wordsOf = (turn: Turn): string => turn.replies.map((r) => shown(r.activity).words.join('\n')).join('\n');

/** The program cards of a turn: each card's name and its call button. */
function programCards(turn: Turn, contentType: string): Array<{ name: string; call: Button | undefined }> {
  const cards = turn.replies.flatMap((r) => ((r.activity.attachments ?? []) as Array<{ contentType: string; content: unknown }>).filter((a) => a.contentType === contentType));
  return cards
    .map((card) => shown({ type: 'message', attachments: [card] }))
    .filter(({ buttons }) => buttons.some((b) => b.url?.startsWith('tel:') && b.title.startsWith('Call ')))
    .map(({ words, buttons }) => ({ name: words[0] ?? '', call: buttons.find((b) => b.url?.startsWith('tel:')) }));
}

// ---- Staff API and metrics, asked of one instance directly -----------------------------

interface Listed {
  id: string;
  phone: string;
  bestTime: string;
  timeZone?: string;
}

async function callbacksOn(base: string): Promise<Listed[]> {
  const res = await fetch(`${base}/api/callbacks`, { headers: { authorization: `Bearer ${STAFF_TOKEN}` } });
  expect(res.status).to.equal(200);
  return ((await res.json()) as { requests: Listed[] }).requests;
}

/** A sample's value from /metrics: the line starting with `name{` that has every label given. */
async function metricOn(base: string, name: string, labels: string[] = []): Promise<number> {
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).to.equal(200);
  const line = (await res.text()).split('\n').find((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) && labels.every((label) => l.includes(label)));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** Counts the instances took in memory because Redis did not answer in time (rate_limit_store), both summed. */
async function countedInMemory(pair: TwoInstances): Promise<number> {
  let sum = 0;
  for (const instance of pair.instances) sum += await metricOn(instance.base, 'recovery_bot_errors_total', ['kind="rate_limit_store"']);
  return sum;
}

/**
 * Statuses of `limit + extra` requests against one shared limit: the first `limit` pass,
 * the rest are refused, except one for each count an instance took in memory because
 * Redis was slower than its timeout (by design: a slow Redis must not hold requests up).
 */
function expectOneLimit(statuses: readonly number[], limit: number, inMemory: number): void {
  expect(statuses.slice(0, limit), 'each instance alone would allow them all').to.deep.equal(Array(limit).fill(200));
  const past = statuses.slice(limit).filter((s) => s === 200).length;
  expect(past, 'past the limit only when counted in memory').to.be.at.most(inMemory);
  expect(statuses.slice(limit).filter((s) => s !== 200).every((s) => s === 429)).to.equal(true);
  expect(statuses.slice(limit).filter((s) => s === 429).length).to.be.at.least(1);
}

/** Every question the bot can ask in a program search or a callback request shows at most once. */
function expectNothingAskedTwice(transcript: readonly string[]): void {
  const asked = [...Object.values(questions).map((q) => q.text), resultWords.genderQuestion, resultWords.languageQuestion, callbackWords.askPhone, callbackWords.askTime];
  for (const question of asked) expect(count(transcript, question), `asked twice: ${question}`).to.be.at.most(1);
}

/** The backends of consecutive turns: with both up, each request goes to the other one. */
function alternates(turns: readonly Turn[]): boolean {
  return turns.every((t, i) => i === 0 || t.backend !== turns[i - 1]!.backend);
}

// ---- The suites ------------------------------------------------------------------------

describe('Teams and the Emulator against two instances on one Redis, round robin with no sticky sessions', function () {
  this.timeout(300_000);
  let redis: TestRedisServer | undefined;
  const connector = new ConnectorStandIn();
  let serviceUrl = '';

  before(async function () {
    redis = await redisServerOrSkip(this, 'two-instance channels');
    serviceUrl = await connector.start();
  });
  after(async () => {
    await connector.stop();
    await redis?.stop();
  });

  const sharedEnv = () => ({ STATE_STORE: redis!.url, STAFF_API_TOKEN: STAFF_TOKEN, METRICS_TOKEN, LOG_LEVEL: 'info' });

  describe('Microsoft Teams (msteams), Bot Framework tokens checked both ways', () => {
    const PER_CONVERSATION = 20;
    const authority = new ChannelAuthority();
    let pair: TwoInstances | undefined;
    let activityCounter = 0;

    before(async () => {
      await authority.start();
      // The connector stand-in is on loopback, which a bot with credentials refuses unless told.
      pair = await TwoInstances.start({ ...sharedEnv(), ...authority.botEnv(), ALLOW_PRIVATE_SERVICE_URLS: 'true', RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: String(PER_CONVERSATION) });
    });
    after(async () => {
      await pair?.stop();
      await authority.stop();
    });

    /** Teams' shapes: a personal chat in a tenant, the user's 29: id and AAD object id, the bot's 28: id, the client's zone. */
    const teams = (conversationId: string): ChannelShape => {
      const tenant = { id: authority.tenantId };
      return {
        activity: (fields) => ({
          type: 'message',
          id: `1${Date.now()}${++activityCounter}`,
          timestamp: new Date().toISOString(),
          localTimestamp: new Date().toISOString(),
          localTimezone: 'America/Chicago',
          channelId: 'msteams',
          serviceUrl,
          from: { id: '29:1a2b3c-teams-user', name: 'Pat Example', aadObjectId: '6b1d7c2e-0000-4000-8000-00000000aa01' },
          conversation: { conversationType: 'personal', tenantId: authority.tenantId, id: conversationId },
          recipient: { id: `28:${authority.appId}`, name: 'Recovery Guide' },
          entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'America/Chicago' }],
          channelData: { tenant },
          locale: 'en-US',
          textFormat: 'plain',
          ...fields,
        }),
        // An Adaptive Card Action.Submit: no text, the action's data as value, a reply to the card.
        tap: (button, reply) => ({
          text: undefined,
          value: button.submits,
          replyToId: reply.id,
          channelData: { tenant, source: { name: 'message' }, legacy: { replyToId: reply.id } },
        }),
        authorization: async () => `Bearer ${await authority.channelToken(serviceUrl)}`,
      };
    };

    it('refuses a forged token on both instances and counts one conversation\'s messages once across both', async () => {
      const forged = await authority.forgedToken(serviceUrl);
      const activity = teams('a:1forged').activity({ text: 'hi' });
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${pair!.front}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` }, body: JSON.stringify(activity) });
        expect(res.status).to.equal(401);
      }
      expect(new Set(pair!.proxy.served.slice(-2).map((s) => s.backend)).size, 'each instance refused one').to.equal(2);
      expect(connector.forConversation('a:1forged')).to.deep.equal([]);

      // With credentials the per-conversation limit is the only one on /api/messages (the
      // Bot Connector's few addresses carry every user), so it must hold across instances.
      const statuses: number[] = [];
      const inMemoryBefore = await countedInMemory(pair!);
      for (let i = 0; i < PER_CONVERSATION + 5; i++) {
        const authorization = await authority.channelToken(serviceUrl);
        const res = await fetch(`${pair!.front}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${authorization}` }, body: JSON.stringify(teams('a:1limits').activity({ text: 'menu' })) });
        statuses.push(res.status);
        if (res.status === 429) expect(Number(res.headers.get('retry-after'))).to.be.within(1, 60);
        await res.text();
      }
      expectOneLimit(statuses, PER_CONVERSATION, (await countedInMemory(pair!)) - inMemoryBefore);
      expect(pair!.proxy.countBy(/^POST \/api\/messages/).every((n) => n >= PER_CONVERSATION / 2), 'both counted').to.equal(true);
    });

    it('a whole conversation alternating between instances; the callback is listed by the other; one dies and the other carries on', async () => {
      const conversationId = `a:1${randomUUID().replaceAll('-', '')}`;
      const pat = new Person(pair!, connector, conversationId, teams(conversationId));

      // Installed in a personal chat: Teams says the bot was added, and the installation.
      expect((await pat.send({ type: 'conversationUpdate', text: undefined, membersAdded: [{ id: `28:${authority.appId}` }] })).status).to.equal(200);
      expect((await pat.send({ type: 'installationUpdate', text: undefined, action: 'add' })).status).to.equal(200);

      const hi = await pat.say('hi');
      expect(wordsOf(hi)).to.include(content.text.welcome[0]!);
      expect(shown(hi.replies.at(-1)!.activity).buttons.map((b) => b.title)).to.include(content.text.menu.find);
      // Teams shows no suggested actions beside cards: every choice is an Action.Submit.
      for (const r of connector.forConversation(conversationId)) expect(r.activity.suggestedActions).to.equal(undefined);

      expect(wordsOf(await pat.tap(content.text.menu.find))).to.include(questions.careStage.text);
      expect(wordsOf(await pat.tap('Finished detox'))).to.include(questions.location.text);
      const place = await pat.say('43205');
      expect(wordsOf(place)).to.include('Columbus, OH').and.include(questions.availability.text);
      expect(wordsOf(await pat.tap('Evenings'))).to.include(questions.format.text);

      const results = await pat.tap('Either');
      const cards = programCards(results, ADAPTIVE);
      expect(cards.length, 'program cards arrive').to.be.within(1, 3);
      for (const { name, call } of cards) {
        expect(call?.title).to.equal(`Call ${name}`);
        expect(call?.url).to.match(/^tel:%2B1\d{10}$/);
      }
      expect(wordsOf(results)).to.include('fit the times you said work for you');

      expect(wordsOf(await pat.tap(content.text.menu.talk))).to.include('833-820-2922');
      expect(wordsOf(await pat.tap(content.messages.talk.callback))).to.include(callbackWords.askPhone);
      expect(wordsOf(await pat.say('(312) 555-2368'))).to.include(callbackWords.askTime);
      expect(wordsOf(await pat.tap(callbackWords.times.morning))).to.include('(312) 555-2368 in the morning');
      const saved = await pat.tap(callbackWords.consentYes);
      expect(wordsOf(saved)).to.include('Your request is saved');

      expect(pat.turns.every((t) => t.status === 200)).to.equal(true);
      expect(alternates(pat.turns), `turns went ${pat.turns.map((t) => 'AB'[t.backend]).join('')}`).to.equal(true);

      // The request saved through one instance is in the other's staff list, with the caller's zone.
      const savedOn = saved.backend;
      const other = pair!.instances[1 - savedOn]!;
      const listed = (await callbacksOn(other.base)).filter((r) => r.phone === '+13125552368');
      expect(listed).to.have.length(1);
      expect(listed[0]).to.include({ bestTime: callbackWords.times.morning, timeZone: 'America/Chicago' });
      const staffPage = await fetch(`${other.base}/staff`);
      expect(staffPage.status).to.equal(200);
      expect(await staffPage.text()).to.match(/<html/i);
      // Each instance counted its own Teams turns; the queue's size is the same from both.
      for (const instance of pair!.instances) {
        expect(await metricOn(instance.base, 'recovery_bot_turns_total', ['channel="msteams"', 'type="message"'])).to.be.at.least(5);
        expect(await metricOn(instance.base, 'recovery_bot_callbacks_pending')).to.be.at.least(1);
      }

      // The instance that saved it dies between two messages; the next ones all go to the other.
      await pair!.kill(savedOn);
      expect(wordsOf(await pat.tap(resultWords.refineInsurance))).to.include(questions.payment.text);
      const medicaid = await pat.tap('Medicaid');
      expect(programCards(medicaid, ADAPTIVE).length, 'cards again, from the survivor').to.be.at.least(1);
      // The answers given through both instances still shape them: evenings, and now Medicaid.
      expect(wordsOf(medicaid)).to.include('fit the times you said work for you').and.include('accepts Medicaid');
      expect(pat.turns.slice(-2).map((t) => t.backend)).to.deep.equal([1 - savedOn, 1 - savedOn]);

      // What the person read: welcomed once, each question asked once, nothing asked again.
      const transcript = pat.transcript();
      expect(count(transcript, content.text.welcome[0]!), 'welcomed once').to.equal(1);
      for (const asked of [questions.careStage, questions.location, questions.availability, questions.format, questions.payment]) {
        expect(count(transcript, asked.text), asked.text).to.equal(1);
      }
      expectNothingAskedTwice(transcript);
      for (const asked of [callbackWords.askPhone, callbackWords.askTime]) expect(count(transcript, asked)).to.equal(1);
      expect(count(transcript, 'Your request is saved')).to.equal(1);

      // Every reply went out with the bot's own token, which each instance got from the identity endpoint.
      const replies = connector.forConversation(conversationId);
      expect(replies.every((r) => r.authorization === `Bearer ${authority.outboundToken}`)).to.equal(true);
      expect(authority.identityRequests.refused).to.equal(0);
      expect(authority.identityRequests.accepted).to.be.at.least(2);

      // Staff marks it called through the survivor: gone from the shared queue.
      const done = await fetch(`${other.base}/api/callbacks/${listed[0]!.id}/done`, { method: 'POST', headers: { authorization: `Bearer ${STAFF_TOKEN}` } });
      expect(done.status).to.equal(200);
      expect((await callbacksOn(other.base)).filter((r) => r.phone === '+13125552368')).to.deep.equal([]);
    });
  });

  describe('the Bot Framework Emulator (emulator), no app id or password, plain text and hero cards', () => {
    const PER_ADDRESS = 60;
    let pair: TwoInstances | undefined;

    before(async () => {
      pair = await TwoInstances.start({ ...sharedEnv(), RATE_LIMIT_PER_IP_PER_MINUTE: String(PER_ADDRESS) });
    });
    after(async () => {
      await pair?.stop();
    });

    const botAccount = { id: 'b7c0ffee-0000-4000-8000-0000000000b0', name: 'Bot', role: 'bot' };
    const userAccount = { id: 'a1b2c3d4-0000-4000-8000-0000000000a1', name: 'User', role: 'user' };
    /** The Emulator's shapes: a "…|livechat" conversation, its own local serviceUrl, imBack taps as text. */
    const emulator = (conversationId: string): ChannelShape => ({
      activity: (fields) => ({
        type: 'message',
        id: randomUUID(),
        timestamp: new Date().toISOString(),
        localTimestamp: new Date().toISOString(),
        localTimezone: 'America/New_York',
        channelId: 'emulator',
        serviceUrl,
        from: userAccount,
        conversation: { id: conversationId },
        recipient: botAccount,
        locale: 'en-US',
        textFormat: 'plain',
        channelData: { clientActivityID: `${Date.now()}${Math.random().toString(36).slice(2, 8)}`, clientTimestamp: new Date().toISOString() },
        entities: [{ type: 'ClientCapabilities', requiresBotState: true, supportsListening: true, supportsTts: true }],
        ...fields,
      }),
      tap: (button) => ({ text: String(button.submits) }),
    });

    it('counts one address\'s requests once across both instances', async () => {
      // Straight to each instance in turn from an address of its own, so nothing else has spent its count.
      const statuses: number[] = [];
      const activity = emulator('limits|livechat').activity({ type: 'typing', text: undefined });
      const inMemoryBefore = await countedInMemory(pair!);
      for (let i = 0; i < PER_ADDRESS + 5; i++) {
        const answer = await rawRequest(pair!.instances[i % 2]!.port, { path: '/api/messages', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity), localAddress: '127.0.0.77' });
        statuses.push(answer.status);
      }
      expectOneLimit(statuses, PER_ADDRESS, (await countedInMemory(pair!)) - inMemoryBefore);
    });

    it('a whole conversation alternating between instances; the callback is listed by the other; one dies and the other carries on', async () => {
      const conversationId = `${randomUUID()}|livechat`;
      const sam = new Person(pair!, connector, conversationId, emulator(conversationId));

      // Connecting: the Emulator adds the bot and the user, and the bot welcomes.
      const opened = await sam.send({ type: 'conversationUpdate', text: undefined, membersAdded: [botAccount, userAccount] });
      expect(wordsOf(opened)).to.include(content.text.welcome[0]!);
      expect(shown(opened.replies.at(-1)!.activity).buttons.map((b) => b.title)).to.include(content.text.menu.find);

      // Said once in passing: the care stage and the place are kept, and never asked.
      const told = await sam.say('I just finished detox and I work nights. I live near 43205');
      expect(wordsOf(told)).to.include("you've finished detox").and.include('Columbus, OH').and.include(questions.availability.text);
      expect(wordsOf(await sam.tap('Mornings'))).to.include(questions.format.text);

      // Working nights, programs only for women or only for men come first: the one question that changes that.
      expect(wordsOf(await sam.tap('Either'))).to.include(resultWords.genderQuestion);
      const results = await sam.tap(resultWords.genderPreferNot);
      const cards = programCards(results, HERO);
      expect(cards.length, 'program cards arrive').to.be.within(1, 3);
      for (const { name, call } of cards) {
        expect(call?.title).to.equal(`Call ${name}`);
        expect(call?.url).to.match(/^tel:\+1\d{10}$/);
      }
      expect(results.replies.find((r) => (r.activity.attachments as unknown[] | undefined)?.length)?.activity.attachmentLayout).to.equal('carousel');
      expect(wordsOf(results), 'the shift told on the first message').to.include('fit around your night shifts');

      expect(wordsOf(await sam.tap(content.text.menu.talk))).to.include('833-820-2922');
      expect(wordsOf(await sam.tap(content.messages.talk.callback))).to.include(callbackWords.askPhone);
      expect(wordsOf(await sam.say('614-555-2368'))).to.include(callbackWords.askTime);
      expect(wordsOf(await sam.tap(callbackWords.times.evening))).to.include('(614) 555-2368 in the evening');
      const saved = await sam.tap(callbackWords.consentYes);
      expect(wordsOf(saved)).to.include('Your request is saved');
      expect(alternates(sam.turns), `turns went ${sam.turns.map((t) => 'AB'[t.backend]).join('')}`).to.equal(true);

      const savedOn = saved.backend;
      const other = pair!.instances[1 - savedOn]!;
      const listed = (await callbacksOn(other.base)).filter((r) => r.phone === '+16145552368');
      expect(listed).to.have.length(1);
      expect(listed[0]).to.include({ bestTime: callbackWords.times.evening, timeZone: 'America/New_York' });
      for (const instance of pair!.instances) {
        expect(await metricOn(instance.base, 'recovery_bot_turns_total', ['channel="emulator"', 'type="message"'])).to.be.at.least(2);
      }

      await pair!.kill(savedOn);
      expect(wordsOf(await sam.tap(resultWords.refineInsurance))).to.include(questions.payment.text);
      const medicaid = await sam.tap('Medicaid');
      expect(programCards(medicaid, HERO).length, 'cards again, from the survivor').to.be.at.least(1);
      expect(wordsOf(medicaid)).to.include('fit around your night shifts').and.include('Columbus, OH').and.include('accepts Medicaid');
      expect(sam.turns.slice(-2).map((t) => t.backend)).to.deep.equal([1 - savedOn, 1 - savedOn]);

      const transcript = sam.transcript();
      expect(count(transcript, content.text.welcome[0]!), 'welcomed once').to.equal(1);
      expect(count(transcript, questions.careStage.text), 'told, so never asked').to.equal(0);
      expect(count(transcript, questions.location.text), 'told, so never asked').to.equal(0);
      for (const asked of [questions.availability.text, questions.format.text, resultWords.genderQuestion, questions.payment.text]) expect(count(transcript, asked), asked).to.equal(1);
      expectNothingAskedTwice(transcript);
      for (const asked of [callbackWords.askPhone, callbackWords.askTime]) expect(count(transcript, asked)).to.equal(1);
      // No credentials on this side: replies go out without a token, as the Emulator expects.
      expect(connector.forConversation(conversationId).every((r) => r.authorization === undefined)).to.equal(true);
    });
  });
});

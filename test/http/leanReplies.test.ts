import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { activityJson, canSendLean, ConnectorReplyError, withLeanReplies } from '../../src/botframework/adapterReplies.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A connector that records what it gets and answers with `answer` (status, headers, body) per request. */
class RecordingConnector {
  readonly received: Received[] = [];
  answers: Array<{ status: number; headers?: Record<string, string>; body?: string }> = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        this.received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        const answer = this.answers.shift() ?? { status: 200, body: '{"id":"r1"}' };
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(answer.body ?? '');
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

const ACTIVITIES: Array<Partial<Activity> & Record<string, unknown>> = [
  {
    type: 'message',
    text: 'Group therapy\n\nSmall groups, led by a counselor.',
    inputHint: 'expectingInput',
    suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Tell me more', value: 'Tell me more' }] },
    channelId: 'emulator',
    serviceUrl: 'http://x',
    conversation: { id: 'conv/1 ü', isGroup: false, extra: 'dropped' } as unknown as Activity['conversation'],
    from: { id: 'bot', name: 'Bot', role: 'bot' },
    recipient: { id: 'user', name: 'User', aadObjectId: undefined },
    replyToId: 'a?1',
    locale: 'en-US',
  },
  {
    type: 'message',
    timestamp: new Date('2024-01-02T03:04:05.678Z'),
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', actions: [{ type: 'Action.Submit', data: { choice: 'x' } }] } }],
    entities: [{ type: 'mention', text: '<at>bot</at>', mentioned: { id: 'b', name: 'Bot' }, extra: 1 } as NonNullable<Activity['entities']>[number]],
    channelData: { notification: { alert: true }, list: [1, null, { a: 'b' }] },
    value: { choice: 'x' },
    speak: null as unknown as string,
    notInTheSchema: { secret: 'not sent' },
    conversation: { id: 'c2' } as Activity['conversation'],
  },
  { type: 'typing', conversation: { id: 'c3' } as Activity['conversation'], relatesTo: { activityId: 'a', bot: { id: 'b' }, conversation: { id: 'c' }, channelId: 'x', serviceUrl: 'y' } as Activity['relatesTo'] },
];

describe('lean replies: anonymous connectors get the reply POSTed directly, byte for byte what the azure client sends', function () {
  this.timeout(20_000);
  const connector = new RecordingConnector();
  let base: string;
  before(async () => {
    base = await connector.start();
  });
  after(() => connector.stop());
  beforeEach(() => {
    connector.received.length = 0;
    connector.answers = [];
  });

  for (const [i, activity] of ACTIVITIES.entries()) {
    it(`activity ${i + 1}: same URL, same body and the same result as ConnectorClient`, async () => {
      const azure = new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: `${base}/prefix` });
      const lean = withLeanReplies(new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: `${base}/prefix` }), `${base}/prefix`);
      const id = activity.conversation!.id;
      const viaAzure = await azure.conversations.replyToActivity(id, 'act/1', { ...activity });
      const viaLean = await lean.conversations.replyToActivity(id, 'act/1', { ...activity });
      await azure.conversations.sendToConversation(id, { ...activity });
      await lean.conversations.sendToConversation(id, { ...activity });
      const [a, l, a2, l2] = connector.received;
      expect(l!.url).to.equal(a!.url);
      expect(l2!.url).to.equal(a2!.url);
      expect(l!.headers['user-agent'], 'the lean path sent it').to.include('lean replies');
      expect(a!.headers['user-agent']).to.not.include('lean replies');
      expect(l!.body).to.equal(a!.body);
      expect(l2!.body).to.equal(a2!.body);
      expect(l!.headers['content-type']).to.equal(a!.headers['content-type']);
      expect(l!.headers['x-ms-conversation-id']).to.equal(a!.headers['x-ms-conversation-id']);
      expect({ ...viaLean }).to.deep.equal({ ...viaAzure });
    });
  }

  it('fields outside the schema are not sent; a field that does not fit its type goes through the azure client', () => {
    expect(activityJson(ACTIVITIES[1]!)).to.not.include('notInTheSchema');
    expect(activityJson({ type: 'message', text: 42 as unknown as string })).to.equal(undefined);
    expect(activityJson({ type: 'message', timestamp: 'yesterday' as unknown as Date })).to.equal(undefined);
  });

  it('a 4xx answer rejects at once with a RestError carrying the status', async () => {
    const lean = withLeanReplies(new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: base }), base, { retryDelayMs: 1 });
    connector.answers = [{ status: 404, body: '{"error":{"code":"x","message":"no"}}' }];
    const error = await lean.conversations.sendToConversation('c', { type: 'message', text: 'hi' }).then(
      () => expect.fail('should reject'),
      (e: unknown) => e as ConnectorReplyError,
    );
    expect(error.name).to.equal('RestError');
    expect(error.statusCode).to.equal(404);
    expect(connector.received).to.have.length(1);
  });

  it('5xx and 408 are retried up to 3 times, then reject; 501 is not retried', async () => {
    const lean = withLeanReplies(new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: base }), base, { retryDelayMs: 1 });
    connector.answers = [{ status: 500 }, { status: 408 }, { status: 502 }];
    const ok = await lean.conversations.sendToConversation('c', { type: 'message', text: 'hi' });
    expect(ok.id).to.equal('r1');
    expect(connector.received).to.have.length(4);

    connector.received.length = 0;
    connector.answers = [{ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }];
    const failed = await lean.conversations.sendToConversation('c', { type: 'message' }).catch((e: ConnectorReplyError) => e);
    expect((failed as ConnectorReplyError).statusCode).to.equal(500);
    expect(connector.received).to.have.length(4);

    connector.received.length = 0;
    connector.answers = [{ status: 501 }];
    const notImplemented = await lean.conversations.sendToConversation('c', { type: 'message' }).catch((e: ConnectorReplyError) => e);
    expect((notImplemented as ConnectorReplyError).statusCode).to.equal(501);
    expect(connector.received).to.have.length(1);
  });

  it('429 waits for Retry-After before trying again', async () => {
    const lean = withLeanReplies(new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: base }), base, { retryDelayMs: 1 });
    connector.answers = [{ status: 429, headers: { 'retry-after-ms': '150' } }];
    const started = performance.now();
    await lean.conversations.sendToConversation('c', { type: 'message' });
    expect(performance.now() - started).to.be.at.least(140);
    expect(connector.received).to.have.length(2);
  });

  it('a refused connection is retried, then rejects with a RestError naming the code', async () => {
    const dead = 'http://127.0.0.1:1';
    const lean = withLeanReplies(new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: dead }), dead, { retryDelayMs: 1 });
    const error = (await lean.conversations.sendToConversation('c', { type: 'message' }).catch((e: unknown) => e)) as ConnectorReplyError;
    expect(error.name).to.equal('RestError');
    expect(error.code).to.equal('ECONNREFUSED');
  });

  it('only anonymous clients without a proxy take the lean path', () => {
    const anonymous = new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: base });
    expect(canSendLean(anonymous, base, {})).to.equal(true);
    expect(canSendLean(anonymous, base, { HTTPS_PROXY: 'http://proxy:8080' })).to.equal(false);
    expect(canSendLean(anonymous, 'ftp://x', {})).to.equal(false);
    const signed = new ConnectorClient(new MicrosoftAppCredentials('app-id', 'secret'), { baseUri: base });
    expect(canSendLean(signed, base, {})).to.equal(false);
  });

  it('other operations and calls with options stay on the azure client', async () => {
    const lean = withLeanReplies(new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: base }), base);
    await lean.conversations.updateActivity('c', 'a1', { type: 'message', text: 'edited' });
    await lean.conversations.sendToConversation('c', { type: 'message' }, { customHeaders: { 'x-test': '1' } });
    expect(connector.received.map((r) => r.method)).to.deep.equal(['PUT', 'POST']);
    expect(connector.received[1]!.headers['x-test']).to.equal('1');
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { WebhookConfigError, WebhookNotifier, WebhookOptions } from '../../src/domain/callbacks/webhookNotifier.js';
import { silentLogger } from './escalationBot.js';

/** A local stand-in for the staff webhook: answers with the next status in `script`, then 204. */
class WebhookStandIn {
  readonly bodies: string[] = [];
  readonly contentTypes: string[] = [];
  script: number[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.bodies.push(Buffer.concat(chunks).toString('utf8'));
        this.contentTypes.push(String(req.headers['content-type']));
        res.writeHead(this.script.shift() ?? 204);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/callbacks`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

const notice = { id: '3b241101-e2bb-4255-8caf-4136c566a962', bestTime: 'Evening' };

describe('callback webhook notifier', () => {
  let standIn: WebhookStandIn;
  let url: string;
  let delays: number[];
  const sleep = async (ms: number) => {
    delays.push(ms); // the backoff is recorded, not waited for
  };
  beforeEach(async () => {
    standIn = new WebhookStandIn();
    url = await standIn.start();
    delays = [];
  });
  afterEach(async () => standIn.stop());

  it('fails twice, then succeeds: three tries with exponential backoff', async () => {
    standIn.script = [503, 500];
    const notifier = new WebhookNotifier({ url, maxAttempts: 5, baseDelayMs: 1000 }, { logger: silentLogger, sleep });
    const outcome = await notifier.notify(notice);
    expect(outcome).to.deep.equal({ delivered: true, attempts: 3 });
    expect(standIn.bodies).to.have.length(3);
    expect(delays).to.deep.equal([1000, 2000]);
  });

  it('gives up after maxAttempts, with the delays capped', async () => {
    standIn.script = [500, 500, 500, 500, 500, 500];
    const notifier = new WebhookNotifier({ url, maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 3000 }, { logger: silentLogger, sleep });
    const outcome = await notifier.notify(notice);
    expect(outcome).to.deep.equal({ delivered: false, attempts: 4 });
    expect(standIn.bodies).to.have.length(4);
    expect(delays).to.deep.equal([1000, 2000, 3000]);
  });

  it('does not retry a request the receiver refuses outright (400)', async () => {
    standIn.script = [400];
    const notifier = new WebhookNotifier({ url, maxAttempts: 5 }, { logger: silentLogger, sleep });
    expect(await notifier.notify(notice)).to.deep.equal({ delivered: false, attempts: 1 });
    expect(standIn.bodies).to.have.length(1);
  });

  it('retries when the receiver cannot be reached at all, and never throws', async () => {
    await standIn.stop();
    const notifier = new WebhookNotifier({ url, maxAttempts: 3, baseDelayMs: 10 }, { logger: silentLogger, sleep });
    expect(await notifier.notify(notice)).to.deep.equal({ delivered: false, attempts: 3 });
    expect(delays).to.deep.equal([10, 20]);
  });

  it('sends the request id and best time only: never the phone number', async () => {
    const notifier = new WebhookNotifier({ url }, { logger: silentLogger, sleep });
    // Even if a caller passes a whole record, only the two fields go out.
    const record = { ...notice, phone: '+13125552368', consentAt: '2025-03-03T15:00:00.000Z' };
    await notifier.notify(record);
    expect(standIn.bodies).to.have.length(1);
    expect(JSON.parse(standIn.bodies[0]!)).to.deep.equal(notice);
    expect(standIn.bodies[0]).not.to.include('555');
    expect(standIn.contentTypes[0]).to.equal('application/json');
  });

  it('notify() returns at once; the conversation never waits for the retries', async () => {
    standIn.script = [500];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const notifier = new WebhookNotifier({ url, maxAttempts: 2 }, { logger: silentLogger, sleep: () => gate });
    let settled = false;
    const pending = notifier.notify(notice).then(() => (settled = true));
    // Let the first try happen; the retry is parked on the gate.
    while (standIn.bodies.length < 1) await new Promise((r) => setImmediate(r));
    expect(settled).to.equal(false);
    release();
    await pending;
    await notifier.idle();
    expect(standIn.bodies).to.have.length(2);
  });

  it('refuses a webhook URL that is not http(s), with a clear error', () => {
    const parsed = WebhookOptions.safeParse({ url: 'ftp://example.org/hook' });
    expect(parsed.success).to.equal(false);
    expect(parsed.error?.issues[0]?.message).to.include('CALLBACK_WEBHOOK_URL');
    expect(() => new WebhookNotifier({ url: 'file:///etc/passwd' }, { logger: silentLogger })).to.throw(WebhookConfigError, /CALLBACK_WEBHOOK_URL/);
    expect(() => new WebhookNotifier({ url: 'https://example.org/hook', maxAttempts: 0 }, { logger: silentLogger })).to.throw(WebhookConfigError, /maxAttempts/);
  });
});

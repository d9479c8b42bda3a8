import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedActivity {
  conversationId: string;
  replyToId?: string;
  activity: { type: string; text?: string; conversation?: { id: string }; replyToId?: string; [key: string]: unknown };
  authorization?: string;
  /** The activity id this stand-in answered with, as the connector does (a card's id is what a tap on it replies to). */
  id?: string;
}

/**
 * Stands in for the Bot Framework connector on 127.0.0.1: the bot POSTs its replies to
 * `${serviceUrl}/v3/conversations/:id/activities[/:replyToId]`; we collect them.
 */
export class ConnectorStandIn {
  readonly received: ReceivedActivity[] = [];
  /** Delay before answering each reply (to test slow connectors and shutdown). */
  delayMs = 0;
  /** Status to answer with (to test failing connectors). */
  status = 200;
  /** Answers this many replies with 500, then goes back to `status` (a connector blip). */
  failNext = 0;
  private server: Server | undefined;
  private waiters: Array<() => void> = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(async (record) => {
        if (record) {
          record.id = `reply-${this.received.length + 1}`;
          this.received.push(record);
        }
        for (const w of this.waiters.splice(0)) w();
        if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
        const failing = this.failNext > 0;
        if (failing) this.failNext--;
        res.writeHead(failing ? 500 : this.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: record?.id ?? `reply-${this.received.length}` }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async handle(req: IncomingMessage): Promise<ReceivedActivity | undefined> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
    if (!match) return undefined;
    return {
      conversationId: decodeURIComponent(match[1]!),
      replyToId: match[2] ? decodeURIComponent(match[2]) : undefined,
      activity: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      authorization: req.headers.authorization,
    };
  }

  forConversation(id: string): ReceivedActivity[] {
    return this.received.filter((r) => r.conversationId === id);
  }

  /** Waits until `predicate` holds, bounded by `timeoutMs` (no fixed sleeps). */
  async waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the bot to reply');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

let counter = 0;
/** A message activity the way a channel sends one. */
export function channelMessage(serviceUrl: string, conversationId: string, text: unknown, extra: Record<string, unknown> = {}) {
  counter += 1;
  return {
    type: 'message',
    id: `act-${counter}`,
    channelId: 'emulator',
    serviceUrl,
    conversation: { id: conversationId },
    from: { id: `user-${conversationId}`, name: 'User' },
    recipient: { id: 'bot', name: 'Bot' },
    text,
    ...extra,
  };
}

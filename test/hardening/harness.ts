import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { createApp, type App, type AppOverrides } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { channelMessage, ConnectorStandIn } from '../helpers/connectorStandIn.js';

/** Every line the app's logger (production options, redaction included) wrote, kept in memory. */
export class LogCapture {
  readonly lines: string[] = [];
  readonly logger: Logger;

  constructor(level = 'trace') {
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.lines.push(line);
        done();
      },
    });
    this.logger = createLogger(level, sink);
  }

  /** Parsed lines with the given `event` field. */
  events(event: string): Array<Record<string, unknown>> {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === event);
  }
}

const queueFiles: string[] = [];
process.once('exit', () => {
  for (const file of queueFiles) rmSync(file, { force: true });
});

export interface RunningApp {
  app: App;
  base: string;
  port: number;
}

/** createApp on 127.0.0.1 and an OS-chosen port, with the given environment on top of the test defaults. */
export async function startApp(env: Record<string, string> = {}, overrides: AppOverrides = {}): Promise<RunningApp> {
  // Each app gets its own callback queue file, so tests never touch var/ or each other.
  const queue = join(tmpdir(), `hardening-callbacks-${randomUUID()}.json`);
  queueFiles.push(queue);
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', CALLBACK_QUEUE_PATH: queue, ...env });
  const app = await createApp(config, { logger: pino({ level: 'silent' }), ...overrides });
  const port = await app.listen(0, '127.0.0.1');
  return { app, base: `http://127.0.0.1:${port}`, port };
}

export interface Posted {
  status: number;
  headers: Headers;
  body: string;
}

/** POSTs one activity (or raw body) to /api/messages. */
export async function postActivity(base: string, body: unknown, headers: Record<string, string> = {}): Promise<Posted> {
  const res = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/**
 * Sends a message and waits until the connector has received at least `minReplies` new
 * replies for the conversation. Returns the HTTP answer and the new replies' texts.
 */
export async function say(
  running: RunningApp,
  connector: ConnectorStandIn,
  serviceUrl: string,
  conversationId: string,
  text: string,
  minReplies = 1,
): Promise<{ status: number; replies: string[] }> {
  const before = connector.forConversation(conversationId).length;
  const res = await postActivity(running.base, channelMessage(serviceUrl, conversationId, text));
  await connector.waitFor(() => connector.forConversation(conversationId).length >= before + minReplies, 15_000);
  const replies = connector
    .forConversation(conversationId)
    .slice(before)
    .map((r) => `${r.activity.text ?? ''} ${JSON.stringify(r.activity.suggestedActions ?? '')}`);
  return { status: res.status, replies };
}

/** Polls `predicate` every 20 ms until it holds or `timeoutMs` passes (no fixed sleeps). */
export async function eventually(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

import { copyFileSync, cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { fromRoot } from '../../src/paths.js';
import { runTs } from '../helpers/childProcess.js';
import { channelMessage, ConnectorStandIn } from '../helpers/connectorStandIn.js';
import { eventually, LogCapture, postActivity, say, startApp, type RunningApp } from './harness.js';

describe('faults: failing, slow and unreachable connectors', function () {
  this.timeout(90_000);
  const connector = new ConnectorStandIn();
  const capture = new LogCapture('info');
  let serviceUrl: string;
  let running: RunningApp;

  before(async () => {
    serviceUrl = await connector.start();
    running = await startApp({ REQUEST_TIMEOUT_MS: '2500' }, { logger: capture.logger });
  });
  afterEach(() => {
    connector.status = 200;
    connector.delayMs = 0;
  });
  after(async () => {
    await running.app.close();
    await connector.stop();
  });

  /** Sends one message that will fail; returns its HTTP status once the failed turn has been logged and has ended. */
  async function failingTurn(url: string, id: string, text: string): Promise<{ status: number; errors: Array<Record<string, unknown>> }> {
    const before = capture.events('turn_error').length;
    const res = await postActivity(running.base, channelMessage(url, id, text));
    await eventually(() => capture.events('turn_error').length > before, 20_000, 'turn_error to be logged');
    await eventually(() => running.app.http.inFlight() === 0, 20_000, 'the failed turn to end');
    return { status: res.status, errors: capture.events('turn_error').slice(before) };
  }

  it('a connector answering 500: the turn fails cleanly, is logged, the channel gets no 5xx, and the next turn works', async () => {
    const id = 'fault-500';
    await say(running, connector, serviceUrl, id, 'hi', 4);
    connector.status = 500;
    const failed = await failingTurn(serviceUrl, id, 'Learn about IOP');
    expect(failed.status, 'no 5xx for the channel to retry in a loop').to.be.below(500);
    expect(failed.errors[0]).to.include({ event: 'turn_error', channelId: 'emulator' });
    expect(failed.errors[0]?.errorName).to.be.a('string');
    expect(failed.errors[0]?.cause, 'the connector failure, under any wrapping').to.be.oneOf(['RestError', 'ConnectorTimeoutError']);
    expect(capture.events('turn_error_reply_failed').length, 'the apology could not be sent either, and that is logged').to.be.greaterThan(0);

    connector.status = 200;
    const next = await say(running, connector, serviceUrl, id, 'Learn about IOP');
    expect(next.status).to.be.within(200, 299);
    expect(next.replies.join(' ')).to.match(/Group therapy/);
  });

  it('a connector that hangs: the send times out, the turn ends, and the next turn works', async () => {
    const id = 'fault-slow';
    await say(running, connector, serviceUrl, id, 'hi', 4);
    await say(running, connector, serviceUrl, id, 'Learn about IOP');
    connector.delayMs = 8_000;
    const failed = await failingTurn(serviceUrl, id, 'Group therapy');
    expect(failed.status).to.be.below(500);
    expect(failed.errors.map((e) => e.cause)).to.include('ConnectorTimeoutError');

    connector.delayMs = 0;
    // The failed turn saved nothing, so the conversation is still at the topic menu.
    const next = await say(running, connector, serviceUrl, id, 'Group therapy');
    expect(next.replies.join(' ')).to.match(/three to four times a week/);
  });

  it('a serviceUrl nobody listens on: the turn fails cleanly, and the same conversation works again on a good one', async () => {
    const dead = await closedPortUrl();
    const failed = await failingTurn(dead, 'fault-dead', 'hi');
    expect(failed.status).to.be.below(500);
    const next = await say(running, connector, serviceUrl, 'fault-dead', 'Talk to someone now', 2);
    expect(next.replies.join(' ')).to.match(/833-820-2922/);
  });

  it('replies to the connector reuse kept-alive connections across turns', async () => {
    const counting = await startCountingConnector();
    try {
      for (let i = 0; i < 6; i++) {
        const res = await postActivity(running.base, channelMessage(counting.url, 'keepalive', i === 0 ? 'hi' : 'menu'));
        expect(res.status).to.be.within(200, 299);
      }
      expect(counting.requests).to.be.at.least(9);
      expect(counting.connections, `${counting.requests} replies over ${counting.connections} connections`).to.be.at.most(2);
    } finally {
      await counting.stop();
    }
  });
});

describe('faults: a missing or corrupt data file stops start-up with one clear error', function () {
  this.timeout(120_000);
  const FILES = ['content.json', 'iop-topics.json', 'crisis-responses.json', 'intents.json'];
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of data/ (without the large catalog) with one file broken. */
  function brokenCopy(file: string, how: 'missing' | 'corrupt'): string {
    const dir = mkdtempSync(join(tmpdir(), 'hardening-data-'));
    dirs.push(dir);
    for (const name of readdirSync(fromRoot('data'))) {
      if (name.endsWith('.json') && name !== 'programs.json') copyFileSync(fromRoot(join('data', name)), join(dir, name));
    }
    cpSync(fromRoot(join('data', 'locales')), join(dir, 'locales'), { recursive: true });
    if (how === 'missing') rmSync(join(dir, file));
    else writeFileSync(join(dir, file), '{"half": "a file cut off mid-wri');
    return dir;
  }

  for (const file of FILES) {
    for (const how of ['missing', 'corrupt'] as const) {
      it(`${file} ${how} → exit code 1 and one line naming the file`, async () => {
        const { done } = runTs('src/index.ts', { CONTENT_DIR: brokenCopy(file, how), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
        const result = await done;
        expect(result.code, result.stderr).to.equal(1);
        expect(result.stdout).not.to.match(/"event":"listening"/);
        const lines = result.stderr.split('\n').filter((l) => l.trim().length > 0 && !/DeprecationWarning|--trace-deprecation/.test(l));
        expect(lines, result.stderr).to.have.length(1);
        expect(lines[0]).to.match(/^Cannot start: /);
        expect(lines[0]).to.include(file);
        expect(lines[0], 'says what is wrong').to.match(how === 'missing' ? /not found|ENOENT|no such file/i : /JSON|invalid|unterminated/i);
      });
    }
  }
});

/** A URL on 127.0.0.1 where nothing listens (a port the OS handed out and we released). */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A connector that answers every reply and counts TCP connections and requests. */
async function startCountingConnector(): Promise<{ url: string; readonly connections: number; readonly requests: number; stop(): Promise<void> }> {
  let connections = 0;
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `r-${requests}` }));
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    get requests() {
      return requests;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

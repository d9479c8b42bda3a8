import { connect } from 'node:net';
import { expect } from 'chai';
import type { Request, Response, Server } from 'restify';
import type { StoreItems } from 'botbuilder';
import { ExpiringMemoryStorage } from '../../src/state/expiringMemoryStorage.js';
import { channelMessage, ConnectorStandIn } from '../helpers/connectorStandIn.js';
import { eventually, LogCapture, postActivity, say, startApp, type RunningApp } from './harness.js';

const TIMEOUT_MS = 400;

/** Storage whose writes can be held back, to make a turn outlast the request deadline. */
class SlowWriteStorage extends ExpiringMemoryStorage {
  writeDelayMs = 0;
  override async write(changes: StoreItems): Promise<void> {
    if (this.writeDelayMs > 0) await new Promise((r) => setTimeout(r, this.writeDelayMs));
    return super.write(changes);
  }
}

/** A handler that hangs, and one that answers after the deadline (and reports when it tried). */
let lateWriteDone: (() => void) | undefined;
function slowRoutes(server: Server): void {
  server.get('/api/test/hang', async () => {
    await new Promise(() => undefined);
  });
  server.get('/api/test/late', async (_req: Request, res: Response) => {
    await new Promise((r) => setTimeout(r, TIMEOUT_MS * 3));
    res.header('x-late', 'yes');
    res.send(200, { late: true });
    lateWriteDone?.();
  });
}

describe('request timeouts', function () {
  this.timeout(60_000);
  const connector = new ConnectorStandIn();
  const capture = new LogCapture('info');
  const storage = new SlowWriteStorage();
  let serviceUrl: string;
  let running: RunningApp;

  before(async () => {
    serviceUrl = await connector.start();
    running = await startApp({ REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) }, { routes: [slowRoutes], logger: capture.logger, storage });
  });
  after(async () => {
    await running.app.close();
    await connector.stop();
  });

  it("Node's own request and header timeouts are REQUEST_TIMEOUT_MS", () => {
    expect(running.app.http.server.server.requestTimeout).to.equal(TIMEOUT_MS);
    expect(running.app.http.server.server.headersTimeout).to.equal(TIMEOUT_MS);
  });

  it('a hung handler is answered 503 with Retry-After at the deadline', async () => {
    const started = Date.now();
    const res = await fetch(`${running.base}/api/test/hang`);
    expect(res.status).to.equal(503);
    expect(res.headers.get('retry-after')).to.equal('5');
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(Date.now() - started).to.be.at.least(TIMEOUT_MS - 50);
    expect(capture.events('request_deadline').some((e) => e.route === '/api/test/hang' && e.status === 503)).to.equal(true);
  });

  it('a handler that answers after the deadline does not crash anything; the server goes on', async () => {
    const done = new Promise<void>((resolve) => (lateWriteDone = resolve));
    const res = await fetch(`${running.base}/api/test/late`);
    expect(res.status).to.equal(503);
    await done; // the late handler wrote to its (already answered) response without throwing
    expect(capture.events('http_error')).to.have.length(0);
    expect((await fetch(`${running.base}/healthz`)).status).to.equal(200);
  });

  it('a client that trickles its request is cut off (slowloris)', async () => {
    const socket = connect(running.app.http.server.address().port, '127.0.0.1');
    let closed = false;
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('close', () => (closed = true));
    socket.on('error', () => undefined);
    socket.write('POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n');
    // Never finishes the headers.
    await eventually(() => closed, 10_000, 'the server to close the trickling connection');
    expect(answer === '' || answer.startsWith('HTTP/1.1 408'), answer).to.equal(true);
  });

  it('a bot turn that outlasts the deadline is answered 202 and still completes: replies sent, state saved', async () => {
    const id = 'slow-turn';
    await say(running, connector, serviceUrl, id, 'hi', 4);
    storage.writeDelayMs = TIMEOUT_MS * 3;
    const before = connector.forConversation(id).length;
    const res = await postActivity(running.base, channelMessage(serviceUrl, id, 'Learn about IOP'));
    expect(res.status, 'accepted, not a 5xx the channel would retry').to.equal(202);
    await connector.waitFor(() => connector.forConversation(id).length > before);
    // The turn goes on after the answer: its state is saved, so the next turn continues the dialog.
    await eventually(() => running.app.http.inFlight() === 0, 10_000, 'the turn to finish');
    storage.writeDelayMs = 0;
    const next = await say(running, connector, serviceUrl, id, 'Group therapy');
    expect(next.replies.join(' ')).to.match(/three to four times a week/);
  });

  it('an invoke that outlasts the deadline gets 503 (its answer would have carried the result)', async () => {
    storage.writeDelayMs = TIMEOUT_MS * 3;
    try {
      const res = await postActivity(running.base, { ...channelMessage(serviceUrl, 'slow-invoke', undefined), type: 'invoke', name: 'something/unknown' });
      expect(res.status).to.equal(503);
    } finally {
      await eventually(() => running.app.http.inFlight() === 0, 10_000, 'the invoke to finish');
      storage.writeDelayMs = 0;
    }
  });
});

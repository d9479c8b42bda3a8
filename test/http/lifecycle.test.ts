import { expect } from 'chai';
import { runTs, waitForListening } from '../helpers/childProcess.js';
import { channelMessage, ConnectorStandIn } from '../helpers/connectorStandIn.js';

describe('process lifecycle (npm start entry point)', function () {
  // A child process starts (tsx compiles on the fly) and a turn runs with slow replies:
  // seconds on a quiet machine, more on a loaded two-core one.
  this.timeout(60_000);
  const connector = new ConnectorStandIn();
  let serviceUrl: string;
  before(async () => {
    serviceUrl = await connector.start();
  });
  after(() => connector.stop());

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} finishes the turn in flight, stops accepting, and exits 0`, async () => {
      const { child, done } = runTs('src/index.ts', { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
      const port = await waitForListening(child);
      const base = `http://127.0.0.1:${port}`;
      connector.delayMs = 800; // the turn is still sending replies when the signal arrives
      const conversation = `life-${signal}`;
      const inFlight = fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(channelMessage(serviceUrl, conversation, 'Talk to someone now')),
      });
      await connector.waitFor(() => connector.forConversation(conversation).length > 0);
      child.kill(signal);
      const response = await inFlight;
      expect(response.status).to.be.within(200, 299);
      const result = await done;
      connector.delayMs = 0;
      expect(result.code).to.equal(0);
      expect(connector.forConversation(conversation).some((r) => /833-820-2922/.test(r.activity.text ?? ''))).to.equal(true);
      const refused = await fetch(`${base}/healthz`).then(
        () => false,
        () => true,
      );
      expect(refused).to.equal(true);
    });
  }
});

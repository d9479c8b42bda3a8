import { inspect } from 'node:util';
import { expect } from 'chai';
import sinon from 'sinon';
import { REDACT_PATHS } from '../../src/logger.js';
import { channelMessage, ConnectorStandIn } from '../helpers/connectorStandIn.js';
import { eventually, LogCapture, postActivity, say, startApp, type RunningApp } from './harness.js';

/** What people typed in this conversation; none of it may reach a log or the console. */
const SECRETS: ReadonlyArray<[string, RegExp]> = [
  ['name', /jordan|quill/i],
  // The phone number in any format: 4155550199, 415-555-0199, (415) 555-0199, +1 415 555 0199, 555-0199.
  ['phone', /4\D{0,3}1\D{0,3}5\D{0,3}5\D{0,3}5\D{0,3}5\D{0,3}0\D{0,3}1\D{0,3}9\D{0,3}9|555\D{0,3}0199/],
  ['zip', /94110/],
  ['crisis message', /end my life|tonight/i],
];

/** The secrets a line shows; pino's `time` is dropped first (a timestamp can hold any five digits). */
function leaksIn(line: string): string[] {
  let text = line;
  try {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    delete parsed.time;
    text = JSON.stringify(parsed);
  } catch {
    // Not JSON (console output): check as is.
  }
  return SECRETS.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}

describe('privacy: nothing people type reaches the logs or the console', function () {
  this.timeout(90_000);
  const connector = new ConnectorStandIn();
  const capture = new LogCapture('trace');
  const consoleLines: string[] = [];
  let serviceUrl: string;
  let running: RunningApp;
  const stubs: sinon.SinonStub[] = [];

  before(async () => {
    serviceUrl = await connector.start();
    // Everything botbuilder (or anything else) prints to the console during the conversation.
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      stubs.push(sinon.stub(console, method).callsFake((...args: unknown[]) => void consoleLines.push(args.map((a) => inspect(a, { depth: 8 })).join(' '))));
    }
    running = await startApp({ LOG_LEVEL: 'trace', REQUEST_TIMEOUT_MS: '2000' }, { logger: capture.logger });
  });
  after(async () => {
    for (const stub of stubs) stub.restore();
    await running.app.close();
    await connector.stop();
  });

  it('the leak check itself finds each secret in any format (so the test can fail)', () => {
    expect(leaksIn('{"msg":"call (415) 555-0199"}')).to.deep.equal(['phone']);
    expect(leaksIn('{"a":"+1 415.555.0199"}')).to.deep.equal(['phone']);
    expect(leaksIn('{"a":"4155550199"}')).to.deep.equal(['phone']);
    expect(leaksIn('{"a":"I am Jordan"}')).to.deep.equal(['name']);
    expect(leaksIn('{"a":"zip 94110"}')).to.deep.equal(['zip']);
    expect(leaksIn('{"a":"I want to END MY LIFE"}')).to.deep.equal(['crisis message']);
    expect(leaksIn('{"time":1794110000000,"msg":"ok"}')).to.deep.equal([]);
  });

  it('a whole conversation with personal details, a crisis and connector failures logs none of them', async () => {
    const id = 'privacy-1';
    await say(running, connector, serviceUrl, id, 'hi', 4);
    await say(running, connector, serviceUrl, id, 'my name is Jordan Quill');
    await say(running, connector, serviceUrl, id, 'call me at 415-555-0199');
    await say(running, connector, serviceUrl, id, 'I live in 94110');
    const crisis = await say(running, connector, serviceUrl, id, 'i want to end my life tonight', 2);
    expect(crisis.replies.join(' ')).to.match(/988/);
    await say(running, connector, serviceUrl, id, 'what do you know about me');
    await say(running, connector, serviceUrl, id, 'forget me');

    // The connector fails: every turn now errors, through onTurnError and its failed reply.
    connector.status = 500;
    for (const text of ['my name is Jordan Quill', 'call me at (415) 555-0199', 'I live in 94110', 'i want to end my life tonight']) {
      const before = capture.events('turn_error').length;
      const res = await postActivity(running.base, channelMessage(serviceUrl, id, text));
      expect(res.status, 'a failed turn is not answered with a 5xx').to.be.below(500);
      await eventually(() => capture.events('turn_error').length > before, 10_000, 'turn_error logged');
    }
    connector.status = 200;

    // A connector nobody listens on.
    const unreachable = 'http://127.0.0.1:9';
    const before = capture.events('turn_error').length;
    await postActivity(running.base, channelMessage(unreachable, 'privacy-2', 'call me at 4155550199, I live in 94110'));
    await eventually(() => capture.events('turn_error').length > before, 10_000, 'turn_error for the unreachable connector');

    // Bodies the server refuses: invalid JSON, a wrong field type, too large.
    expect((await postActivity(running.base, '{"type":"message","text":"my name is Jordan Quill, 415-555-0199", ')).status).to.equal(400);
    expect((await postActivity(running.base, { ...channelMessage(serviceUrl, id, 'x'), text: { zip: '94110', phone: '415-555-0199' } })).status).to.equal(400);
    expect((await postActivity(running.base, channelMessage(serviceUrl, id, `I live in 94110 ${'x'.repeat(300_000)}`))).status).to.equal(413);

    // And the conversation still works afterwards.
    const after = await say(running, connector, serviceUrl, id, 'Talk to someone now');
    expect(after.replies.join(' ')).to.match(/833-820-2922/);

    // The logs did see this conversation (the test is not passing on an empty log) ...
    expect(capture.events('crisis_detected')).to.have.length.greaterThan(0);
    expect(capture.events('turn_error').length).to.be.at.least(5);
    // ... and show none of what was typed.
    const leaks = capture.lines.map((line) => ({ line, leaks: leaksIn(line) })).filter((l) => l.leaks.length > 0);
    expect(leaks, `log lines with typed content:\n${leaks.map((l) => `${l.leaks.join(',')}: ${l.line}`).join('\n')}`).to.deep.equal([]);

    const consoleLeaks = consoleLines.filter((line) => leaksIn(line).length > 0);
    expect(consoleLeaks, `console output with typed content:\n${consoleLeaks.join('\n')}`).to.deep.equal([]);
  });

  it('the redact paths cover the fields that could carry typed content', () => {
    for (const path of ['text', '*.text', 'activity.text', 'activity.value', 'phone', 'zip', 'profile', 'body', '*.body']) {
      expect(REDACT_PATHS).to.include(path);
    }
  });

  it('redaction works on objects that slip through anyway', () => {
    const local = new LogCapture('trace');
    local.logger.info({ text: 'my name is Jordan Quill', activity: { text: 'I live in 94110', value: { phone: '415-555-0199' } }, profile: { zip: '94110' } }, 'oops');
    expect(local.lines).to.have.length(1);
    expect(leaksIn(local.lines[0]!)).to.deep.equal([]);
  });
});

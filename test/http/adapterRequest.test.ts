import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import sinon from 'sinon';
import restify, { type Server } from 'restify';
import { ConfigurationBotFrameworkAuthentication, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import { BotAdapter } from '../../src/botframework/adapter.js';
import { AuthGate } from '../../src/hosting/authGate.js';

/** processActivity is protected; the test replaces it to see what processRequest does with its outcomes. */
type ProcessActivity = (auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>) => Promise<InvokeResponse | undefined>;
type Authenticate = (activity: Activity, authHeader: string) => Promise<AuthenticateRequestResult>;

describe('BotAdapter.processRequest (the /api/messages entry point)', () => {
  let server: Server;
  let base: string;
  let adapter: BotAdapter;
  let processActivity: sinon.SinonStub<Parameters<ProcessActivity>, ReturnType<ProcessActivity>>;
  let authenticate: sinon.SinonStub<Parameters<Authenticate>, ReturnType<Authenticate>>;
  let failures: Error[];
  let admitted: number;
  let admits: boolean;
  const authResult = { audience: 'x' } as AuthenticateRequestResult;

  beforeEach(async () => {
    const auth = new ConfigurationBotFrameworkAuthentication({});
    authenticate = sinon.stub<Parameters<Authenticate>, ReturnType<Authenticate>>().resolves(authResult);
    auth.authenticateRequest = authenticate;
    adapter = new BotAdapter(auth);
    admitted = 0;
    admits = true;
    const gate = new AuthGate({ total: 8, perAddress: 2, timeoutMs: 200 });
    processActivity = sinon.stub<Parameters<ProcessActivity>, ReturnType<ProcessActivity>>();
    (adapter as unknown as { processActivity: ProcessActivity }).processActivity = processActivity;
    failures = [];
    server = restify.createServer({ handleUncaughtExceptions: false });
    server.use(restify.plugins.bodyParser({ mapParams: false }));
    server.post('/api/messages', async (req, res) => {
      try {
        await adapter.processRequest(req, res, async () => undefined, {
          address: 'client',
          gate,
          admit: () => {
            admitted++;
            if (!admits) res.send(429, { error: 'rate_limited' });
            return admits;
          },
        });
      } catch (err) {
        failures.push(err as Error);
        res.send(502, { error: 'turn_failed' });
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    sinon.restore();
  });

  const send = (body: object, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('passes the authorization header and the activity, with its times as Dates and the strings kept, and answers 200', async () => {
    processActivity.resolves(undefined);
    const res = await send({ type: 'message', text: 'hi', timestamp: '2026-11-29T10:00:00.000Z', localTimestamp: '2026-11-29T05:00:00.000-05:00' }, { authorization: 'Bearer abc' });
    expect(res.status).to.equal(200);
    expect(await res.text()).to.equal('');
    expect(authenticate.firstCall.args[1]).to.equal('Bearer abc');
    const [auth, activity] = processActivity.firstCall.args;
    expect(auth).to.equal(authResult);
    expect(admitted).to.equal(1);
    expect(activity.timestamp).to.be.instanceOf(Date);
    expect((activity.timestamp as Date).toISOString()).to.equal('2026-11-29T10:00:00.000Z');
    expect(activity).to.include({ rawTimestamp: '2026-11-29T10:00:00.000Z', rawLocalTimestamp: '2026-11-29T05:00:00.000-05:00' });
    expect(activity.localTimestamp).to.be.instanceOf(Date);
  });

  it('answers an invoke with its status and body', async () => {
    processActivity.resolves({ status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'ok' } });
    const res = await send({ type: 'invoke', name: 'adaptiveCard/action' });
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'ok' });
  });

  it('passes an invoke status on, with no body', async () => {
    processActivity.resolves({ status: 501 });
    const res = await send({ type: 'invoke', name: 'unknown' });
    expect(res.status).to.equal(501);
  });

  it('answers 401, without the error text, when authentication fails', async () => {
    authenticate.rejects(new AuthenticationError('Unauthorized: token issuer is not trusted, see Alice at 555-0100', 401));
    const res = await send({ type: 'message', text: 'hi' });
    expect(res.status).to.equal(401);
    expect(await res.text()).to.not.include('Alice');
    expect(failures).to.deep.equal([]);
    expect(admitted, 'limits are not spent by refused credentials').to.equal(0);
    expect(processActivity.called).to.equal(false);
  });

  it("answers 401 for a token whose signature does not verify (jsonwebtoken's error, passed through by botbuilder)", async () => {
    authenticate.rejects(Object.assign(new Error('invalid signature'), { name: 'JsonWebTokenError' }));
    const res = await send({ type: 'message', text: 'hi' });
    expect(res.status).to.equal(401);
    expect(processActivity.called).to.equal(false);
  });

  it('answers 503 with Retry-After when the signing keys cannot be had, and runs nothing', async () => {
    authenticate.rejects(new AuthenticationError('Failed to load openID config: 500', 500));
    const res = await send({ type: 'message', text: 'hi' });
    expect(res.status).to.equal(503);
    expect(res.headers.get('retry-after')).to.equal('5');
    expect(processActivity.called).to.equal(false);
  });

  it('answers 503 when authentication hangs past the deadline, and refuses at once beyond the per-address cap', async () => {
    authenticate.returns(new Promise<AuthenticateRequestResult>(() => undefined));
    const started = Date.now();
    const answers = await Promise.all([1, 2, 3].map(() => send({ type: 'message', text: 'hi' })));
    expect(answers.map((r) => r.status)).to.deep.equal([503, 503, 503]);
    expect(answers.every((r) => r.headers.get('retry-after') !== null)).to.equal(true);
    expect(Date.now() - started).to.be.below(2_000);
    // The two hung checks still hold their slots: the next request is refused without a check.
    const calls = authenticate.callCount;
    const more = await send({ type: 'message', text: 'hi' });
    expect(more.status).to.equal(503);
    expect(authenticate.callCount).to.equal(calls);
    expect(processActivity.called).to.equal(false);
  });

  it('runs no turn when admission refuses after authentication', async () => {
    admits = false;
    const res = await send({ type: 'message', text: 'hi' });
    expect(res.status).to.equal(429);
    expect(processActivity.called).to.equal(false);
  });

  it('leaves any other failure to the caller, having written nothing', async () => {
    processActivity.rejects(new TypeError('connector said no'));
    const res = await send({ type: 'message', text: 'hi' });
    expect(res.status).to.equal(502);
    expect(failures.map((e) => e.message)).to.deep.equal(['connector said no']);
  });
});

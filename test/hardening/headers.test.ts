import { expect } from 'chai';
import type { Request, Response, Server } from 'restify';
import { API_CSP } from '../../src/hosting/securityHeaders.js';
import { channelMessage, ConnectorStandIn } from '../helpers/connectorStandIn.js';
import { postActivity, startApp, type RunningApp } from './harness.js';

/** A page route that sets its own CSP and caching, as the web chat page does. */
const PAGE_CSP = "default-src 'self'; frame-ancestors https://clinic.example.org";
function pageRoute(server: Server): void {
  server.get('/test-page', async (_req: Request, res: Response) => {
    res.header('Content-Security-Policy', PAGE_CSP);
    res.header('Cache-Control', 'public, max-age=60');
    res.header('content-type', 'text/html');
    res.sendRaw(200, '<!doctype html><title>chat</title>');
  });
}

function expectBaseline(headers: Headers, what: string): void {
  expect(headers.get('x-content-type-options'), what).to.equal('nosniff');
  expect(headers.get('referrer-policy'), what).to.equal('no-referrer');
  expect(headers.get('server'), what).to.equal(null);
}

function expectApi(headers: Headers, what: string): void {
  expectBaseline(headers, what);
  expect(headers.get('content-security-policy'), what).to.equal(API_CSP);
  expect(headers.get('cache-control'), what).to.equal('no-store');
}

describe('security headers and body size', function () {
  this.timeout(30_000);
  const connector = new ConnectorStandIn();
  let serviceUrl: string;
  let running: RunningApp;

  before(async () => {
    serviceUrl = await connector.start();
    running = await startApp({ RATE_LIMIT_PER_IP_PER_MINUTE: '20' }, { routes: [pageRoute] });
  });
  after(async () => {
    await running.app.close();
    await connector.stop();
  });

  it('every kind of API answer carries them: 200, 400 (bad activity, wrong content type), 404, 405, 413', async () => {
    const base = running.base;
    const answers: Array<[string, Response | globalThis.Response]> = [
      ['healthz', await fetch(`${base}/healthz`)],
      ['readyz', await fetch(`${base}/readyz`)],
      ['turn', await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(channelMessage(serviceUrl, 'h-1', 'hi')) })],
      ['bad activity', await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })],
      ['unknown path', await fetch(`${base}/api/nothing-here`)],
      ['wrong method', await fetch(`${base}/api/messages`)],
      ['wrong type', await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' })],
    ];
    const statuses = answers.map(([, r]) => (r as globalThis.Response).status);
    expect(statuses).to.deep.equal([200, 200, 200, 400, 404, 405, 400]);
    for (const [what, res] of answers) expectApi((res as globalThis.Response).headers, what);
  });

  it('a body over MAX_BODY_BYTES gets 413, with the headers', async () => {
    const res = await postActivity(running.base, channelMessage(serviceUrl, 'big', 'x'.repeat(300 * 1024)));
    expect(res.status).to.equal(413);
    expectApi(res.headers, '413');
  });

  it('MAX_BODY_BYTES is configurable', async () => {
    const small = await startApp({ MAX_BODY_BYTES: '2048' });
    try {
      expect((await postActivity(small.base, channelMessage(serviceUrl, 'small-1', 'x'.repeat(1000)))).status).to.be.within(200, 299);
      expect((await postActivity(small.base, channelMessage(serviceUrl, 'small-2', 'x'.repeat(3000)))).status).to.equal(413);
    } finally {
      await small.app.close();
    }
  });

  it('a 429 carries them too', async () => {
    const limited = await startApp({ RATE_LIMIT_PER_IP_PER_MINUTE: '1' });
    try {
      await fetch(`${limited.base}/api/messages`, { method: 'POST' });
      const res = await fetch(`${limited.base}/api/messages`, { method: 'POST' });
      expect(res.status).to.equal(429);
      expectApi(res.headers, '429');
    } finally {
      await limited.app.close();
    }
  });

  it("a route's own Content-Security-Policy and caching win over the defaults", async () => {
    const res = await fetch(`${running.base}/test-page`);
    expect(res.status).to.equal(200);
    expectBaseline(res.headers, 'page');
    expect(res.headers.get('content-security-policy')).to.equal(PAGE_CSP);
    expect(res.headers.get('cache-control')).to.equal('public, max-age=60');
  });

  it('Strict-Transport-Security only for requests that came over https', async () => {
    expect((await fetch(`${running.base}/healthz`)).headers.get('strict-transport-security')).to.equal(null);
    const viaProxy = await fetch(`${running.base}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(viaProxy.headers.get('strict-transport-security')).to.match(/max-age=\d+/);
  });
});

import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { webChatRoutes } from '../../src/features/webchat/webChatRoutes.js';
import { webChatBundlePath } from '../../src/features/webchat/webChatAssets.js';
import { fetchToken, startApp, type Running } from './harness.js';
import { call, type Started } from './rest.js';

const PARTNER = 'https://partner.example.org';
const STRANGER = 'https://stranger.example.com';

/** The directives of a CSP header, by name. */
function directives(csp: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (csp ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

describe('web chat page, assets and embedding rules', () => {
  let running: Running;
  before(async () => {
    running = await startApp({ ALLOWED_ORIGINS: PARTNER }, {}, [webChatRoutes()]);
  });
  after(async () => {
    await running.close();
  });

  it('serves the page with a strict CSP, its nonce, and frame-ancestors from ALLOWED_ORIGINS', async () => {
    const res = await fetch(`${running.baseUrl}/`);
    expect(res.status).to.equal(200);
    const csp = res.headers.get('content-security-policy');
    expect(csp, 'one policy, not the API default as well').to.not.include(', ');
    const d = directives(csp);
    expect(d.get('default-src')).to.deep.equal(["'self'"]);
    expect(d.get('script-src')).to.deep.equal(["'self'"]);
    expect(d.get('connect-src')).to.deep.equal(["'self'"]);
    expect(d.get('object-src')).to.deep.equal(["'none'"]);
    expect(d.get('frame-ancestors')).to.deep.equal(["'self'", PARTNER]);
    expect(d.get('style-src')).to.not.include("'unsafe-inline'");
    const html = await res.text();
    const nonce = /<meta name="csp-nonce" content="([^"]+)">/.exec(html)?.[1];
    expect(d.get('style-src')).to.include(`'nonce-${nonce}'`);
    expect(html, 'no inline script').to.not.match(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).to.include('href="tel:+18338202922"');
    expect(html).to.include('href="tel:988"');
    expect(html).to.include('href="tel:911"');
    expect(html).to.not.match(/https?:\/\/(?!YOUR-HOST)/);
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    const second = await fetch(`${running.baseUrl}/`);
    expect(directives(second.headers.get('content-security-policy')).get('style-src')).to.not.deep.equal(d.get('style-src'));
  });

  it('marks the embed page and refuses a bad embed value with 400', async () => {
    expect(await (await fetch(`${running.baseUrl}/?embed=1`)).text()).to.include('<body class="embed"');
    expect((await fetch(`${running.baseUrl}/?embed=yes`)).status).to.equal(400);
  });

  it('serves the installed Web Chat bundle, gzipped, and widget.js readable cross-origin', async () => {
    const raw = await fetch(`${running.baseUrl}/assets/webchat.js`, { headers: { 'Accept-Encoding': 'identity' } });
    expect(raw.status).to.equal(200);
    expect(raw.headers.get('content-type')).to.match(/^text\/javascript/);
    const bytes = Buffer.from(await raw.arrayBuffer());
    expect(bytes.equals(readFileSync(webChatBundlePath()))).to.equal(true);
    const gzipped = await fetch(`${running.baseUrl}/assets/webchat.js`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gzipped.headers.get('content-encoding')).to.equal('gzip');
    expect(Number(gzipped.headers.get('content-length'))).to.be.lessThan(bytes.length / 2);
    expect(Buffer.from(await gzipped.arrayBuffer()).equals(bytes), 'decompresses to the same bundle').to.equal(true);
    const etag = raw.headers.get('etag') ?? '';
    expect((await fetch(`${running.baseUrl}/assets/webchat.js`, { headers: { 'If-None-Match': etag } })).status).to.equal(304);

    const widget = await fetch(`${running.baseUrl}/widget.js`);
    expect(widget.status).to.equal(200);
    expect(widget.headers.get('cross-origin-resource-policy')).to.equal('cross-origin');
    expect(await widget.text()).to.include('/?embed=1');
  });

  it('allows CORS for the page origin and ALLOWED_ORIGINS, and refuses other origins with 403', async () => {
    const allowed = await call(running.baseUrl, '/api/directline/token', { method: 'POST', origin: PARTNER });
    expect(allowed.status).to.equal(200);
    expect(allowed.headers.get('access-control-allow-origin')).to.equal(PARTNER);

    const same = await call(running.baseUrl, '/api/directline/token', { method: 'POST', origin: running.baseUrl });
    expect(same.status).to.equal(200);

    const blocked = await call<{ error: { code: string } }>(running.baseUrl, '/api/directline/token', { method: 'POST', origin: STRANGER });
    expect(blocked.status).to.equal(403);
    expect(blocked.body.error.code).to.equal('OriginNotAllowed');
    expect(blocked.headers.get('access-control-allow-origin')).to.equal(null);

    const preflight = await call(running.baseUrl, '/v3/directline/conversations', {
      method: 'OPTIONS',
      origin: PARTNER,
      headers: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,x-ms-bot-agent' },
    });
    expect(preflight.status).to.equal(204);
    expect(preflight.headers.get('access-control-allow-origin')).to.equal(PARTNER);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).to.include('authorization');
    const strangerPreflight = await call(running.baseUrl, '/v3/directline/conversations', { method: 'OPTIONS', origin: STRANGER, headers: { 'Access-Control-Request-Method': 'POST' } });
    expect(strangerPreflight.status).to.equal(403);

    // A token fetched by the partner works from the partner; the stranger cannot use even a valid token.
    const token = await fetchToken(running.baseUrl);
    const started = await call<Started>(running.baseUrl, '/v3/directline/conversations', { method: 'POST', token: token.token, body: {}, origin: PARTNER });
    expect(started.status).to.equal(201);
    const read = await call(running.baseUrl, `/v3/directline/conversations/${token.conversationId}/activities`, { token: token.token, origin: STRANGER });
    expect(read.status).to.equal(403);
  });
});

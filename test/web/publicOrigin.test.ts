import { expect } from 'chai';
import { request, type IncomingMessage } from 'node:http';
import { publicOrigin } from '../../src/features/directline/publicOrigin.js';
import { OriginPolicy } from '../../src/features/directline/originPolicy.js';
import { startApp, type Running } from './harness.js';
import { openStream, waitForWelcome, type Started } from './rest.js';

/** A request as publicOrigin sees it: headers and the socket it came in on. */
function fakeRequest(headers: Record<string, string>, localPort = 3978, encrypted = false): IncomingMessage {
  return { headers, socket: { localPort, encrypted } } as unknown as IncomingMessage;
}

describe('publicOrigin: a Host header goes into handed-out URLs only when the server knows it', () => {
  const none = { publicBaseUrl: undefined, origins: new OriginPolicy([]) };

  it('PUBLIC_BASE_URL wins over any Host', () => {
    const known = { publicBaseUrl: 'https://chat.example.org/base/', origins: new OriginPolicy([], 'https://chat.example.org') };
    expect(publicOrigin(fakeRequest({ host: 'evil.example' }), known)).to.equal('https://chat.example.org');
  });

  it('a loopback Host on the port the request came in on (npm start, opened at localhost)', () => {
    expect(publicOrigin(fakeRequest({ host: 'localhost:3978' }), none)).to.equal('http://localhost:3978');
    expect(publicOrigin(fakeRequest({ host: 'LOCALHOST:3978' }), none)).to.equal('http://localhost:3978');
    expect(publicOrigin(fakeRequest({ host: '127.0.0.1:3978' }), none)).to.equal('http://127.0.0.1:3978');
    expect(publicOrigin(fakeRequest({ host: '[::1]:3978' }), none)).to.equal('http://[::1]:3978');
    expect(publicOrigin(fakeRequest({ host: 'localhost' }, 80), none)).to.equal('http://localhost');
  });

  it('an ALLOWED_ORIGINS host, as listed there (scheme included)', () => {
    const known = { publicBaseUrl: undefined, origins: new OriginPolicy(['https://www.example.org', 'http://partner.test:8080']) };
    expect(publicOrigin(fakeRequest({ host: 'www.example.org' }), known)).to.equal('https://www.example.org');
    expect(publicOrigin(fakeRequest({ host: 'Partner.test:8080' }), known)).to.equal('http://partner.test:8080');
    expect(publicOrigin(fakeRequest({ host: 'partner.test' }), known), 'another port is another origin').to.equal('');
  });

  it('anything else: relative URLs ("")', () => {
    const relative: Array<[string, Record<string, string>, number?]> = [
      ['any other name', { host: 'evil.example' }],
      ['a name resolving anywhere', { host: 'localhost.evil.example:3978' }],
      ['a loopback name on another port', { host: 'localhost:8080' }],
      ['another loopback address', { host: '127.0.0.2:3978' }],
      ['a private address', { host: '192.168.1.10:3978' }],
      ['no Host', {}],
      ['a malformed Host', { host: 'evil.example/path?x=' }],
      ['a Host with user info', { host: 'user@localhost:3978' }],
      ['a Host shaped like a host but not one', { host: '[1.2.3.4]:3978' }],
      // Behind a proxy a loopback Host is the proxy's upstream, never the address the browser used.
      ['a loopback Host through a proxy (X-Forwarded-For)', { host: '127.0.0.1:3978', 'x-forwarded-for': '203.0.113.9' }],
      ['a loopback Host through a proxy (X-Forwarded-Proto)', { host: '127.0.0.1:3978', 'x-forwarded-proto': 'https' }],
      ['a loopback Host through a proxy (Forwarded)', { host: 'localhost:3978', forwarded: 'for=203.0.113.9;proto=https' }],
      ['X-Forwarded-Host is not believed either', { host: 'bot.internal', 'x-forwarded-host': 'evil.example' }],
    ];
    for (const [what, headers] of relative) expect(publicOrigin(fakeRequest(headers), none), what).to.equal('');
  });
});

/** An HTTP request with a Host header of our choosing (fetch does not let a caller set Host). */
function send(
  base: string,
  path: string,
  options: { method?: string; host?: string; token?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<{ status: number; text: string; body: Record<string, unknown> }> {
  const url = new URL(path, base);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { ...options.headers };
  if (options.host !== undefined) headers.host = options.host;
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('local Direct Line over HTTP: an attacker-chosen Host is never handed back', () => {
  let running: Running;
  let port: number;
  before(async () => {
    running = await startApp();
    port = Number(new URL(running.baseUrl).port);
  });
  after(async () => {
    await running.close();
  });

  /** Token, start and reconnect, all sent with `host`: the URLs handed out. */
  async function handedOut(host: string, headers: Record<string, string> = {}): Promise<{ texts: string[]; domain: string; streamUrl: string; reconnectUrl: string; started: Started }> {
    const token = await send(running.baseUrl, '/api/directline/token', { method: 'POST', host, headers });
    expect(token.status, token.text).to.equal(200);
    const start = await send(running.baseUrl, '/v3/directline/conversations', { method: 'POST', host, headers, token: String(token.body.token), body: {} });
    expect(start.status, start.text).to.equal(201);
    const started = start.body as unknown as Started;
    const reconnect = await send(running.baseUrl, `/v3/directline/conversations/${started.conversationId}?watermark=`, { host, headers, token: started.token });
    expect(reconnect.status, reconnect.text).to.equal(200);
    return { texts: [token.text, start.text, reconnect.text], domain: String(token.body.domain), streamUrl: started.streamUrl, reconnectUrl: String(reconnect.body.streamUrl), started };
  }

  it('an unknown Host gets URLs relative to the page, with no trace of the Host', async () => {
    const out = await handedOut('evil.example:666');
    for (const text of out.texts) expect(text).not.to.include('evil.example');
    expect(out.domain).to.equal('/v3/directline');
    expect(out.streamUrl).to.match(new RegExp(`^/v3/directline/conversations/${out.started.conversationId}/stream\\?t=`));
    expect(out.reconnectUrl).to.match(/^\/v3\/directline\/conversations\/[^/]+\/stream\?t=/);

    // Resolved against the address the client really used, the relative stream URL works.
    await waitForWelcome(running.baseUrl, out.started);
    const stream = openStream(new URL(out.streamUrl, running.baseUrl.replace(/^http/, 'ws')).href);
    await stream.opened;
    stream.ws.close();
    await stream.closed;
  });

  it('a proxy-rewritten loopback Host, or a loopback name on another port, gets relative URLs too', async () => {
    expect((await handedOut(`127.0.0.1:${port}`, { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' })).domain).to.equal('/v3/directline');
    expect((await handedOut('localhost:1')).domain).to.equal('/v3/directline');
  });

  it('npm start opened at localhost or 127.0.0.1 still gets absolute URLs (non-browser clients need them)', async () => {
    const local = await handedOut(`localhost:${port}`);
    expect(local.domain).to.equal(`http://localhost:${port}/v3/directline`);
    expect(local.streamUrl).to.match(new RegExp(`^ws://localhost:${port}/v3/directline/conversations/`));
    expect((await handedOut(`127.0.0.1:${port}`)).domain).to.equal(`http://127.0.0.1:${port}/v3/directline`);
  });
});

describe('local Direct Line with ALLOWED_ORIGINS or PUBLIC_BASE_URL: the listed origin, never the Host', () => {
  const runs: Running[] = [];
  after(async () => {
    for (const run of runs) await run.close();
  });

  it('a Host naming an ALLOWED_ORIGINS origin gets that origin; others get relative URLs', async () => {
    const running = await startApp({ ALLOWED_ORIGINS: 'https://chat.example.org' });
    runs.push(running);
    const listed = await send(running.baseUrl, '/api/directline/token', { method: 'POST', host: 'chat.example.org' });
    expect(listed.body.domain).to.equal('https://chat.example.org/v3/directline');
    const other = await send(running.baseUrl, '/api/directline/token', { method: 'POST', host: 'chat.example.org.evil.example' });
    expect(other.body.domain).to.equal('/v3/directline');
  });

  it('PUBLIC_BASE_URL is used whatever the Host', async () => {
    const running = await startApp({ PUBLIC_BASE_URL: 'https://bot.example.org' });
    runs.push(running);
    const token = await send(running.baseUrl, '/api/directline/token', { method: 'POST', host: 'evil.example' });
    expect(token.body.domain).to.equal('https://bot.example.org/v3/directline');
  });
});

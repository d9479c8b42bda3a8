import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { WebSocket } from 'ws';
import type { ChildProcess } from 'node:child_process';
import { residentMb, startLikeNpmStart, type Finished } from '../helpers/childProcess.js';
import { rawRequest, type RawAnswer } from '../helpers/rawHttp.js';

/**
 * The fault and abuse suite: the server started as `npm start` runs it (its heap caps
 * included), each attack from the security review replayed against it, and after each
 * one the process must still be alive and answering. Every request goes to 127.0.0.x;
 * "other clients" are other loopback source addresses.
 */

interface Running {
  child: ChildProcess;
  done: Promise<Finished>;
  port: number;
  base: string;
  output(): string;
}

async function start(env: Record<string, string> = {}): Promise<Running> {
  return startLikeNpmStart({ LOG_LEVEL: 'info', CALLBACK_QUEUE_PATH: `/tmp/abuse-callbacks-${process.pid}-${Date.now()}.json`, ...env });
}

async function stop(running: Running | undefined): Promise<void> {
  if (!running) return;
  if (running.child.exitCode === null) running.child.kill('SIGTERM');
  await running.done;
}

async function alive(running: Running): Promise<void> {
  expect(running.child.exitCode, 'the process is still running').to.equal(null);
  const health = await rawRequest(running.port, { method: 'GET', path: '/healthz' });
  expect(health.status, '/healthz answers').to.equal(200);
}

const activity = (extra: Record<string, unknown>) => ({
  type: 'message',
  id: `a-${Math.random().toString(36).slice(2)}`,
  channelId: 'emulator',
  serviceUrl: 'http://127.0.0.1:9',
  conversation: { id: 'abuse-1' },
  from: { id: 'user-1' },
  recipient: { id: 'bot' },
  text: 'hi',
  ...extra,
});
const json = (body: unknown) => ({ 'content-type': 'application/json', body: JSON.stringify(body) });

function postJson(port: number, path: string, body: unknown, headers: Record<string, string> = {}, localAddress?: string): Promise<RawAnswer> {
  const { body: text, ...type } = json(body);
  return rawRequest(port, { path, body: text, headers: { ...type, ...headers }, localAddress });
}

/** A stand-in that counts what reaches it: an internal service an SSRF would hit, or a signing-key endpoint. */
async function listen(handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void): Promise<{ server: Server; url: string; hits: () => number; connections: () => number }> {
  let hits = 0;
  let connections = 0;
  const server = createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits, connections: () => connections };
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
}

describe('abuse: the server as npm start runs it survives every replayed attack', function () {
  this.timeout(90_000);

  describe('default settings (anonymous, local web chat)', () => {
    let running: Running;
    before(async () => {
      running = await start();
    });
    after(() => stop(running));

    it('says at start-up who can reach /api/messages without credentials', () => {
      expect(running.output()).to.match(/"event":"anonymous_mode","mode":"loopback"/);
    });

    it('a body that claims gzip but is not: 415 on every route that reads a body, and the process lives', async () => {
      const routes: Array<[string, string]> = [
        ['POST', '/api/messages'],
        ['POST', '/api/directline/token'],
        ['POST', '/v3/directline/conversations'],
        ['POST', '/api/callbacks/00000000-0000-0000-0000-000000000000/done'],
        ['GET', '/healthz'],
      ];
      for (const [method, path] of routes) {
        const answer = await rawRequest(running.port, { method, path, body: 'this is not gzip at all', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
        expect(answer.status, `${method} ${path}`).to.equal(415);
        expect(answer.headers['accept-encoding']).to.equal('identity');
        await alive(running);
      }
      const deflate = await rawRequest(running.port, { path: '/api/messages', body: 'x', headers: { 'content-type': 'application/json', 'content-encoding': 'deflate, identity' } });
      expect(deflate.status).to.equal(415);
    });

    it('a gzip bomb under the body limit (245 KB inflating to 240 MB): 415, memory flat, the process lives', async () => {
      const bomb = gzipSync(Buffer.alloc(240 * 1024 * 1024, 0x20), { level: 9 });
      expect(bomb.length).to.be.below(262_144);
      const before = residentMb(running.child.pid!);
      const answers = await Promise.all([1, 2, 3].map(() => rawRequest(running.port, { path: '/api/messages', body: bomb, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } })));
      expect(answers.map((a) => a.status)).to.deep.equal([415, 415, 415]);
      await alive(running);
      expect(residentMb(running.child.pid!) - before, 'MB grown').to.be.below(40);
    });

    it("another person's web chat cannot be reached through /api/messages", async () => {
      // The victim: a web chat through the self-hosted Direct Line, with a fact on record.
      const token = JSON.parse((await postJson(running.port, '/api/directline/token', {})).body) as { token: string; conversationId: string };
      const auth = { authorization: `Bearer ${token.token}` };
      expect((await postJson(running.port, '/v3/directline/conversations', {}, auth)).status).to.equal(201);
      const said = await postJson(running.port, `/v3/directline/conversations/${token.conversationId}/activities`, { type: 'message', text: 'I work nights and I have no car', from: { id: 'x' } }, auth);
      expect(said.status).to.equal(200);

      const probe = (extra: Record<string, unknown>, headers: Record<string, string> = {}) =>
        postJson(running.port, '/api/messages', activity({ conversation: { id: token.conversationId }, deliveryMode: 'expectReplies', text: 'what do you know about me', ...extra }), headers);
      const sameChannel = await probe({ channelId: 'webchat' });
      expect(sameChannel.status, 'the web chat channel is not reachable here').to.equal(403);
      expect(sameChannel.body).to.not.match(/night|car/i);
      const throughProxy = await probe({ channelId: 'emulator' }, { 'x-forwarded-for': '203.0.113.9' });
      expect(throughProxy.status, 'a caller relayed by a proxy is not local').to.equal(403);
      await alive(running);
    });

    it('an unlisted or internal serviceUrl is refused before the bot sends anything (local caller: loopback allowed for the Emulator)', async () => {
      const internal = await listen((_req, res) => res.end('{}'));
      try {
        for (const serviceUrl of ['http://169.254.169.254/latest/meta-data', 'http://10.1.2.3/', 'https://evil.example.org/', 'http://192.168.0.1:8080/']) {
          const answer = await postJson(running.port, '/api/messages', activity({ serviceUrl, conversation: { id: `ssrf-${serviceUrl.length}` } }));
          expect(answer.status, serviceUrl).to.equal(400);
          expect(answer.body).to.include('bad_service_url');
        }
        expect(internal.hits()).to.equal(0);
      } finally {
        await closeServer(internal.server);
      }
    });

    it('X-Forwarded-For from an untrusted peer is ignored: rotating it gets no more than the per-address token limit', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) {
        const answer = await postJson(running.port, '/api/directline/token', {}, { 'x-forwarded-for': `198.51.100.${i}` }, '127.0.0.7');
        statuses.push(answer.status);
      }
      expect(statuses.filter((s) => s === 200)).to.have.length(20);
      expect(statuses.slice(20).every((s) => s === 429)).to.equal(true);
    });

    it('one stream token cannot open more than a few WebSockets', async () => {
      const token = JSON.parse((await postJson(running.port, '/api/directline/token', {}, {}, '127.0.0.8')).body) as { token: string; conversationId: string };
      const started = JSON.parse((await postJson(running.port, '/v3/directline/conversations', {}, { authorization: `Bearer ${token.token}` }, '127.0.0.8')).body) as { streamUrl: string };
      const url = started.streamUrl.replace(/^wss?:\/\/[^/]+/, `ws://127.0.0.1:${running.port}`);
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, () => {
          return new Promise<{ ok: boolean; ws: WebSocket }>((resolve) => {
            const ws = new WebSocket(url);
            ws.once('open', () => resolve({ ok: true, ws }));
            ws.once('unexpected-response', (_req, res) => {
              expect(res.statusCode).to.equal(429);
              resolve({ ok: false, ws });
            });
            ws.once('error', () => resolve({ ok: false, ws }));
          });
        }),
      );
      const open = outcomes.filter((o) => o.ok).length;
      for (const o of outcomes) o.ws.terminate();
      expect(open).to.equal(4);
      await alive(running);
    });
  });

  describe('connection caps', () => {
    let running: Running;
    before(async () => {
      running = await start({ MAX_CONNECTIONS_PER_IP: '20', REQUEST_TIMEOUT_MS: '2000' });
    });
    after(() => stop(running));

    it('one address holding many idle connections is capped, and others are still served', async () => {
      const sockets: Socket[] = [];
      let closedEarly = 0;
      await Promise.all(
        Array.from({ length: 60 }, () => {
          return new Promise<void>((resolve) => {
            const socket = connect({ host: '127.0.0.1', port: running.port, localAddress: '127.0.0.9' });
            sockets.push(socket);
            socket.resume();
            socket.once('connect', () => {
              // A slowloris: half a request line, then nothing.
              socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
              setTimeout(resolve, 300);
            });
            socket.once('close', () => {
              closedEarly++;
              resolve();
            });
            socket.on('error', () => undefined);
          });
        }),
      );
      expect(closedEarly, 'connections beyond the cap are closed at once').to.be.at.least(40);
      await alive(running);
      // The trickling ones left are cut off by the header timeout.
      const deadline = Date.now() + 10_000;
      while (sockets.some((s) => !s.closed) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(sockets.filter((s) => !s.closed)).to.have.length(0);
      for (const s of sockets) s.destroy();
    });
  });

  describe('ANONYMOUS_MESSAGES=any (a closed network)', () => {
    let running: Running;
    before(async () => {
      running = await start({ ANONYMOUS_MESSAGES: 'any', SERVICE_URL_ALLOWLIST: 'bots.example.org' });
    });
    after(() => stop(running));

    it('a conversation belongs to the address that started it', async () => {
      const mine = activity({ conversation: { id: 'owned-1' }, deliveryMode: 'expectReplies', serviceUrl: 'https://bots.example.org/connector' });
      const first = await postJson(running.port, '/api/messages', mine, {}, '127.0.0.2');
      expect(first.status).to.equal(200);
      const again = await postJson(running.port, '/api/messages', { ...mine, id: 'a-2', text: 'menu' }, {}, '127.0.0.2');
      expect(again.status).to.equal(200);
      const other = await postJson(running.port, '/api/messages', { ...mine, id: 'a-3', text: 'what do you know about me' }, {}, '127.0.0.3');
      expect(other.status).to.equal(403);
      expect(other.body).to.include('not_your_conversation');
    });

    it('SSRF: no serviceUrl on this machine or its networks, in any spelling, from a caller that is not local', async () => {
      const internal = await listen((_req, res) => res.end('{}'));
      const port = new URL(internal.url).port;
      try {
        const targets = [
          `${internal.url}/internal/admin?action=purge`,
          `http://localhost:${port}/`,
          `http://2130706433:${port}/`,
          `http://0x7f.1:${port}/`,
          `http://[::ffff:127.0.0.1]:${port}/`,
          `http://[::1]:${port}/`,
          'http://169.254.169.254/latest/meta-data/',
          'http://0.0.0.0:80/',
          'http://bots.example.org/connector',
        ];
        for (const serviceUrl of targets) {
          const answer = await postJson(running.port, '/api/messages', activity({ serviceUrl, conversation: { id: `ssrf-any-${targets.indexOf(serviceUrl)}` } }), { 'x-forwarded-for': '203.0.113.5' });
          expect(answer.status, serviceUrl).to.equal(400);
        }
        expect(internal.hits(), 'nothing reached the internal service').to.equal(0);
      } finally {
        await closeServer(internal.server);
      }
    });
  });

  describe('with a MicrosoftAppId (Bot Framework tokens checked)', () => {
    const appId = '00000000-0000-0000-0000-00000000abcd';
    let keys: { privateKey: CryptoKey; jwk: JWK };
    let issuer: Awaited<ReturnType<typeof listen>>;
    let hanging: Awaited<ReturnType<typeof listen>>;
    const cloud = (metadataUrl: string) => ({
      MicrosoftAppId: appId,
      MicrosoftAppPassword: 'not-a-real-password',
      ToChannelFromBotLoginUrl: 'https://login.example.invalid/botframework.com',
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
      ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
      OAuthUrl: 'https://token.example.invalid',
      AUTH_TIMEOUT_MS: '1500',
    });

    before(async () => {
      const pair = await generateKeyPair('RS256', { extractable: true });
      keys = { privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid: 'test-key', use: 'sig' } };
      issuer = await listen((req, res) => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/keys') res.end(JSON.stringify({ keys: [keys.jwk] }));
        else res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${issuer.url}/keys` }));
      });
      // Accepts connections and never answers: the signing-key endpoint hanging.
      hanging = await listen(() => undefined);
    });
    after(async () => {
      await closeServer(issuer.server);
      await closeServer(hanging.server);
    });

    const token = (serviceUrl: string, key: CryptoKey = keys.privateKey) =>
      new SignJWT({ serviceurl: serviceUrl })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'JWT' })
        .setIssuer('https://api.botframework.com')
        .setAudience(appId)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(key);

    it('a flood of forged tokens while the signing keys hang: every request answered within the deadline, one fetch, memory bounded', async () => {
      const running = await start(cloud(`${hanging.url}/.well-known/openidconfiguration`));
      try {
        const other = await generateKeyPair('RS256');
        const forged = await token('https://smba.trafficmanager.net/amer/', other.privateKey);
        const before = residentMb(running.child.pid!);
        const started = Date.now();
        const answers: RawAnswer[] = [];
        for (let wave = 0; wave < 4; wave++) {
          answers.push(
            ...(await Promise.all(
              Array.from({ length: 100 }, (_, i) =>
                postJson(running.port, '/api/messages', activity({ serviceUrl: 'https://smba.trafficmanager.net/amer/', conversation: { id: `flood-${i}` } }), { authorization: `Bearer ${forged}` }, `127.0.1.${(i % 50) + 1}`),
              ),
            )),
          );
        }
        const statuses = new Set(answers.map((a) => a.status));
        expect([...statuses].every((s) => s === 503 || s === 429 || s === 401), [...statuses].join()).to.equal(true);
        expect(Date.now() - started, 'ms for 400 requests').to.be.below(20_000);
        expect(answers.filter((a) => a.status === 503).every((a) => a.headers['retry-after'] !== undefined)).to.equal(true);
        expect(hanging.connections(), 'concurrent checks share one key fetch').to.be.at.most(3);
        await alive(running);
        expect(residentMb(running.child.pid!) - before, 'MB grown').to.be.below(60);
      } finally {
        await stop(running);
      }
    });

    it("forged requests cannot spend a real conversation's rate limit, and real Bot Connector traffic from one address is not throttled", async () => {
      const running = await start({ ...cloud(`${issuer.url}/.well-known/openidconfiguration`), ALLOW_PRIVATE_SERVICE_URLS: 'true' });
      try {
        const serviceUrl = 'http://127.0.0.1:9/';
        const other = await generateKeyPair('RS256');
        const forged = await token(serviceUrl, other.privateKey);
        const target = activity({ serviceUrl, channelId: 'msteams', conversation: { id: 'real-conversation' }, deliveryMode: 'expectReplies' });
        const refused: number[] = [];
        for (let i = 0; i < 40; i++) {
          refused.push((await postJson(running.port, '/api/messages', { ...target, id: `f-${i}` }, { authorization: `Bearer ${forged}` }, '127.0.0.66')).status);
        }
        expect(refused.every((s) => s === 401 || s === 429), refused.join()).to.equal(true);
        expect(refused.filter((s) => s === 429).length, 'an address whose tokens keep failing is slowed down').to.be.greaterThan(0);

        // The connector: valid tokens, one address, more messages than the per-IP limit.
        const valid = await token(serviceUrl);
        const first = await postJson(running.port, '/api/messages', { ...target, id: 'real-1' }, { authorization: `Bearer ${valid}` }, '127.0.0.1');
        expect(first.status, first.body).to.equal(200);
        expect(first.body).to.match(/833-820-2922|IOP|help/i);
        const statuses: number[] = [];
        for (let i = 0; i < 130; i++) {
          const conversation = { id: `teams-${i % 60}` };
          statuses.push((await postJson(running.port, '/api/messages', { ...target, conversation, id: `r-${i}`, text: 'menu' }, { authorization: `Bearer ${valid}` }, '127.0.0.1')).status);
        }
        expect(statuses.filter((s) => s !== 200)).to.deep.equal([]);
        await alive(running);
      } finally {
        await stop(running);
      }
    });
  });

  describe('staff API', () => {
    let running: Running;
    before(async () => {
      running = await start({ STAFF_API_TOKEN: 'a-staff-token-of-enough-length' });
    });
    after(() => stop(running));

    it('guessing tokens is rate-limited per address and logged as a count, not a line per try', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 150; i++) {
        statuses.push((await rawRequest(running.port, { method: 'GET', path: '/api/callbacks', headers: { authorization: `Bearer guess-${i}` }, localAddress: '127.0.0.12' })).status);
      }
      expect(statuses.slice(0, 100).every((s) => s === 401)).to.equal(true);
      expect(statuses.filter((s) => s === 429).length).to.be.at.least(25);
      const lines = running.output().split('\n').filter((l) => l.includes('"staff_api_unauthorized"'));
      expect(lines.length).to.be.within(1, 3);
      await alive(running);
    });
  });
});

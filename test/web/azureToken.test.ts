import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { webChatRoutes } from '../../src/features/webchat/webChatRoutes.js';
import { startApp, type Running } from './harness.js';
import { call } from './rest.js';

const SECRET = 'azure-direct-line-secret-for-tests-0123456789';

/** A local stand-in for Azure's tokens/generate: records what it was sent, answers as told. */
class AzureStandIn {
  readonly requests: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = [];
  status = 200;
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        this.requests.push({ url: req.url ?? '', headers: req.headers, body });
        res.writeHead(this.status, { 'Content-Type': 'application/json' });
        res.end(this.status === 200 ? JSON.stringify({ conversationId: 'AzConv123', token: 'azure-issued-token', expires_in: 3600 }) : '{"error":{"code":"BadArgument"}}');
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v3/directline`;
  }

  close(): void {
    this.server.close();
  }
}

describe('POST /api/directline/token with an Azure Direct Line secret', () => {
  const azure = new AzureStandIn();
  let domain: string;
  let running: Running;

  before(async () => {
    domain = await azure.start();
    running = await startApp({ DIRECT_LINE_SECRET: SECRET }, { azureDomain: domain }, [webChatRoutes({ azureDomain: domain })]);
  });
  after(async () => {
    await running.close();
    azure.close();
  });

  it('exchanges the secret server-side and gives the page only the token and the Azure domain', async () => {
    azure.status = 200;
    const res = await call<Record<string, unknown>>(running.baseUrl, '/api/directline/token', { method: 'POST' });
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ mode: 'azure', domain, token: 'azure-issued-token', conversationId: 'AzConv123', expiresIn: 3600 });
    expect(JSON.stringify(res.body)).to.not.include(SECRET);
    expect(res.headers.get('cache-control')).to.equal('no-store');

    const sent = azure.requests.at(-1);
    expect(sent?.url).to.equal('/v3/directline/tokens/generate');
    expect(sent?.headers.authorization).to.equal(`Bearer ${SECRET}`);
    expect(JSON.parse(sent?.body ?? '{}')).to.deep.equal({ user: { id: res.body.userId } });
  });

  it('lets the page connect to the Azure domain (connect-src) and nowhere else', async () => {
    const page = await fetch(`${running.baseUrl}/`);
    const connect = /connect-src ([^;]+)/.exec(page.headers.get('content-security-policy') ?? '')?.[1]?.split(' ');
    expect(connect).to.include(new URL(domain).origin);
    expect(connect).to.have.length(3); // 'self', https origin, wss origin
    expect(await page.text()).to.not.include(SECRET);
  });

  it('answers 503 with the helpline when Azure fails, without the secret', async () => {
    azure.status = 500;
    const res = await call<{ error: { code: string; message: string } }>(running.baseUrl, '/api/directline/token', { method: 'POST' });
    expect(res.status).to.equal(503);
    expect(res.body.error.message).to.include('833-820-2922');
    expect(JSON.stringify(res.body)).to.not.include(SECRET);
    expect(res.headers.get('retry-after')).to.equal('10');
  });

  it('keeps the local Direct Line closed to tokens it did not sign', async () => {
    const res = await call(running.baseUrl, '/v3/directline/conversations', { method: 'POST', token: 'azure-issued-token-is-not-ours', body: {} });
    expect(res.status).to.equal(403);
  });
});

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import restify from 'restify';
import { createApp, type App } from '../../src/app.js';
import type { CallbackStore } from '../../src/domain/callbacks/callbackStore.js';
import { registerStaffCallbackRoutes } from '../../src/features/callbacks/staffRoutes.js';
import { CallbackQueue } from '../../src/domain/callbacks/queueStore.js';
import { QueueFileError } from '../../src/domain/callbacks/durableJsonFile.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger, tempDir } from './escalationBot.js';

const TOKEN = 'staff-token-0123456789abcdef';

/** The real app over real HTTP on 127.0.0.1, with its queue in a temp dir. */
async function startApp(env: Record<string, string>): Promise<{ app: App; base: string }> {
  const app = await createApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...env }), { logger: silentLogger, detect: () => null });
  const port = await app.listen(0, '127.0.0.1');
  return { app, base: `http://127.0.0.1:${port}` };
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('staff callback API', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let queuePath: string;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    queuePath = join(dir, 'callbacks.json');
  });
  afterEach(async () => cleanup());

  describe('with STAFF_API_TOKEN set', () => {
    let app: App;
    let base: string;
    let ids: string[];
    beforeEach(async () => {
      // Two requests already waiting when the app starts.
      const seed = await CallbackQueue.open(queuePath);
      const consentAt = new Date();
      ids = [
        (await seed.add({ phone: '+13125552368', bestTime: 'Morning', consentAt })).id,
        (await seed.add({ phone: '+17735550100', bestTime: 'after 5pm', consentAt })).id,
      ];
      ({ app, base } = await startApp({ CALLBACK_QUEUE_PATH: queuePath, STAFF_API_TOKEN: TOKEN }));
    });
    afterEach(async () => app.close());

    it('401 without a token', async () => {
      const res = await fetch(`${base}/api/callbacks`);
      expect(res.status).to.equal(401);
      expect(res.headers.get('www-authenticate')).to.match(/^Bearer/);
      expect(await res.text()).not.to.include('+1');
    });

    it('401 with a wrong token, a token that is only a prefix, or another scheme', async () => {
      for (const headers of [auth('wrong-token-0123456789abcdef'), auth(TOKEN.slice(0, -1)), auth(`${TOKEN}x`), { authorization: `Basic ${TOKEN}` }, { authorization: TOKEN }]) {
        const res = await fetch(`${base}/api/callbacks`, { headers });
        expect(res.status, headers.authorization).to.equal(401);
        expect(await res.text()).not.to.include('+1');
      }
    });

    it('200 with the right token: the pending requests, never cached', async () => {
      const res = await fetch(`${base}/api/callbacks`, { headers: auth(TOKEN) });
      expect(res.status).to.equal(200);
      expect(res.headers.get('cache-control')).to.equal('no-store');
      const body = (await res.json()) as { requests: Array<{ id: string; phone: string; bestTime: string; status: string }> };
      expect(body.requests.map((r) => r.id)).to.deep.equal(ids);
      expect(body.requests[0]).to.include({ phone: '+13125552368', bestTime: 'Morning', status: 'pending' });
    });

    it('POST /api/callbacks/:id/done deletes the request; unknown ids 404, bad ids 400, no token 401', async () => {
      expect((await fetch(`${base}/api/callbacks/${ids[0]}/done`, { method: 'POST' })).status).to.equal(401);
      const done = await fetch(`${base}/api/callbacks/${ids[0]}/done`, { method: 'POST', headers: auth(TOKEN) });
      expect(done.status).to.equal(200);
      expect(await done.json()).to.deep.equal({ id: ids[0], status: 'done' });
      expect((await fetch(`${base}/api/callbacks/${ids[0]}/done`, { method: 'POST', headers: auth(TOKEN) })).status).to.equal(404);
      expect((await fetch(`${base}/api/callbacks/not-a-uuid/done`, { method: 'POST', headers: auth(TOKEN) })).status).to.equal(400);

      const list = (await (await fetch(`${base}/api/callbacks`, { headers: auth(TOKEN) })).json()) as { requests: Array<{ id: string }> };
      expect(list.requests.map((r) => r.id)).to.deep.equal([ids[1]]);
      expect((await (await CallbackQueue.open(queuePath)).pending()).map((r) => r.id)).to.deep.equal([ids[1]]);
    });
  });

  it('without STAFF_API_TOKEN the API does not exist: 404, even with a token', async () => {
    const { app, base } = await startApp({ CALLBACK_QUEUE_PATH: queuePath });
    try {
      expect((await fetch(`${base}/api/callbacks`)).status).to.equal(404);
      expect((await fetch(`${base}/api/callbacks`, { headers: auth(TOKEN) })).status).to.equal(404);
    } finally {
      await app.close();
    }
  });

  it('a corrupt queue file stops start-up with one error naming the file', async () => {
    await writeFile(queuePath, '{"version":1,"requests":[');
    let error: unknown;
    await createApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', CALLBACK_QUEUE_PATH: queuePath }), { logger: silentLogger, detect: () => null }).catch(
      (err: unknown) => (error = err),
    );
    expect(error).to.be.instanceOf(QueueFileError);
    expect((error as Error).message).to.include(queuePath);
  });

  it('a queue that cannot be reached (Redis down): list and done answer 503, and say nothing more', async () => {
    const down = (): Promise<never> => Promise.reject(new Error('Redis callback queue read failed: connect ECONNREFUSED 127.0.0.1:6379'));
    const store: CallbackStore = { add: down, pending: down, count: down, markDone: down, markUnreachable: down, purgeCreatedBefore: down, idle: async () => undefined, close: async () => undefined };
    const server = restify.createServer();
    registerStaffCallbackRoutes(server, { queue: store, tokens: [TOKEN], logger: silentLogger, page: false });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/callbacks`;
    try {
      const list = await fetch(url, { headers: auth(TOKEN) });
      expect(list.status).to.equal(503);
      expect(await list.json()).to.deep.equal({ error: 'queue_unavailable' });
      const done = await fetch(`${url}/00000000-0000-4000-8000-000000000000/done`, { method: 'POST', headers: auth(TOKEN) });
      expect(done.status).to.equal(503);
      expect(await done.text()).to.not.include('ECONNREFUSED');
    } finally {
      server.close();
    }
  });
});

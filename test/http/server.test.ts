import { expect } from 'chai';
import { pino } from 'pino';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { channelMessage, ConnectorStandIn } from '../helpers/connectorStandIn.js';

const silent = pino({ level: 'silent' });

async function post(base: string, body: string | object, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.text() };
}

describe('HTTP server (real HTTP, local connector stand-in)', () => {
  let app: App;
  let base: string;
  const connector = new ConnectorStandIn();
  let serviceUrl: string;

  before(async () => {
    serviceUrl = await connector.start();
    app = await createApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), { logger: silent });
    const port = await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    await app.close();
    await connector.stop();
  });

  it('GET /healthz and /readyz answer 200', async () => {
    expect((await fetch(`${base}/healthz`)).status).to.equal(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).to.equal(200);
    expect(await ready.json()).to.deep.equal({ status: 'ready' });
  });

  it('a message gets the welcome and an answer, posted back to the connector', async () => {
    const res = await post(base, channelMessage(serviceUrl, 'http-1', 'what is group therapy?'));
    expect(res.status).to.be.within(200, 299);
    await connector.waitFor(() => connector.forConversation('http-1').some((r) => /three to four times a week/.test(r.activity.text ?? '')));
    const replies = connector.forConversation('http-1');
    expect(replies[0]?.activity.text).to.match(/recovery guide/);
  });

  describe('bad input gets 4xx, never 5xx', () => {
    const cases: Array<[string, string | object, number]> = [
      ['invalid JSON', '{"type": "message", ', 400],
      ['a JSON array', '[]', 400],
      ['null', 'null', 400],
      ['a number', '42', 400],
      ['no conversation', { type: 'message', serviceUrl: 'http://127.0.0.1:9/', text: 'hi' }, 400],
      ['no serviceUrl', { type: 'message', conversation: { id: 'x' }, text: 'hi' }, 400],
      ['a serviceUrl that is not http(s)', { type: 'message', serviceUrl: 'file:///etc/passwd', conversation: { id: 'x' } }, 400],
      ['a non-string text', { type: 'message', serviceUrl: 'http://127.0.0.1:9/', conversation: { id: 'x' }, text: { a: 1 } }, 400],
      ['no type', { serviceUrl: 'http://127.0.0.1:9/', conversation: { id: 'x' } }, 400],
    ];
    for (const [name, body, status] of cases) {
      it(`${name} → ${status}`, async () => {
        const res = await post(base, body);
        expect(res.status).to.equal(status);
        expect(res.body).not.to.match(/at .*\.ts:\d+/); // no stack traces
      });
    }

    it('a body over the limit → 413', async () => {
      const res = await post(base, channelMessage(serviceUrl, 'big', 'x'.repeat(300 * 1024)));
      expect(res.status).to.equal(413);
    });

    it('a wrong content type → 400 saying JSON is expected, not a crash', async () => {
      const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' });
      expect(res.status).to.equal(400);
      expect(await res.text()).to.include('application/json');
    });

    it('an unknown invoke → 501, as botbuilder does', async () => {
      const res = await post(base, { ...channelMessage(serviceUrl, 'inv', undefined), type: 'invoke', name: 'something/unknown' });
      expect(res.status).to.equal(501);
    });
  });

  describe('odd but valid messages are answered kindly or ignored', () => {
    const texts: Array<[string, unknown]> = [
      ['empty', ''],
      ['whitespace', '   \n\t '],
      ['emoji only', '🙂🙏💙'],
      ['50 KB', 'help me '.repeat(6400)],
      ['HTML and script', '<script>alert(1)</script><b>hello</b> <img src=x onerror=alert(2)>'],
    ];
    for (const [name, text] of texts) {
      it(`${name} text gets a reply that never echoes markup`, async () => {
        const id = `odd-${name.replace(/\W/g, '')}`;
        const res = await post(base, channelMessage(serviceUrl, id, text));
        expect(res.status).to.be.within(200, 299);
        await connector.waitFor(() => connector.forConversation(id).length >= 3);
        for (const r of connector.forConversation(id)) {
          expect(JSON.stringify(r.activity)).not.to.match(/<script|onerror|<b>|<img/i);
        }
      });
    }

    it('an attachment without text gets a kind reply', async () => {
      const id = 'odd-attachment';
      await post(base, channelMessage(serviceUrl, id, undefined, { attachments: [{ contentType: 'image/png', contentUrl: 'http://127.0.0.1:9/x.png' }] }));
      await connector.waitFor(() => connector.forConversation(id).some((r) => /can't open files/.test(r.activity.text ?? '')));
    });

    it('a card submit with junk values gets a kind reply', async () => {
      const id = 'odd-submit';
      await post(base, channelMessage(serviceUrl, id, undefined, { value: { choice: 12, evil: '<script>' } }));
      await connector.waitFor(() => connector.forConversation(id).some((r) => /couldn't read that/.test(r.activity.text ?? '')));
    });

    it('a card submit with a valid choice works like typing it', async () => {
      const id = 'odd-submit-ok';
      await post(base, channelMessage(serviceUrl, id, undefined, { value: { choice: 'Talk to someone now' } }));
      await connector.waitFor(() => connector.forConversation(id).some((r) => /833-820-2922/.test(r.activity.text ?? '')));
    });

    it('typing and reaction activities are accepted and not answered', async () => {
      const id = 'odd-typing';
      const typing = await post(base, { ...channelMessage(serviceUrl, id, undefined), type: 'typing' });
      const reaction = await post(base, { ...channelMessage(serviceUrl, id, undefined), type: 'messageReaction', reactionsAdded: [{ type: 'like' }] });
      expect(typing.status).to.be.within(200, 299);
      expect(reaction.status).to.be.within(200, 299);
      expect(connector.forConversation(id)).to.have.length(0);
    });

    it('an unknown channelId is served like webchat', async () => {
      const id = 'odd-channel';
      await post(base, channelMessage(serviceUrl, id, 'Talk to someone now', { channelId: 'some-new-channel' }));
      await connector.waitFor(() => connector.forConversation(id).some((r) => JSON.stringify(r.activity).includes('tel:+18338202922')));
    });
  });

  it('20 concurrent conversations each get only their own replies', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `conc-${i}`);
    const results = await Promise.all(ids.map((id) => post(base, channelMessage(serviceUrl, id, 'Talk to someone now'))));
    for (const r of results) expect(r.status).to.be.within(200, 299);
    await connector.waitFor(() => ids.every((id) => connector.forConversation(id).some((r) => /833-820-2922/.test(r.activity.text ?? ''))), 20_000);
    for (const id of ids) {
      for (const r of connector.forConversation(id)) {
        expect(r.activity.conversation?.id).to.equal(id);
      }
    }
  });
});

describe('HTTP server with Bot Framework credentials', () => {
  let app: App;
  let base: string;
  const connector = new ConnectorStandIn();
  let serviceUrl: string;

  before(async () => {
    serviceUrl = await connector.start();
    app = await createApp(
      loadConfig({ PORT: '0', LOG_LEVEL: 'silent', MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret' }),
      { logger: silent },
    );
    base = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
  });
  after(async () => {
    await app.close();
    await connector.stop();
  });

  it('a request without a token gets 401 and never reaches the bot', async () => {
    const res = await post(base, channelMessage(serviceUrl, 'auth-1', 'hello'));
    expect(res.status).to.equal(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(connector.forConversation('auth-1')).to.have.length(0);
  });

  it('a request with a forged token gets 401', async () => {
    const forged = 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJpc3MiOiJodHRwczovL2FwaS5ib3RmcmFtZXdvcmsuY29tIn0.';
    const res = await post(base, channelMessage(serviceUrl, 'auth-2', 'hello'), { authorization: `Bearer ${forged}` });
    expect(res.status).to.equal(401);
    expect(connector.forConversation('auth-2')).to.have.length(0);
  });
});

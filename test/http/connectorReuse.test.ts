import { expect } from 'chai';
import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity } from 'botframework-connector';
import { ClientCache, ConnectorReusingAuthentication } from '../../src/botframework/adapterConnectors.js';

const activity = (serviceUrl: string): Activity =>
  ({ type: 'message', channelId: 'emulator', serviceUrl, conversation: { id: 'c' }, from: { id: 'u' }, recipient: { id: 'b' } }) as Activity;

describe('connector reuse: one ConnectorClient per destination across turns', () => {
  it('ClientCache: the same key gives the same client; the least recently used is dropped past the bound', async () => {
    const cache = new ClientCache<{ n: number }>(2);
    let made = 0;
    const make = async () => ({ n: ++made });
    const a = await cache.get('a', make);
    expect(await cache.get('a', make)).to.equal(a);
    await cache.get('b', make);
    await cache.get('a', make); // a is now the most recent
    await cache.get('c', make); // drops b
    expect(cache.size).to.equal(2);
    expect(await cache.get('a', make)).to.equal(a);
    expect((await cache.get('b', make)).n, 'b was made again').to.equal(4);
  });

  it('ClientCache: a failed create is not cached', async () => {
    const cache = new ClientCache<string>(4);
    let fail = true;
    const make = async () => {
      if (fail) throw new Error('boom');
      return 'ok';
    };
    await cache.get('k', make).then(
      () => expect.fail('should reject'),
      (e: Error) => expect(e.message).to.equal('boom'),
    );
    fail = false;
    expect(await cache.get('k', make)).to.equal('ok');
  });

  it('ClientCache: turns that miss the same key together share one create', async () => {
    const cache = new ClientCache<{ n: number }>(4);
    let made = 0;
    const make = () => new Promise<{ n: number }>((resolve) => setTimeout(() => resolve({ n: ++made }), 5));
    const [first, second] = await Promise.all([cache.get('k', make), cache.get('k', make)]);
    expect(made).to.equal(1);
    expect(second).to.equal(first);
  });

  it('anonymous requests: turns to the same serviceUrl share a client, other serviceUrls get their own, bounded', async () => {
    const auth = new ConnectorReusingAuthentication(new ConfigurationBotFrameworkAuthentication({}), { connectors: new ClientCache(3) });
    const clientFor = async (url: string) => {
      const result = await auth.authenticateRequest(activity(url), '');
      return result.connectorFactory!.create(url, result.audience);
    };
    const first = await clientFor('http://127.0.0.1:1/a');
    expect(await clientFor('http://127.0.0.1:1/a')).to.equal(first);
    const other = await clientFor('http://127.0.0.1:1/b');
    expect(other).to.not.equal(first);
    for (let i = 0; i < 10; i++) await clientFor(`http://127.0.0.1:1/x${i}`);
    expect(auth.connectors.size).to.equal(3);
    // Proactive sends use createConnectorFactory: same cache.
    const result = await auth.authenticateRequest(activity('http://127.0.0.1:1/x9'), '');
    expect(await auth.createConnectorFactory(result.claimsIdentity).create('http://127.0.0.1:1/x9', result.audience)).to.equal(
      await clientFor('http://127.0.0.1:1/x9'),
    );
  });

  it('user token clients are made once per app id', async () => {
    const auth = new ConnectorReusingAuthentication(new ConfigurationBotFrameworkAuthentication({}));
    const { claimsIdentity } = await auth.authenticateRequest(activity('http://127.0.0.1:1/a'), '');
    const first = await auth.createUserTokenClient(claimsIdentity);
    expect(await auth.createUserTokenClient(claimsIdentity)).to.equal(first);
  });

  it('with a MicrosoftAppId the clients are reused too (credentials refresh their own tokens)', async () => {
    const inner = new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'secret', MicrosoftAppType: 'MultiTenant' });
    const auth = new ConnectorReusingAuthentication(inner);
    const claims = new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: 'app-id' }], true);
    const factory = auth.createConnectorFactory(claims);
    const client = await factory.create('https://smba.trafficmanager.net/amer/', 'https://api.botframework.com');
    expect(await auth.createConnectorFactory(claims).create('https://smba.trafficmanager.net/amer/', 'https://api.botframework.com')).to.equal(client);
    expect(await factory.create('https://smba.trafficmanager.net/emea/', 'https://api.botframework.com')).to.not.equal(client);
  });
});

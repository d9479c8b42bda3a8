import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import { LRUCache } from 'lru-cache';

/** How many (app id, serviceUrl, audience) clients are kept; anonymous callers choose their serviceUrl, so it is bounded. */
export const CONNECTOR_CACHE_SIZE = 256;
/** User token clients are per app id: ours, or none for anonymous requests. */
const USER_TOKEN_CACHE_SIZE = 16;

/**
 * Clients shared across turns, least recently used dropped first.
 *
 * botbuilder makes a new ConnectorClient and a new UserTokenClient (each with its own
 * request pipeline and credentials) for every turn; building them was about a tenth of a
 * turn's CPU. A client holds nothing turn-specific: its credentials fetch and refresh
 * their own tokens (cached per app id and scope by botframework-connector), so one client
 * per destination serves every turn.
 *
 * lru-cache's fetch() does the bookkeeping: turns that miss the same key together wait for
 * one create (not one each, the first kept), and a create that fails is not cached.
 */
export class ClientCache<T extends NonNullable<unknown>> {
  private readonly clients: LRUCache<string, T, () => Promise<T>>;

  constructor(readonly maxSize = CONNECTOR_CACHE_SIZE) {
    if (!Number.isInteger(maxSize) || maxSize < 1) throw new RangeError('a client cache needs room for at least one client');
    this.clients = new LRUCache<string, T, () => Promise<T>>({
      max: maxSize,
      fetchMethod: (_key, _stale, { context: create }) => create(),
      // A create still running when its key is pushed out still answers the turns waiting for it.
      ignoreFetchAbort: true,
    });
  }

  get size(): number {
    return this.clients.size;
  }

  /** The cached client for `key`, or a new one from `create` (a failed create is not cached). */
  async get(key: string, create: () => Promise<T>): Promise<T> {
    const client = await this.clients.fetch(key, { context: create });
    // fetch() answers undefined only when fetchMethod does, and create() never does.
    if (client === undefined) throw new Error(`no client was made for ${key}`);
    return client;
  }
}

/** The app id botbuilder gives a connector factory for these claims (audience claim, else appid claim). */
function appIdOf(claimsIdentity: ClaimsIdentity | undefined): string {
  return (
    claimsIdentity?.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claimsIdentity?.getClaimValue(AuthenticationConstants.AppIdClaim) ?? ''
  );
}

/** A connector factory that hands out cached clients, made by `inner` on a miss. */
export class CachingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly cache: ClientCache<ConnectorClient>,
  ) {
    super();
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    // Unit separator: none of the three can contain it in a way that makes two keys collide.
    const key = `${this.appId}\u001f${audience ?? ''}\u001f${serviceUrl}`;
    return this.cache.get(key, () => this.inner.create(serviceUrl, audience));
  }
}

export interface ConnectorReuseOptions {
  connectors?: ClientCache<ConnectorClient>;
}

/**
 * botbuilder's authentication with one change: the connector factories it returns (for
 * incoming requests and proactive sends) share a bounded cache of ConnectorClients, and
 * user token clients are made once per app id. Authentication itself, caller ids and
 * skills are the inner one's.
 */
export class ConnectorReusingAuthentication extends BotFrameworkAuthentication {
  readonly connectors: ClientCache<ConnectorClient>;
  private readonly userTokenClients = new ClientCache<UserTokenClient>(USER_TOKEN_CACHE_SIZE);

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    options: ConnectorReuseOptions = {},
  ) {
    super();
    this.connectors = options.connectors ?? new ClientCache<ConnectorClient>(CONNECTOR_CACHE_SIZE);
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.reusing(await this.inner.authenticateRequest(activity, authHeader));
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.reusing(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new CachingConnectorFactory(this.inner.createConnectorFactory(claimsIdentity), appIdOf(claimsIdentity), this.connectors);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    // botbuilder makes one per app id from the claims (and its credentials), nothing else.
    return this.userTokenClients.get(appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private reusing(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: new CachingConnectorFactory(result.connectorFactory, appIdOf(result.claimsIdentity), this.connectors) };
  }
}

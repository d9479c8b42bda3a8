import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/** The issuer the Bot Connector's tokens name (botbuilder checks it against ToBotFromChannelTokenIssuer). */
const CHANNEL_ISSUER = 'https://api.botframework.com';
const KEY_ID = 'channel-authority-test-key';

/**
 * Both sides of Bot Framework authentication on 127.0.0.1, for a bot with a MicrosoftAppId
 * (as on Teams), so nothing about authentication is switched off:
 *
 * - inbound: an OpenID metadata document and its JWKS, named through botbuilder's own
 *   cloud settings; `channelToken()` signs the RS256 token the Bot Connector sends with
 *   each activity (issuer, audience = the app id, and the serviceurl claim botbuilder
 *   matches against the activity's serviceUrl);
 * - outbound: the bot's replies need a token of their own. With a password botbuilder gets
 *   it from MSAL, which will not use a local login endpoint (it requires https and Azure's
 *   instance discovery). A user-assigned managed identity (MicrosoftAppType=UserAssignedMSI,
 *   how the bot runs on Azure App Service) gets it from App Service's local identity
 *   endpoint instead, named by IDENTITY_ENDPOINT and guarded by IDENTITY_HEADER: this
 *   server is that endpoint, and `outboundToken` is what it hands out, so a connector
 *   stand-in can check every reply carries it.
 */
export class ChannelAuthority {
  readonly appId = '00000000-0000-0000-0000-0000000020ab';
  readonly tenantId = '00000000-0000-0000-0000-0000000020cd';
  /** The access token the identity endpoint gives the bot for its replies. */
  readonly outboundToken = `outbound-${Math.random().toString(36).slice(2)}`;
  /** Identity endpoint requests that carried the right header, and those that did not. */
  identityRequests = { accepted: 0, refused: 0 };
  private readonly identityHeader = `identity-header-${Math.random().toString(36).slice(2)}`;
  private server: Server | undefined;
  private url = '';
  private privateKey: CryptoKey | undefined;
  private jwk: JWK | undefined;

  async start(): Promise<void> {
    const pair = await generateKeyPair('RS256', { extractable: true });
    this.privateKey = pair.privateKey;
    this.jwk = { ...(await exportJWK(pair.publicKey)), kid: KEY_ID, use: 'sig' };
    this.server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      const path = req.url ?? '/';
      if (path === '/keys') return void res.end(JSON.stringify({ keys: [this.jwk] }));
      if (path.startsWith('/identity')) return void this.identity(req, res);
      res.end(JSON.stringify({ issuer: CHANNEL_ISSUER, jwks_uri: `${this.url}/keys` }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The bot's environment: its identity, where it checks inbound tokens, where it gets outbound ones. */
  botEnv(): Record<string, string> {
    const metadata = `${this.url}/.well-known/openidconfiguration`;
    return {
      MicrosoftAppId: this.appId,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: this.tenantId,
      // Any of these set makes botbuilder read them all instead of the public cloud's: the
      // two login settings are never called (a managed identity does not use them).
      ToChannelFromBotLoginUrl: 'https://login.example.invalid/botframework.com',
      ToChannelFromBotOAuthScope: CHANNEL_ISSUER,
      ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
      ToBotFromChannelOpenIdMetadataUrl: metadata,
      ToBotFromEmulatorOpenIdMetadataUrl: metadata,
      OAuthUrl: 'https://token.example.invalid',
      IDENTITY_ENDPOINT: `${this.url}/identity/token`,
      IDENTITY_HEADER: this.identityHeader,
    };
  }

  /** A Bot Connector token for activities from `serviceUrl`; with `key`, one signed by someone else. */
  channelToken(serviceUrl: string, key?: CryptoKey): Promise<string> {
    return new SignJWT({ serviceurl: serviceUrl })
      .setProtectedHeader({ alg: 'RS256', kid: KEY_ID, typ: 'JWT' })
      .setIssuer(CHANNEL_ISSUER)
      .setAudience(this.appId)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key ?? this.privateKey!);
  }

  /** A token of the right shape signed with a key the metadata does not list. */
  async forgedToken(serviceUrl: string): Promise<string> {
    const other = await generateKeyPair('RS256');
    return this.channelToken(serviceUrl, other.privateKey);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** App Service's identity endpoint: GET ?resource=…&api-version=2019-08-01 with X-IDENTITY-HEADER. */
  private identity(req: IncomingMessage, res: ServerResponse): void {
    if (req.headers['x-identity-header'] !== this.identityHeader) {
      this.identityRequests.refused++;
      res.statusCode = 401;
      return void res.end(JSON.stringify({ error: 'unauthorized' }));
    }
    this.identityRequests.accepted++;
    const resource = new URL(req.url ?? '/', this.url).searchParams.get('resource') ?? '';
    res.end(
      JSON.stringify({
        access_token: this.outboundToken,
        expires_on: String(Math.floor(Date.now() / 1000) + 3600),
        resource,
        token_type: 'Bearer',
        client_id: this.appId,
      }),
    );
  }
}

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Activity, ActivityHandler, CloudAdapter } from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  type AuthenticateRequestResult,
} from 'botframework-connector';

/** The channel id the bot sees for the website widget (rendered like any non-Teams channel). */
export const WEBCHAT_CHANNEL_ID = 'webchat';

/** Base path of the internal connector endpoint; a random per-process segment follows it. */
export const CONNECTOR_BASE_PATH = '/v3/directline/connector';

type Credentials = ConstructorParameters<typeof ConnectorClient>[0];

/** The internal connector is authenticated by its unguessable path, so requests carry no token. */
const pathAuthenticated: Credentials = { signRequest: async (request) => request };

/**
 * Connects the local Direct Line to the bot through the app's own CloudAdapter.
 *
 * An incoming activity is delivered with `adapter.processActivityDirect` and an
 * AuthenticateRequestResult made here (the Direct Line server is part of this process, so
 * there is no Bot Framework token to check). Its `serviceUrl` is this server's internal
 * connector endpoint, `http://127.0.0.1:<port>/v3/directline/connector/<secret>`, and the
 * bot's replies go there over HTTP like to any Bot Framework channel. The random
 * per-process secret in the path is what admits them, so no AAD token is needed even
 * when MicrosoftAppId is set (a proactive message made with botbuilder's own connector
 * factory carries an AAD token; the endpoint ignores it and relies on the path too).
 */
export class BotBridge {
  /** 128 random bits, hex: the capability that admits requests to the connector endpoint. */
  readonly connectorSecret = randomBytes(16).toString('hex');
  readonly botAccount: { id: string; name: string; role: string };

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly bot: ActivityHandler,
    private readonly botAppId: string | undefined,
    /** This server's loopback origin, e.g. http://127.0.0.1:3978, known once it listens. */
    private readonly loopbackOrigin: () => string,
  ) {
    this.botAccount = { id: botAppId ?? 'recovery-guide', name: 'Recovery guide', role: 'bot' };
  }

  get connectorPath(): string {
    return `${CONNECTOR_BASE_PATH}/${this.connectorSecret}`;
  }

  get serviceUrl(): string {
    return `${this.loopbackOrigin()}${this.connectorPath}`;
  }

  /** Constant-time check of the secret path segment. */
  isConnectorSecret(segment: string): boolean {
    const given = Buffer.from(segment);
    const expected = Buffer.from(this.connectorSecret);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Runs one bot turn for an activity of a local Direct Line conversation. */
  async deliver(activity: Partial<Activity>): Promise<void> {
    const serviceUrl = this.serviceUrl;
    const full = {
      ...activity,
      channelId: WEBCHAT_CHANNEL_ID,
      serviceUrl,
      recipient: this.botAccount,
    } as Activity;
    await this.adapter.processActivityDirect(this.authentication(serviceUrl), full, (context) => this.bot.run(context));
  }

  private authentication(serviceUrl: string): AuthenticateRequestResult {
    const appId = this.botAppId ?? '';
    const claimsIdentity = new ClaimsIdentity([
      { type: AuthenticationConstants.AudienceClaim, value: appId },
      { type: AuthenticationConstants.AppIdClaim, value: appId },
    ]);
    return { audience: AuthenticationConstants.ToChannelFromBotOAuthScope, claimsIdentity, connectorFactory: new LocalConnectorFactory(serviceUrl) };
  }
}

/** Makes connector clients for our own endpoint only; anything else is a bug, not a destination. */
class LocalConnectorFactory extends ConnectorFactory {
  constructor(private readonly serviceUrl: string) {
    super();
  }

  override async create(serviceUrl: string): Promise<ConnectorClient> {
    if (serviceUrl !== this.serviceUrl) throw new Error('the local Direct Line connector only sends to its own endpoint');
    return new ConnectorClient(pathAuthenticated, { baseUri: serviceUrl });
  }
}

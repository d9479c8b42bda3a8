import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { Logger } from 'pino';
import type { Request, Response } from 'restify';
import { ConnectorReusingAuthentication } from './adapterConnectors.js';
import { boundSigningKeyFetches } from './adapterSigningKeys.js';
import type { Config } from '../config.js';
import type { AuthGate } from '../hosting/authGate.js';
import { connectorSendTimeout } from './connectorSendTimeout.js';
import { SdkTuning } from './sdkTuning.js';
import { crisisSignalOf } from '../turn/turnSignals.js';

/** How a request gets through authentication to its turn (see src/hosting/server.ts). */
export interface Admission {
  /** The client's address, for the gate's per-address caps. */
  address: string;
  gate: AuthGate;
  /**
   * Runs after authentication, before the turn: false when it has answered the request
   * itself (a rate limit, a conversation the caller may not address). Limits counted here
   * cannot be spent by requests with forged credentials.
   */
  admit(): boolean | Promise<boolean>;
}

/**
 * CloudAdapter with a request entry point for a body the server has already checked
 * (describeActivityProblem). CloudAdapter.process re-checks it with zod schemas it builds
 * on every request, and answers a failed turn with a 500 carrying the error's message
 * after printing the error (which can quote what people typed) to the console.
 */
export class BotAdapter extends CloudAdapter {
  /**
   * Authenticates (bounded by the admission's gate) and runs one activity, then answers
   * the request: 200 (or the invoke's status and body); 401 when the credentials are
   * refused; 429 or 503 with Retry-After when the gate says so or the check cannot finish.
   * Any failure of the turn itself is rethrown for the caller to answer.
   */
  async processRequest(req: Request, res: Response, logic: (context: TurnContext) => Promise<void>, admission: Admission): Promise<void> {
    const activity = withDates(req.body as Activity);
    const authHeader = req.header('authorization') ?? '';
    let auth: AuthenticateRequestResult;
    try {
      const outcome = await admission.gate.check(
        admission.address,
        () => this.botFrameworkAuthentication.authenticateRequest(activity, authHeader),
        isRefusal,
      );
      if (!outcome.ok) {
        if (res.headersSent) return;
        res.header('Retry-After', String(outcome.retryAfterSeconds));
        res.send(outcome.status, { error: outcome.reason === 'failures' ? 'rate_limited' : 'unavailable', retryAfterSeconds: outcome.retryAfterSeconds });
        return;
      }
      auth = outcome.value;
    } catch (err) {
      if (res.headersSent) return;
      if (isRefusal(err)) res.send(401, { error: 'unauthorized' });
      else {
        // The signing keys could not be had (timeout, endpoint down): not the caller's fault.
        res.header('Retry-After', '5');
        res.send(503, { error: 'unavailable', retryAfterSeconds: 5 });
      }
      return;
    }
    if (!(await admission.admit())) return;
    const invokeResponse = await this.processActivity(auth, activity, logic);
    if (res.headersSent) return;
    res.status(invokeResponse?.status ?? 200);
    if (invokeResponse?.body !== undefined) res.send(invokeResponse.body);
    res.end();
  }
}

/** jsonwebtoken's errors for a bad signature, an expired or a not-yet-valid token, which botbuilder lets through as they are. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/** The credentials were checked and refused (as opposed to the check failing on our side). */
function isRefusal(err: unknown): boolean {
  if (err instanceof Error && TOKEN_ERRORS.has(err.name)) return true;
  if (!(err instanceof AuthenticationError)) return false;
  const status = (err as AuthenticationError & { statusCode?: number }).statusCode;
  return status === undefined || (status >= 400 && status < 500);
}

/** What CloudAdapter.process does to the body's times: strings to Dates, the originals kept. */
function withDates(activity: Activity): Activity {
  const raw = activity as Activity & Record<string, unknown>;
  for (const [field, rawField] of [['timestamp', 'rawTimestamp'], ['expiration', 'rawExpiration'], ['localTimestamp', 'rawLocalTimestamp']] as const) {
    const value = raw[field];
    if (typeof value === 'string') {
      raw[rawField] = value;
      raw[field] = new Date(value);
    }
  }
  return activity;
}

/** What a person sees when their turn fails: data/messages.json "turnError", filled (src/replies/responses.ts). */
export interface TurnErrorText {
  apology: string;
  /** Says 911 and 988 (checked at start-up): the crisis response may not have gone out. */
  crisisApology: string;
}

/**
 * The Bot Framework adapter. Anonymous when no MicrosoftAppId is set (Emulator, local
 * web chat, tests); with one, requests without a valid Bot Framework token get 401.
 */
export function createAdapter(config: Config, logger: Logger, turnErrorText: TurnErrorText | ((context: TurnContext) => TurnErrorText), tuning: SdkTuning = SdkTuning.of(config)): BotAdapter {
  if (!boundSigningKeyFetches(config.AUTH_TIMEOUT_MS)) logger.warn({ event: 'signing_keys_unbounded' }, 'botframework-connector is not the expected version: signing key fetches have no timeout');
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
    ...cloudSettings(config),
  });
  // One ConnectorClient per destination for every turn, instead of a new one (and a new
  // request pipeline) per turn (the connectorReuse piece of SDK_TUNING).
  const adapter = new BotAdapter(tuning.has('connectorReuse') ? new ConnectorReusingAuthentication(auth) : auth);
  // Replies go out over botbuilder's shared keep-alive agent (one per process, in
  // @azure/core-client's cached HTTP client), so sockets to a connector are reused
  // across turns already. What it lacks is a timeout: bound each send.
  adapter.use(connectorSendTimeout(config.REQUEST_TIMEOUT_MS));

  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // Name and call sites only: error messages (and the message lines of a stack) can
    // quote request or response bodies, which hold what people typed.
    // Never the error object itself: a DialogContextError carries the whole dialog stack, answers included.
    const cause = rootCause(error);
    logger.error(
      {
        event: 'turn_error',
        errorName: error.name,
        cause: cause.name,
        status: statusOf(cause),
        activeDialog: (error as { dialogContext?: { activeDialog?: unknown } }).dialogContext?.activeDialog,
        stack: callSites(cause),
        channelId: context.activity.channelId,
      },
      'turn failed',
    );
    // Crisis words in this turn and the crisis response could not be sent (a connector
    // blip): the apology is then the only thing the person sees, so it carries 988 and 911.
    // In the turn's language when the texts depend on it (src/replies/responses.ts turnErrorTexts).
    const texts = typeof turnErrorText === 'function' ? turnErrorText(context) : turnErrorText;
    const apology = crisisSignalOf(context) ? texts.crisisApology : texts.apology;
    try {
      await context.sendActivity(apology);
    } catch {
      logger.warn({ event: 'turn_error_reply_failed' }, 'could not send the error reply');
    }
  };
  return adapter;
}

/** The cloud settings that are set, under botbuilder's names (it treats any set one as "not the public cloud"). */
function cloudSettings(config: Config): Record<string, string> {
  const names = [
    'ChannelService',
    'ToChannelFromBotLoginUrl',
    'ToChannelFromBotOAuthScope',
    'ToBotFromChannelTokenIssuer',
    'ToBotFromChannelOpenIdMetadataUrl',
    'ToBotFromEmulatorOpenIdMetadataUrl',
    'OAuthUrl',
  ] as const;
  const settings: Record<string, string> = {};
  for (const name of names) {
    const value = config[name];
    if (value !== undefined) settings[name] = value;
  }
  return settings;
}

/** The error at the bottom of a wrapped chain (DialogContextError keeps it in `error`, others in `cause`). */
export function rootCause(error: Error): Error {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    const inner = (current as { error?: unknown }).error ?? current.cause;
    if (!(inner instanceof Error)) break;
    current = inner;
  }
  return current;
}

/** The HTTP status of a connector error (RestError), if it has one. */
function statusOf(error: Error): number | undefined {
  const status: unknown = (error as Error & { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The first frames of a stack, without its message lines (a message can span several lines). */
export function callSites(error: Error, frames = 5): string | undefined {
  return error.stack
    ?.split('\n')
    .filter((line) => /^\s+at\s/.test(line))
    .slice(0, frames)
    .map((line) => line.trim())
    .join('\n');
}

import restify, { type Request, type Response, type Server } from 'restify';
import type { ActivityHandler } from 'botbuilder';
import type { Logger } from 'pino';
import type { BotAdapter } from '../botframework/adapter.js';
import type { Config } from '../config.js';
import { AnonymousCallers } from './anonymousCallers.js';
import { AuthGate } from './authGate.js';
import { applyConnectionCaps } from './connectionCaps.js';
import { refuseCompressedBodies } from './contentEncoding.js';
import type { ProxyTrust } from './proxyTrust.js';
import { RateLimits } from './rateLimits.js';
import { ServiceUrlPolicy } from './serviceUrlPolicy.js';
import { acceptedTurnContinues, applyServerTimeouts, requestDeadline, serviceUnavailable, setTimeoutAnswer } from './requestTimeouts.js';
import { securityHeaders } from './securityHeaders.js';
import { describeActivityProblem } from './incomingActivity.js';
import { isPlausibleBotFrameworkToken } from './tokenPrecheck.js';
import { metrics } from '../metrics.js';

export interface ServerDeps {
  config: Config;
  adapter: BotAdapter;
  bot: ActivityHandler;
  logger: Logger;
  /** Whose X-Forwarded-For is believed (TRUSTED_PROXIES). */
  trust: ProxyTrust;
  /** True when content (and later the catalog) is loaded. */
  isReady: () => boolean;
  /** Extra routes (web chat page, Direct Line, staff API) registered by features. */
  routes?: ReadonlyArray<(server: Server) => void>;
}

export interface BotServer {
  server: Server;
  /** Stops accepting, waits for turns in flight (at most `graceMs`), then resolves. */
  close(graceMs?: number): Promise<void>;
  inFlight(): number;
}

export function createServer(deps: ServerDeps): BotServer {
  const { config, adapter, bot, logger, trust } = deps;
  const server = restify.createServer({ name: 'recovery-guidance-bot', handleUncaughtExceptions: false });
  const turns = new Set<Promise<unknown>>();
  const limits = new RateLimits(config, logger, trust);
  const gate = new AuthGate({ total: config.MAX_PENDING_AUTH, perAddress: config.MAX_PENDING_AUTH_PER_IP, timeoutMs: config.AUTH_TIMEOUT_MS });
  const serviceUrls = new ServiceUrlPolicy({ extraHosts: config.SERVICE_URL_ALLOWLIST, allowPrivate: config.ALLOW_PRIVATE_SERVICE_URLS });
  // Without credentials nothing proves who is calling: see AnonymousCallers.
  const anonymous = config.MicrosoftAppId ? undefined : new AnonymousCallers(config.ANONYMOUS_MESSAGES, trust);
  warnAboutAnonymousMode(config, logger);

  // Before routing, so they cover every route (including ones features add) and 404s.
  applyServerTimeouts(server.server, config.REQUEST_TIMEOUT_MS);
  applyConnectionCaps(server.server, {
    total: config.MAX_CONNECTIONS,
    perAddress: config.MAX_CONNECTIONS_PER_IP,
    // Longer than a request may take, so only sockets that say nothing are closed.
    idleMs: config.REQUEST_TIMEOUT_MS + 5_000,
    trust,
    logger,
  });
  server.pre(securityHeaders());
  server.pre(requestDeadline(config.REQUEST_TIMEOUT_MS, logger));
  server.pre(refuseCompressedBodies());
  server.pre(limits.pre);

  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(
    restify.plugins.bodyParser({
      maxBodySize: config.MAX_BODY_BYTES,
      mapParams: false,
      mapFiles: false,
      // Unknown content types reach the route as raw bodies and fail its zod check with a 400.
      rejectUnknown: false,
    }),
  );

  server.post('/api/messages', async (req: Request, res: Response) => {
    const address = trust.clientAddress(req);
    if (anonymous) {
      const body: unknown = req.body;
      const channelId = typeof body === 'object' && body !== null ? (body as { channelId?: unknown }).channelId : undefined;
      const refused = anonymous.doorProblem(req, typeof channelId === 'string' ? channelId : undefined);
      if (refused) {
        res.send(refused.status, { error: refused.error, message: refused.message });
        return;
      }
    } else if (!isPlausibleBotFrameworkToken(req.header('authorization'))) {
      gate.failed(address);
      res.send(401, { error: 'unauthorized' });
      return;
    }
    const problem = describeActivityProblem(req.body);
    if (problem) {
      res.send(400, { error: 'bad_activity', message: problem });
      return;
    }
    const activity = req.body as { type: string; channelId?: string; serviceUrl: string; conversation: { id: string }; deliveryMode?: string };
    const badServiceUrl = serviceUrls.problem(activity.serviceUrl, { loopbackCaller: anonymous !== undefined && AnonymousCallers.isLocal(req) });
    if (badServiceUrl) {
      res.send(400, { error: 'bad_service_url', message: badServiceUrl });
      return;
    }
    const answerCarriesReplies = activity.type === 'invoke' || activity.deliveryMode === 'expectReplies';
    setTimeoutAnswer(req, answerCarriesReplies ? serviceUnavailable : acceptedTurnContinues);
    const admit = async (): Promise<boolean> => {
      // Typing indicators are not counted: web chat sends one every few seconds while someone types.
      if (activity.type !== 'typing' && !(await limits.allowConversation(activity.channelId ?? '', activity.conversation.id, req, res))) return false;
      const notYours = anonymous?.claim(req, activity.channelId ?? '', activity.conversation.id);
      if (notYours) {
        res.send(notYours.status, { error: notYours.error, message: notYours.message });
        return false;
      }
      return true;
    };
    const turn = adapter.processRequest(req, res, (context) => bot.run(context), { address, gate, admit });
    turns.add(turn);
    try {
      await turn;
    } catch (err) {
      // Never a 5xx for a turn that failed on our side after onTurnError ran; log without content.
      logger.error({ event: 'process_failed', errorName: (err as Error).name }, 'activity processing failed');
      if (!res.headersSent) res.send(502, { error: 'turn_failed' });
    } finally {
      turns.delete(turn);
    }
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    if (deps.isReady()) res.send(200, { status: 'ready' });
    else res.send(503, { status: 'not_ready' });
  });

  for (const register of deps.routes ?? []) register(server);

  server.on('restifyError', (req: Request, res: Response, err: Error & { statusCode?: number }, cb: () => void) => {
    if ((err.statusCode ?? 500) >= 500) metrics.errors.inc({ kind: 'http_5xx' });
    if ((err.statusCode ?? 500) >= 500) logger.error({ event: 'http_error', errorName: err.name, path: req.path() }, 'request failed');
    return cb();
  });

  return {
    server,
    inFlight: () => turns.size,
    async close(graceMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([Promise.allSettled([...turns]).then(() => undefined), grace]);
      // The answered requests' kept-alive connections are idle now; close() only closed
      // the ones idle when it was called, and these would wait out keepAliveTimeout.
      server.server.closeIdleConnections();
      await Promise.race([closed, grace]);
      await limits.close();
    },
  };
}

/** Says at start-up who can reach /api/messages without credentials, so it is never a surprise in production. */
function warnAboutAnonymousMode(config: Config, logger: Logger): void {
  if (config.MicrosoftAppId) return;
  const mode = config.ANONYMOUS_MESSAGES;
  const text: Record<Config['ANONYMOUS_MESSAGES'], string> = {
    off: 'no MicrosoftAppId and ANONYMOUS_MESSAGES=off: /api/messages refuses every request (the web chat page still works)',
    loopback:
      'no MicrosoftAppId: /api/messages accepts unauthenticated activities from this machine only (the Emulator); set MicrosoftAppId for Teams and Azure channels, or ANONYMOUS_MESSAGES=off',
    any: 'no MicrosoftAppId and ANONYMOUS_MESSAGES=any: anyone can post unauthenticated activities to /api/messages; use this only on a closed network',
  };
  logger.warn({ event: 'anonymous_mode', mode }, text[mode]);
}

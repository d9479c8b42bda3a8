import restify, { type Request, type Response, type Server } from 'restify';
import type { ActivityHandler } from 'botbuilder';
import type { Logger } from 'pino';
import type { BotAdapter } from './adapter.js';
import type { Config } from './config.js';
import { RateLimits } from './http/rateLimits.js';
import { acceptedTurnContinues, applyServerTimeouts, requestDeadline, serviceUnavailable, setTimeoutAnswer } from './http/requestTimeouts.js';
import { securityHeaders } from './http/securityHeaders.js';
import { describeActivityProblem } from './incomingActivity.js';
import { isPlausibleBotFrameworkToken } from './tokenPrecheck.js';

export interface ServerDeps {
  config: Config;
  adapter: BotAdapter;
  bot: ActivityHandler;
  logger: Logger;
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
  const { config, adapter, bot, logger } = deps;
  const server = restify.createServer({ name: 'recovery-guidance-bot', handleUncaughtExceptions: false });
  const turns = new Set<Promise<unknown>>();
  const limits = new RateLimits(config, logger);

  // Before routing, so they cover every route (including ones features add) and 404s.
  applyServerTimeouts(server.server, config.REQUEST_TIMEOUT_MS);
  server.pre(securityHeaders());
  server.pre(requestDeadline(config.REQUEST_TIMEOUT_MS, logger));
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
    if (config.MicrosoftAppId && !isPlausibleBotFrameworkToken(req.header('authorization'))) {
      res.send(401, { error: 'unauthorized' });
      return;
    }
    const problem = describeActivityProblem(req.body);
    if (problem) {
      res.send(400, { error: 'bad_activity', message: problem });
      return;
    }
    const activity = req.body as { type: string; channelId?: string; conversation: { id: string }; deliveryMode?: string };
    // Typing indicators are not counted: web chat sends one every few seconds while someone types.
    if (activity.type !== 'typing' && !limits.allowConversation(activity.channelId ?? '', activity.conversation.id, req, res)) return;
    const answerCarriesReplies = activity.type === 'invoke' || activity.deliveryMode === 'expectReplies';
    setTimeoutAnswer(req, answerCarriesReplies ? serviceUnavailable : acceptedTurnContinues);
    const turn = adapter.processRequest(req, res, (context) => bot.run(context));
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
      await Promise.race([closed, grace]);
    },
  };
}

import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import type { RouteContext } from '../../app.js';
import { AzureTokenExchange } from './azureTokens.js';
import { BotBridge } from './botBridge.js';
import { registerConnectorRoutes } from './connectorRoutes.js';
import type { DirectLineContext } from './context.js';
import type { ConversationLimits } from './conversationStore.js';
import { MemoryConversations, type DirectLineConversations } from './conversations.js';
import { RedisConversations } from './redisConversations.js';
import { isRedisUrl } from '../../state/redisClient.js';
import { LimitStore } from '../../hosting/sharedLimiter.js';
import { metrics } from '../../metrics.js';
import { OriginPolicy } from './originPolicy.js';
import { registerRestRoutes } from './restRoutes.js';
import { attachStreamServer } from './streamServer.js';
import { TokenRateLimiter, TOKENS_PER_IP_PER_MINUTE } from './tokenRateLimiter.js';
import { registerTokenRoute } from './tokenRoute.js';
import { fill } from '../../domain/template.js';
import { DirectLineTokens } from './tokens.js';

export interface DirectLineOptions {
  /** Azure Direct Line base URL (tests point it at a local stand-in). */
  azureDomain?: string;
  fetch?: typeof fetch;
  /** Token requests per IP per minute. */
  tokensPerMinute?: number;
  limits?: Partial<ConversationLimits>;
  /** Clock in milliseconds, for expiry tests. */
  now?: () => number;
}

export const DEFAULT_LIMITS: Omit<ConversationLimits, 'now'> = {
  maxConversations: 10_000,
  idleMs: 30 * 60_000,
  maxActivities: 500,
  // All logs together: 16 MB of JSON (held as strings, so ~16 MB of heap) keeps the heap
  // bounded under the npm start heap cap however many web chats are open.
  maxLogBytes: 16 * 1024 * 1024,
};

/**
 * The website widget's Direct Line: token endpoint, Direct Line 3.0 REST + WebSocket
 * stream, and the internal connector the bot replies to. Register with
 * `createApp(config, { routes: [directLineRoutes()] })`; the returned function, called
 * on shutdown, closes streams and waits for turns in flight.
 */
export function directLineRoutes(options: DirectLineOptions = {}) {
  return (server: Server, app: RouteContext): (() => Promise<void>) => {
    const { config, logger } = app;
    const nowMs = options.now ?? Date.now;
    const limits: ConversationLimits = { ...DEFAULT_LIMITS, idleMs: config.STATE_IDLE_MINUTES * 60_000, ...options.limits, now: nowMs };
    // With STATE_STORE=redis://… the conversations live in Redis, so any instance serves any
    // request of a chat (no sticky sessions); in memory they stay with this process.
    let store: DirectLineConversations;
    let sharedSecret: (() => Promise<string>) | undefined;
    let limitStore: LimitStore | undefined;
    if (isRedisUrl(config.STATE_STORE)) {
      // New chats per address are counted across every instance too.
      limitStore = LimitStore.redis(config.STATE_STORE, logger);
      const redis = new RedisConversations({
        url: config.STATE_STORE,
        limits,
        logger,
        observe: (operation, seconds) => metrics.stateSeconds.observe({ store: 'directline_redis', operation }, seconds),
      });
      store = redis;
      // Every instance must accept every instance's tokens: the configured secret, or one kept in Redis.
      if (!config.DIRECT_LINE_TOKEN_SECRET) {
        sharedSecret = () => redis.sharedTokenSecret();
        logger.warn({ event: 'directline_token_secret_shared' }, 'DIRECT_LINE_TOKEN_SECRET is not set: the web chat token secret is kept in Redis for every instance; set it to keep it out of Redis');
      }
    } else store = new MemoryConversations(limits);
    const tokens = new DirectLineTokens({
      secret: sharedSecret ?? config.DIRECT_LINE_TOKEN_SECRET,
      ttlSeconds: config.DIRECT_LINE_TOKEN_TTL_SECONDS,
      now: () => Math.floor(nowMs() / 1000),
    });
    const bridge = new BotBridge(app.adapter, app.bot, config.MicrosoftAppId, () => loopbackOrigin(server));
    const inFlight = new Set<Promise<void>>();
    const ctx: DirectLineContext = {
      tokens,
      store,
      bridge,
      origins: new OriginPolicy(config.ALLOWED_ORIGINS, config.PUBLIC_BASE_URL),
      publicBaseUrl: config.PUBLIC_BASE_URL,
      logger,
      trust: app.trust,
      streams: { total: config.MAX_WEBSOCKETS, perAddress: config.MAX_WEBSOCKETS_PER_IP, perConversation: config.MAX_WEBSOCKETS_PER_CONVERSATION },
      onStreamCount: (delta) => metrics.directLineConnections.inc(delta),
      track(turn) {
        inFlight.add(turn);
        return turn.finally(() => inFlight.delete(turn));
      },
    };
    const azure = config.DIRECT_LINE_SECRET
      ? new AzureTokenExchange({ secret: config.DIRECT_LINE_SECRET, domain: options.azureDomain, fetch: options.fetch })
      : undefined;

    const helpline = app.content.text.helpline.display;
    const said = app.content.messages.webChat;
    const words = { tooManyNewChats: fill(said.tooManyNewChats, { helpline }), unreachable: fill(said.unreachable, { helpline }), full: fill(said.full, { helpline }) };
    const tokensPerMinute = options.tokensPerMinute ?? TOKENS_PER_IP_PER_MINUTE;
    const limiter = limitStore?.limiter('directline-token', tokensPerMinute) ?? new TokenRateLimiter(tokensPerMinute, nowMs);
    registerTokenRoute(server, ctx, { azure, limiter, words });
    registerRestRoutes(server, ctx);
    registerConnectorRoutes(server, bridge, store);
    const stream = attachStreamServer(server.server, ctx);
    logger.info({ event: 'directline_ready', mode: azure ? 'azure' : 'local', store: store.kind }, 'web chat Direct Line ready');

    return async () => {
      stream.close();
      await Promise.allSettled(inFlight);
      await store.close();
      await limitStore?.close();
    };
  };
}

/** How this process reaches itself: the bound address, or 127.0.0.1 when bound to all interfaces. */
function loopbackOrigin(server: Server): string {
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('the local Direct Line needs a TCP listener');
  const { address: host, port } = address as AddressInfo;
  if (host === '0.0.0.0' || host === '::' || host === '::ffff:0.0.0.0') return `http://127.0.0.1:${port}`;
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

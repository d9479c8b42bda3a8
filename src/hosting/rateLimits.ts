import { createHash } from 'node:crypto';
import type { Next, Request, RequestHandler, Response } from 'restify';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { ProxyTrust } from './proxyTrust.js';
import { metrics } from '../metrics.js';
import { isRedisUrl } from '../state/redisClient.js';
import { LimitStore, type Limiter } from './sharedLimiter.js';

export type RateLimitConfig = Pick<
  Config,
  'RATE_LIMIT_PER_IP_PER_MINUTE' | 'RATE_LIMIT_PER_CONVERSATION_PER_MINUTE' | 'MicrosoftAppId' | 'ALLOWED_ORIGINS'
> &
  Partial<Pick<Config, 'STATE_STORE'>>;

/**
 * Paths limited per client IP, by prefix so routes other features register later
 * (the Direct Line token endpoint, /v3/directline/tokens/*, conversations) are covered.
 * The staff API is limited too: without it, one address tried 6,000 wrong tokens a minute.
 * Static files and health probes are not limited: they are cheap, and a 429 on a
 * liveness probe would get a healthy instance restarted.
 */
export const IP_LIMITED_PREFIXES: readonly string[] = ['/api/messages', '/api/directline', '/v3/directline', '/api/callbacks', '/metrics'];

/**
 * Never limited: the local Direct Line's internal connector endpoint, where the bot
 * posts its own replies over loopback. Every reply comes from 127.0.0.1, so a per-IP
 * limit there would throttle all web chat users together.
 */
export const UNLIMITED_PREFIXES: readonly string[] = ['/v3/directline/connector/'];

/** A Direct Line message post names its conversation in the path. */
const DIRECT_LINE_ACTIVITY = /^\/v3\/directline\/conversations\/([^/]+)\/activities\/?$/;

/** At most one summary line per this many ms, so an attack does not flood the log. */
const LOG_EVERY_MS = 10_000;

export interface RateLimitOptions {
  now?: () => number;
  /** Buckets kept per limiter (LRU), in memory. */
  maxKeys?: number;
  /** Where counts live (default: Redis when STATE_STORE is a Redis URL, else this process). */
  store?: LimitStore;
}

/**
 * Per-IP and per-conversation request limits, answered with 429 and Retry-After.
 *
 * The per-IP limit runs as a restify `pre` handler, before routing and body parsing, so
 * refused requests cost almost nothing. The per-conversation limit needs the activity's
 * conversation id, so /api/messages calls `allowConversation` after the body is parsed;
 * Direct Line message posts are keyed by the id in their path, also in `pre`.
 *
 * With Bot Framework credentials set, /api/messages is not limited per IP: every Teams
 * or Azure channel message arrives from the Bot Connector's few shared addresses, so a
 * per-IP limit would throttle all users together. There the per-conversation limit and
 * the token check do the work. Anonymous mode (local web chat, Emulator) keeps both.
 *
 * With STATE_STORE=redis://… the counts are shared by every instance through Redis
 * (rate-limiter-flexible), with an in-memory fallback while Redis is unreachable; otherwise
 * they live in this process (TokenBucketLimiter). See sharedLimiter.ts.
 */
export class RateLimits {
  private readonly store: LimitStore;
  private readonly perIp: Limiter;
  private readonly perConversation: Limiter;
  private readonly allowedOrigins: ReadonlySet<string>;
  private readonly now: () => number;
  private refusedSinceLog = { ip: 0, conversation: 0 };
  private lastLogAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly config: RateLimitConfig,
    private readonly logger: Logger,
    private readonly trust: ProxyTrust,
    options: RateLimitOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.store = options.store ?? (config.STATE_STORE && isRedisUrl(config.STATE_STORE) ? LimitStore.redis(config.STATE_STORE, logger) : LimitStore.memory());
    const limiterOptions = { maxKeys: options.maxKeys, now: this.now, onFallback: () => metrics.errors.inc({ kind: 'rate_limit_store' }) };
    this.perIp = this.store.limiter('ip', config.RATE_LIMIT_PER_IP_PER_MINUTE, limiterOptions);
    this.perConversation = this.store.limiter('conversation', config.RATE_LIMIT_PER_CONVERSATION_PER_MINUTE, limiterOptions);
    this.allowedOrigins = new Set(config.ALLOWED_ORIGINS.map((o) => new URL(o).origin));
  }

  /** The restify `pre` handler: per-IP limit by path prefix, per-conversation for Direct Line posts. */
  readonly pre: RequestHandler = (req: Request, res: Response, next: Next) => {
    const path = req.getPath();
    if (!this.ipLimited(path)) return next();
    const directLine = req.method === 'POST' ? DIRECT_LINE_ACTIVITY.exec(path) : null;
    const ipWait = this.perIp.take(this.trust.clientAddress(req));
    // In memory the answer is at hand; from Redis it is a promise (one round trip).
    if (typeof ipWait === 'number' && !directLine) return this.answer(req, res, ipWait, 'ip') ? next() : next(false);
    void (async () => {
      if (!this.answer(req, res, await ipWait, 'ip')) return next(false);
      // Keyed by the conversation and the token it is posted with (a fingerprint, never the token):
      // the limit is counted before the route checks the token, so someone who only knows a
      // conversation's id spends a count of their own, not the person's.
      if (directLine?.[1] && !this.answer(req, res, await this.perConversation.take(`directline/${directLine[1]}/${tokenFingerprint(req)}`), 'conversation')) return next(false);
      return next();
    })().catch(() => next());
  };

  /**
   * Counts one activity for a conversation (key: channel and conversation id). Resolves
   * true when allowed; otherwise it has answered 429 and the caller must stop.
   */
  async allowConversation(channelId: string, conversationId: string, req: Request, res: Response): Promise<boolean> {
    const wait = await this.perConversation.take(`${channelId}/${conversationId}`);
    if (wait === 0) return true;
    this.refuse(req, res, wait, 'conversation');
    return false;
  }

  /** Closes the Redis connection of shared limits. */
  close(): Promise<void> {
    return this.store.close();
  }

  /** True when allowed; otherwise answers 429. */
  private answer(req: Request, res: Response, wait: number, scope: 'ip' | 'conversation'): boolean {
    if (wait === 0) return true;
    this.refuse(req, res, wait, scope);
    return false;
  }

  private ipLimited(path: string): boolean {
    if (UNLIMITED_PREFIXES.some((p) => path.startsWith(p))) return false;
    if (!IP_LIMITED_PREFIXES.some((p) => path.startsWith(p))) return false;
    // See the class comment: Bot Connector traffic shares a few addresses.
    return !(this.config.MicrosoftAppId && path.startsWith('/api/messages'));
  }

  private refuse(req: Request, res: Response, retryAfterSeconds: number, scope: 'ip' | 'conversation'): void {
    res.header('Retry-After', String(retryAfterSeconds));
    // A browser can only read the 429 (and its Retry-After) with CORS headers; the
    // route that would normally add them never runs, so add them for allowed origins.
    const origin = req.headers.origin;
    if (typeof origin === 'string' && this.allowedOrigins.has(origin)) {
      res.header('Access-Control-Allow-Origin', origin);
      res.header('Access-Control-Expose-Headers', 'Retry-After');
      res.header('Vary', 'Origin');
    }
    res.send(429, { error: 'rate_limited', message: 'Too many messages. Please wait a moment and try again.', retryAfterSeconds });
    metrics.errors.inc({ kind: scope === 'ip' ? 'rate_limited_ip' : 'rate_limited_conversation' });
    this.report(scope);
  }

  /** Counts only: never the address, the conversation id or the path (it can hold an id). */
  private report(scope: 'ip' | 'conversation'): void {
    this.refusedSinceLog[scope]++;
    const now = this.now();
    if (now - this.lastLogAt < LOG_EVERY_MS) return;
    this.logger.warn({ event: 'rate_limited', refusedIp: this.refusedSinceLog.ip, refusedConversation: this.refusedSinceLog.conversation }, 'requests refused by rate limits');
    this.refusedSinceLog = { ip: 0, conversation: 0 };
    this.lastLogAt = now;
  }
}

/** A short fingerprint of the request's Authorization header, to key a limit by who posts without keeping the token. */
function tokenFingerprint(req: Request): string {
  return createHash('sha256').update(req.header('authorization') ?? '').digest('base64url').slice(0, 16);
}

import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type IRateLimiterOptions } from 'rate-limiter-flexible';
import type { Logger } from 'pino';
import { closeRedis, connectRedis } from '../state/redisClient.js';
import { TokenBucketLimiter } from './tokenBucketLimiter.js';

/** Counts one request for a key: 0 when allowed, else the whole seconds to wait (Retry-After). */
export interface Limiter {
  take(key: string): number | Promise<number>;
}

/**
 * One Redis connection for every limit of a process, with a short command timeout: a
 * slow or unreachable Redis must not hold requests up, it hands the count to the
 * in-memory fallback (see redisLimiter).
 */
export class LimitStore {
  private constructor(readonly redis: Redis | undefined) {}

  /** In this process only (STATE_STORE=memory): nothing is shared. */
  static memory(): LimitStore {
    return new LimitStore(undefined);
  }

  static redis(url: string, logger: Logger): LimitStore {
    return new LimitStore(connectRedis<object>({ url, commandTimeoutMs: 250, connectTimeoutMs: 2_000, scripts: {}, logger, purpose: 'rate limits' }));
  }

  /**
   * A limit of `perMinute` requests per key. In memory: token buckets (TokenBucketLimiter).
   * With Redis: rate-limiter-flexible's fixed one-minute windows in Redis, so every
   * instance counts against one limit; while Redis is unreachable (not connected, or a
   * command fails or times out) its insurance limiter counts in this process instead,
   * and the shared count takes over again when Redis is back.
   */
  limiter(name: string, perMinute: number, options: { maxKeys?: number; now?: () => number; onFallback?: () => void } = {}): Limiter {
    if (!this.redis) {
      const buckets = new TokenBucketLimiter({ perMinute, maxKeys: options.maxKeys, now: options.now });
      return { take: (key) => buckets.take(key) };
    }
    const fallbackCount = (): void => options.onFallback?.();
    const insurance = new InsuranceLimiter({ keyPrefix: `recovery-bot:rl:${name}`, points: perMinute, duration: 60 }, fallbackCount);
    const shared = new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix: `recovery-bot:rl:${name}`,
      points: perMinute,
      duration: 60,
      // Not connected: straight to the insurance limiter instead of waiting on the offline queue.
      rejectIfRedisNotReady: true,
      insuranceLimiter: insurance,
      // A key over its limit is refused in memory until its window ends: an attacker's
      // requests stop costing a Redis round trip each.
      inMemoryBlockOnConsumed: perMinute + 1,
    });
    return {
      take: async (key) => {
        try {
          await shared.consume(key);
          return 0;
        } catch (rejection) {
          if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
          // Neither Redis nor the insurance limiter answered: let the request through
          // (a limit must not become an outage) and count it.
          fallbackCount();
          return 0;
        }
      },
    };
  }

  async close(): Promise<void> {
    if (this.redis) await closeRedis(this.redis);
  }
}

/**
 * The in-memory limiter rate-limiter-flexible hands a count to when Redis does not answer:
 * not connected, a failed command, or one slower than the command timeout. It does so
 * without telling the caller, so a slow Redis let requests past the shared limit unseen;
 * each count taken here is reported (recovery_bot_errors_total{kind="rate_limit_store"}).
 */
class InsuranceLimiter extends RateLimiterMemory {
  constructor(
    options: IRateLimiterOptions,
    private readonly onUse: () => void,
  ) {
    super(options);
  }

  override consume(key: string | number, points?: number, options?: { [key: string]: unknown }): Promise<RateLimiterRes> {
    this.onUse();
    return super.consume(key, points, options);
  }
}

import { LRUCache } from 'lru-cache';
import { z } from 'zod';

const OptionsSchema = z.object({
  perMinute: z.number().int().positive(),
  maxKeys: z.number().int().positive().default(20_000),
});

export interface TokenBucketLimiterOptions {
  /** Sustained requests per key per minute; also the burst size (a full bucket). */
  perMinute: number;
  /** Keys tracked at most; the least recently used bucket is dropped first. Default 20,000. */
  maxKeys?: number;
  /** Clock in epoch ms; injectable so tests need no sleeps. */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * In-memory token buckets, one per key (a client IP, a conversation id).
 *
 * Each bucket holds up to `perMinute` tokens and refills continuously at `perMinute`
 * per minute; a request takes one token or is refused with the wait until one is back.
 * Memory is bounded by an lru-cache of maxKeys buckets: past it the least recently
 * used bucket is dropped. A dropped bucket comes back full, so under heavy key churn
 * the limiter fails open for the oldest keys rather than growing without bound.
 *
 * Scope: one process. With several instances behind a load balancer each instance
 * limits on its own (the effective limit is up to instances × perMinute) unless this
 * is replaced by a Redis-backed limiter. For abuse protection of a helpline bot that
 * is good enough, and it keeps a Redis outage from turning into refused messages.
 */
export class TokenBucketLimiter {
  private readonly buckets: LRUCache<string, Bucket>;
  private readonly capacity: number;
  private readonly perMs: number;
  private readonly now: () => number;

  constructor(options: TokenBucketLimiterOptions) {
    const parsed = OptionsSchema.safeParse({ perMinute: options.perMinute, maxKeys: options.maxKeys });
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new TypeError(`TokenBucketLimiter: invalid options: ${detail}`);
    }
    this.capacity = parsed.data.perMinute;
    this.perMs = parsed.data.perMinute / 60_000;
    this.buckets = new LRUCache<string, Bucket>({ max: parsed.data.maxKeys });
    this.now = options.now ?? Date.now;
  }

  /** Buckets currently tracked (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  /**
   * Takes one token for `key`. Returns 0 when allowed, otherwise the whole seconds
   * (at least 1) until a token is available: the Retry-After value.
   */
  take(key: string): number {
    const now = this.now();
    // get() makes the key the most recently used; a new key may push out the least.
    let bucket = this.buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(this.capacity, bucket.tokens + Math.max(0, now - bucket.updatedAt) * this.perMs);
      bucket.updatedAt = now;
    } else {
      bucket = { tokens: this.capacity, updatedAt: now };
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
  }

  /** The wait `take` would answer, without taking a token: 0 when one is there. */
  peek(key: string): number {
    // peek(): looking does not count as use.
    const bucket = this.buckets.peek(key);
    if (!bucket) return 0;
    const tokens = Math.min(this.capacity, bucket.tokens + Math.max(0, this.now() - bucket.updatedAt) * this.perMs);
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000));
  }
}

import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from '../logger.js';

const require = createRequire(import.meta.url);

/** A redis:// or rediss:// (TLS) URL: what STATE_STORE holds when state (and the callback queue) live in Redis. */
export const REDIS_URL = /^rediss?:\/\//;

export function isRedisUrl(value: string): boolean {
  return REDIS_URL.test(value);
}

/**
 * The ioredis client class, loaded when the first Redis client is made: a bot that keeps
 * its state in memory (the default) never loads the client (a few MB held for nothing).
 */
function redisClass(): typeof Redis {
  return (require('ioredis') as typeof import('ioredis')).Redis;
}

export interface RedisClientOptions {
  /** redis:// or rediss:// (TLS) URL, credentials included. Never logged. */
  url: string;
  /** A command that gets no reply in this long rejects instead of stalling the turn. */
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  /** Lua scripts registered as commands; the caller types them (C below). */
  scripts: Record<string, { lua: string }>;
  logger: Logger;
  /** What the connection is for, in log lines ("state store", "callback queue"). */
  purpose: string;
}

/** One Redis connection with this bot's settings; C describes the commands `scripts` adds. */
export function connectRedis<C>(options: RedisClientOptions): Redis & C {
  const redisOptions: RedisOptions = {
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.connectTimeoutMs,
    // Fail a call quickly while Redis is down instead of queueing it for minutes.
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    scripts: options.scripts,
  };
  const Client = redisClass();
  // Safe: the scripts option registers exactly the commands the caller's C describes.
  const redis = new Client(options.url, redisOptions) as Redis & C;
  const { logger, purpose } = options;
  // An 'error' event with no listener would crash a plain EventEmitter; ioredis instead
  // prints raw stacks to stderr. Route them through the logger: kind and reason only.
  redis.on('error', (error: Error & { code?: string }) => {
    logger.warn({ code: error.code, reason: error.message }, `redis ${purpose} connection error`);
  });
  return redis;
}

/** Waits for pending replies, then closes; drops the socket at once if Redis is not connected. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    // QUIT would sit in the offline queue behind reconnect attempts.
    redis.disconnect();
    return;
  }
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}

/** Runs a command; a failure becomes one clear message ("Redis <purpose> <operation> failed: …"), the cause keeps ioredis's detail. */
export async function runRedis<T>(purpose: string, operation: string, command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Redis ${purpose} ${operation} failed: ${reason}`, { cause: error });
  }
}

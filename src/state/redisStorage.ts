import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { StoreItems } from 'botbuilder';
import type { Redis, RedisOptions } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { ETagConflictError, parseChanges, parseKeys, type ClosableStorage } from './storageContract.js';

/**
 * Each item is a hash { e: eTag, v: JSON of the item including its eTag }, so the
 * eTag compare never has to parse the JSON.
 *
 * READ  KEYS=items, ARGV=[ttlMs]. Returns the JSON (or nil) per key, refreshing each TTL.
 * WRITE KEYS=items, ARGV=[ttlMs, then per key: expected eTag, new eTag, JSON].
 *       Checks every eTag first and writes nothing on a conflict (returns the 1-based
 *       index of the conflicting key); otherwise writes all and returns 0. Lua scripts
 *       run atomically, so two writers holding the same eTag cannot both win.
 */
const READ_LUA = `
local out = {}
for i, key in ipairs(KEYS) do
  local v = redis.call('HGET', key, 'v')
  if v then redis.call('PEXPIRE', key, ARGV[1]) end
  out[i] = v
end
return out`;

const WRITE_LUA = `
for i, key in ipairs(KEYS) do
  local expected = ARGV[i * 3 - 1]
  if expected ~= '' and expected ~= '*' then
    local current = redis.call('HGET', key, 'e')
    if current and current ~= expected then return i end
  end
end
for i, key in ipairs(KEYS) do
  redis.call('HSET', key, 'e', ARGV[i * 3], 'v', ARGV[i * 3 + 1])
  redis.call('PEXPIRE', key, ARGV[1])
end
return 0`;

/** The two scripts as registered with defineCommand (ioredis cannot type custom commands). */
interface StateCommands {
  stateRead(numKeys: number, ...args: (string | number)[]): Promise<(string | null)[]>;
  stateWrite(numKeys: number, ...args: (string | number)[]): Promise<number>;
}

const OptionsSchema = z.object({
  url: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
  idleMs: z.number().int().positive().default(30 * 60_000),
  keyPrefix: z.string().default('recovery-bot:state:'),
  commandTimeoutMs: z.number().int().positive().default(5_000),
  connectTimeoutMs: z.number().int().positive().default(5_000),
});

export interface RedisStorageOptions {
  /** redis:// or rediss:// (TLS) URL, credentials included. Never logged. */
  url: string;
  /** TTL in ms, refreshed on every read and write. Default 30 minutes. */
  idleMs?: number;
  /** Namespace for this bot's keys. Default "recovery-bot:state:". */
  keyPrefix?: string;
  /** A command that gets no reply in this long rejects instead of stalling the turn. Default 5 s. */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  logger: Logger;
}

const require = createRequire(import.meta.url);

/**
 * The ioredis client class, loaded when the first Redis store is made: a bot that keeps
 * its state in memory (the default) never loads the client (a few MB held for nothing).
 */
function redisClass(): typeof Redis {
  return (require('ioredis') as typeof import('ioredis')).Redis;
}

/**
 * botbuilder Storage on a single Redis server (not Cluster: a batch's keys must
 * share one node for the scripts to run atomically).
 */
export class RedisStorage implements ClosableStorage {
  private readonly redis: Redis & StateCommands;
  private readonly ttlMs: number;
  private readonly prefix: string;

  constructor(options: RedisStorageOptions) {
    const parsed = OptionsSchema.safeParse(options);
    if (!parsed.success) {
      // Report paths and messages only: the URL may carry a password.
      const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new TypeError(`RedisStorage: invalid options: ${detail}`);
    }
    const { url, idleMs, keyPrefix, commandTimeoutMs, connectTimeoutMs } = parsed.data;
    this.ttlMs = idleMs;
    this.prefix = keyPrefix;
    const redisOptions: RedisOptions = {
      commandTimeout: commandTimeoutMs,
      connectTimeout: connectTimeoutMs,
      // Fail a turn's storage call quickly while Redis is down instead of queueing it for minutes.
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      scripts: {
        stateRead: { lua: READ_LUA },
        stateWrite: { lua: WRITE_LUA },
      },
    };
    // Safe: the scripts option above registers exactly the commands StateCommands describes.
    const Client = redisClass();
    this.redis = new Client(url, redisOptions) as Redis & StateCommands;
    const logger = options.logger;
    // An 'error' event with no listener would crash a plain EventEmitter; ioredis instead
    // prints raw stacks to stderr. Route them through the logger: kind and reason only.
    this.redis.on('error', (error: Error & { code?: string }) => {
      logger.warn({ code: error.code, reason: error.message }, 'redis state store connection error');
    });
  }

  async read(keys: string[]): Promise<StoreItems> {
    parseKeys('read', keys);
    if (keys.length === 0) return {};
    const values = await this.run('read', () => this.redis.stateRead(keys.length, ...keys.map((k) => this.key(k)), this.ttlMs));
    const result: StoreItems = {};
    keys.forEach((key, i) => {
      const json = values[i];
      if (typeof json === 'string') result[key] = parseStored(json);
    });
    return result;
  }

  /** All changes are written or none (see WRITE_LUA); a stale eTag raises ETagConflictError. */
  async write(changes: StoreItems): Promise<void> {
    const items = parseChanges(changes);
    const keys = Object.keys(items);
    if (keys.length === 0) return;
    const args: (string | number)[] = [this.ttlMs];
    for (const key of keys) {
      const item = items[key] ?? {};
      const eTag = randomUUID();
      args.push(item.eTag ?? '', eTag, JSON.stringify({ ...item, eTag }));
    }
    const conflict = await this.run('write', () =>
      this.redis.stateWrite(keys.length, ...keys.map((k) => this.key(k)), ...args),
    );
    const conflictKey = conflict > 0 ? keys[conflict - 1] : undefined;
    if (conflictKey !== undefined) throw new ETagConflictError(conflictKey);
  }

  async delete(keys: string[]): Promise<void> {
    parseKeys('delete', keys);
    if (keys.length === 0) return;
    await this.run('delete', () => this.redis.del(...keys.map((k) => this.key(k))));
  }

  /** Waits for pending replies, then closes; drops the socket at once if Redis is not connected. */
  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    if (this.redis.status !== 'ready') {
      // QUIT would sit in the offline queue behind reconnect attempts.
      this.redis.disconnect();
      return;
    }
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }

  private key(key: string): string {
    return this.prefix + key;
  }

  /** Turns client failures into one clear message; the cause keeps ioredis's detail. */
  private async run<T>(operation: string, command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Redis state store ${operation} failed: ${reason}`, { cause: error });
    }
  }
}

/** JSON.parse quotes the bad text in its message; state is private, so say only what went wrong. */
function parseStored(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw new Error('Redis state store read failed: a stored item is not valid JSON');
  }
}

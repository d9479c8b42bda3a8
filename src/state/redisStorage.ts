import { randomUUID } from 'node:crypto';
import type { StoreItems } from 'botbuilder';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { closeRedis, connectRedis, REDIS_URL, runRedis } from './redisClient.js';
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
  url: z.string().regex(REDIS_URL, 'must be a redis:// or rediss:// URL'),
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
    this.redis = connectRedis<StateCommands>({
      url,
      commandTimeoutMs,
      connectTimeoutMs,
      scripts: { stateRead: { lua: READ_LUA }, stateWrite: { lua: WRITE_LUA } },
      logger: options.logger,
      purpose: 'state store',
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

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }

  /** Connected and past ioredis's ready check; false while it reconnects (Redis down) and after close. */
  isReady(): boolean {
    return this.redis.status === 'ready';
  }

  private key(key: string): string {
    return this.prefix + key;
  }

  private run<T>(operation: string, command: () => Promise<T>): Promise<T> {
    return runRedis('state store', operation, command);
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

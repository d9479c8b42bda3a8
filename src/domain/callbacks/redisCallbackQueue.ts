import type { Redis } from 'ioredis';
import type { Logger } from '../../logger.js';
import { closeRedis, connectRedis, runRedis } from '../../state/redisClient.js';
import { DEFAULT_MAX_PENDING, QueueFullError, type CallbackStore } from './callbackStore.js';
import { systemClock, type Clock } from './clock.js';
import { CallbackRecord, newCallbackRecord, type NewCallback } from './schema.js';

/**
 * ADD  KEYS=[queue hash], ARGV=[max pending, id, record JSON]. Adds the record unless the
 *      queue already holds `max`; returns 1 when added, 0 when full. Atomic, so two
 *      instances adding at once cannot both pass the limit.
 */
const ADD_LUA = `
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
return 1`;

/**
 * UNREACHABLE  KEYS=[queue hash], ARGV=[id, attempt time]. One more attempt on the record,
 * in Redis, so it cannot bring back a request another instance just marked done.
 * Returns the record's new JSON, or false when there is no such request.
 */
const UNREACHABLE_LUA = `
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then return false end
local record = cjson.decode(json)
record['attempts'] = (tonumber(record['attempts']) or 0) + 1
record['lastAttemptAt'] = ARGV[2]
json = cjson.encode(record)
redis.call('HSET', KEYS[1], ARGV[1], json)
return json`;

interface QueueCommands {
  callbackAdd(numKeys: number, ...args: (string | number)[]): Promise<number>;
  callbackUnreachable(numKeys: number, ...args: (string | number)[]): Promise<string | null>;
}

export interface RedisCallbackQueueOptions {
  /** redis:// or rediss:// URL (STATE_STORE), credentials included. Never logged. */
  url: string;
  logger: Logger;
  clock?: Clock;
  maxPending?: number;
  /** The hash that holds the queue. Default "recovery-bot:callbacks". */
  key?: string;
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
}

const PURPOSE = 'callback queue';

/**
 * The callback queue in Redis, for several bot instances sharing STATE_STORE: a request
 * saved through one instance is listed, and can be marked done, through any other.
 * One hash, request id → the record's JSON. Records have no expiry of their own: the
 * retention purge (every instance runs it; deleting is idempotent) removes old ones.
 * A request is acknowledged once Redis has it, so Redis needs persistence (AOF) for a
 * restart not to lose requests (see the README).
 */
export class RedisCallbackQueue implements CallbackStore {
  private readonly redis: Redis & QueueCommands;
  private readonly key: string;
  private readonly clock: Clock;
  private readonly maxPending: number;
  private readonly logger: Logger;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(options: RedisCallbackQueueOptions) {
    this.key = options.key ?? 'recovery-bot:callbacks';
    this.clock = options.clock ?? systemClock;
    this.maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
    this.logger = options.logger;
    this.redis = connectRedis<QueueCommands>({
      url: options.url,
      commandTimeoutMs: options.commandTimeoutMs ?? 5_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
      scripts: { callbackAdd: { lua: ADD_LUA }, callbackUnreachable: { lua: UNREACHABLE_LUA } },
      logger: options.logger,
      purpose: PURPOSE,
    });
  }

  async add(request: NewCallback): Promise<CallbackRecord> {
    const record = newCallbackRecord(request, this.clock());
    const added = await this.track('add', () => this.redis.callbackAdd(1, this.key, this.maxPending, record.id, JSON.stringify(record)));
    if (added !== 1) throw new QueueFullError(`the callback queue holds ${this.maxPending} requests`);
    return record;
  }

  async pending(): Promise<CallbackRecord[]> {
    const values = await this.track('read', () => this.redis.hvals(this.key));
    const records: CallbackRecord[] = [];
    let unreadable = 0;
    for (const json of values) {
      const record = parseRecord(json);
      if (record) records.push(record);
      else unreadable++;
    }
    // Kept in Redis for someone to look at; never the contents in the log (they hold phone numbers).
    if (unreadable > 0) this.logger.error({ event: 'callbacks_unreadable', count: unreadable }, 'callback requests in Redis that are not valid records were skipped');
    return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async count(): Promise<number> {
    return this.track('read', () => this.redis.hlen(this.key));
  }

  async markDone(id: string): Promise<boolean> {
    return (await this.track('delete', () => this.redis.hdel(this.key, id))) === 1;
  }

  async markUnreachable(id: string, at: Date): Promise<CallbackRecord | undefined> {
    const json = await this.track('update', () => this.redis.callbackUnreachable(1, this.key, id, at.toISOString()));
    return json === null ? undefined : parseRecord(json);
  }

  async purgeCreatedBefore(cutoff: Date): Promise<number> {
    const old = (await this.pending()).filter((r) => Date.parse(r.createdAt) < cutoff.getTime()).map((r) => r.id);
    if (old.length === 0) return 0;
    return this.track('delete', () => this.redis.hdel(this.key, ...old));
  }

  async idle(): Promise<void> {
    await Promise.allSettled(this.inFlight);
  }

  async close(): Promise<void> {
    await this.idle();
    await closeRedis(this.redis);
  }

  /** Runs a command with one clear error message, and remembers it until it settles (for idle()). */
  private track<T>(operation: string, command: () => Promise<T>): Promise<T> {
    const running = runRedis(PURPOSE, operation, command);
    this.inFlight.add(running);
    void running.then(
      () => this.inFlight.delete(running),
      () => this.inFlight.delete(running),
    );
    return running;
  }
}

function parseRecord(json: string): CallbackRecord | undefined {
  try {
    const parsed = CallbackRecord.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

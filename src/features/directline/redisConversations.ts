import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { closeRedis, connectRedis } from '../../state/redisClient.js';
import type { ActivitySet, ConversationLimits, StreamListener, WireActivity } from './conversationStore.js';
import type { DirectLineConversation, DirectLineConversations } from './conversations.js';

/**
 * The web chat's Direct Line conversations in Redis, so several instances behind a load
 * balancer with no sticky sessions serve one conversation: a message posted through one
 * instance, the bot's reply received by another, the WebSocket open on a third.
 *
 * Per conversation (prefix `recovery-bot:dl:`):
 *   c:<id>  hash  user, seq (last activity number), bytes (JSON kept in the log)
 *   l:<id>  stream  one entry per kept activity, id `0-<seq>`, the activity's JSON
 *   p:<id>  pub/sub channel  `<seq> <json>` for each new activity, to whichever instance
 *           holds a reader's WebSocket
 *   t:<id>  the turn lock, so turns run one after another across instances
 * and `open`, a sorted set of conversation ids by the time they go idle, which counts the
 * conversations against maxConversations. Keys expire after the idle time; an instance
 * with an open stream on a conversation keeps it alive, as the memory store does.
 *
 * Caps as in memory: maxActivities per conversation, maxConversations in all (a full
 * table refuses newcomers, never ends a live chat). The byte bound is per conversation
 * here (Redis, not this heap, holds the logs): the oldest activities go first, the newest
 * one always stays.
 */

const PREFIX = 'recovery-bot:dl:';
const OPEN_SET = `${PREFIX}open`;
const TOKEN_SECRET_KEY = `${PREFIX}token-secret`;
const keys = (id: string) => ({ meta: `${PREFIX}c:${id}`, log: `${PREFIX}l:${id}`, channel: `${PREFIX}p:${id}`, lock: `${PREFIX}t:${id}` });

/** OPEN KEYS=[meta, open set] ARGV=[id, user, now, idleMs, max] → {1 created | 0 existed | -1 full, user}. */
const OPEN_LUA = `
local expires = tonumber(ARGV[3]) + tonumber(ARGV[4])
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  redis.call('ZADD', KEYS[2], expires, ARGV[1])
  return {0, redis.call('HGET', KEYS[1], 'user')}
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return {-1, ''} end
redis.call('HSET', KEYS[1], 'user', ARGV[2], 'seq', 0, 'bytes', 0)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], expires, ARGV[1])
return {1, ARGV[2]}`;

/** TOUCH KEYS=[meta, log, open set] ARGV=[id, now, idleMs] → the user id, or false when gone. */
const TOUCH_LUA = `
local user = redis.call('HGET', KEYS[1], 'user')
if not user then
  redis.call('ZREM', KEYS[3], ARGV[1])
  return false
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[3], tonumber(ARGV[2]) + tonumber(ARGV[3]), ARGV[1])
return user`;

/**
 * APPEND KEYS=[meta, log, open set] ARGV=[id, now, idleMs, maxActivities, maxBytes, json, channel]
 * → the activity's seq, or 0 when the conversation is gone. Numbers, stores, trims and
 * publishes in one step, so every reader sees activities in one order with no gaps.
 */
const APPEND_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
local bytes = redis.call('HINCRBY', KEYS[1], 'bytes', #ARGV[6])
redis.call('XADD', KEYS[2], '0-' .. seq, 'a', ARGV[6])
local length = redis.call('XLEN', KEYS[2])
while length > 1 and (length > tonumber(ARGV[4]) or bytes > tonumber(ARGV[5])) do
  local oldest = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)[1]
  redis.call('XDEL', KEYS[2], oldest[1])
  bytes = redis.call('HINCRBY', KEYS[1], 'bytes', -#oldest[2][2])
  length = length - 1
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[3], tonumber(ARGV[2]) + tonumber(ARGV[3]), ARGV[1])
redis.call('PUBLISH', ARGV[7], seq .. ' ' .. ARGV[6])
return seq`;

/** ROOM KEYS=[open set] ARGV=[now, max] → {room 1|0, soonest expiry or -1}. */
const ROOM_LUA = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local count = redis.call('ZCARD', KEYS[1])
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local soonest = -1
if first[2] then soonest = tonumber(first[2]) end
if count < tonumber(ARGV[2]) then return {1, soonest} end
return {0, soonest}`;

/** UNLOCK KEYS=[lock] ARGV=[owner]: deletes the lock only if this turn still holds it. */
const UNLOCK_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

interface Commands {
  dlOpen(numKeys: number, ...args: (string | number)[]): Promise<[number, string]>;
  dlTouch(numKeys: number, ...args: (string | number)[]): Promise<string | null>;
  dlAppend(numKeys: number, ...args: (string | number)[]): Promise<number>;
  dlRoom(numKeys: number, ...args: (string | number)[]): Promise<[number, string | number]>;
  dlUnlock(numKeys: number, ...args: (string | number)[]): Promise<number>;
}

export interface RedisConversationsOptions {
  url: string;
  limits: ConversationLimits;
  /** Bytes of activity JSON kept per conversation; the newest activity always stays. Default 64 KB. */
  maxLogBytesPerConversation?: number;
  logger: Logger;
  /**
   * A turn waits at most this long for the one before it on another instance, and a lock left
   * by an instance that died mid-turn expires after it. Default 10 s: under REQUEST_TIMEOUT_MS,
   * so the person's next message after a crash is answered, not timed out.
   */
  turnLockMs?: number;
  /** Told how long each Redis call took (the state-store latency metric). */
  observe?: (operation: string, seconds: number) => void;
}

const PURPOSE = 'web chat conversations';
/** How often a waiting turn asks again for the lock held on another instance. */
const LOCK_POLL_MS = 5;

/** One reader of a conversation on this instance (a WebSocket). */
interface Reader {
  /** The last activity number it was sent. */
  sent: number;
  listener: StreamListener;
  /** Messages that came while its backlog was read; then each message in order. */
  chain: Promise<void>;
  closed: boolean;
}

export class RedisConversations implements DirectLineConversations {
  readonly kind = 'redis';
  private readonly redis: Redis & Commands;
  /** A connection in subscriber mode receives only published messages. */
  private readonly subscriber: Redis;
  private readonly readers = new Map<string, Set<Reader>>();
  /** SUBSCRIBE in progress or done per channel, so a second reader waits for the first one's. */
  private readonly subscriptions = new Map<string, Promise<unknown>>();
  /** Local turn chains, so this instance asks for the lock once per turn, in order. */
  private readonly turnChains = new Map<string, Promise<void>>();
  private readonly keepAlive: NodeJS.Timeout;
  private readonly now: () => number;
  private readonly maxBytes: number;
  private readonly lockMs: number;

  constructor(private readonly options: RedisConversationsOptions) {
    this.now = options.limits.now ?? Date.now;
    this.maxBytes = options.maxLogBytesPerConversation ?? 64 * 1024;
    this.lockMs = options.turnLockMs ?? 10_000;
    const connection = { url: options.url, commandTimeoutMs: 5_000, connectTimeoutMs: 5_000, logger: options.logger, purpose: PURPOSE };
    this.redis = connectRedis<Commands>({
      ...connection,
      scripts: {
        dlOpen: { lua: OPEN_LUA },
        dlTouch: { lua: TOUCH_LUA },
        dlAppend: { lua: APPEND_LUA },
        dlRoom: { lua: ROOM_LUA },
        dlUnlock: { lua: UNLOCK_LUA },
      },
    });
    // A connection in subscriber mode only (un)subscribes; its own commands answer at once.
    this.subscriber = connectRedis<object>({ ...connection, scripts: {} });
    this.subscriber.on('message', (channel: string, message: string) => this.published(channel, message));
    // A stream open on this instance keeps its conversation from expiring (Web Chat's pings
    // touch it too; this covers a quiet reader), and finds conversations that are gone.
    const every = Math.max(1000, Math.min(60_000, options.limits.idleMs / 4));
    this.keepAlive = setInterval(() => void this.refreshReaders(), every);
    this.keepAlive.unref();
  }

  /**
   * The secret that signs Direct Line tokens, shared by every instance: a token from one
   * is accepted by all. Made once (SET NX) by whichever instance asks first, when
   * DIRECT_LINE_TOKEN_SECRET is not set.
   */
  async sharedTokenSecret(): Promise<string> {
    await this.redis.set(TOKEN_SECRET_KEY, randomBytes(32).toString('base64url'), 'NX');
    const secret = await this.redis.get(TOKEN_SECRET_KEY);
    if (!secret) throw new Error('the shared Direct Line token secret could not be read from Redis');
    return secret;
  }

  async open(id: string, userId: string): Promise<{ conversation: DirectLineConversation; created: boolean } | undefined> {
    const k = keys(id);
    const { idleMs, maxConversations } = this.options.limits;
    const [status, user] = await this.timed('open', () => this.redis.dlOpen(2, k.meta, OPEN_SET, id, userId, this.now(), idleMs, maxConversations));
    if (status === -1) return undefined;
    return { conversation: this.handle(id, user), created: status === 1 };
  }

  async get(id: string): Promise<DirectLineConversation | undefined> {
    const user = await this.touchNow(id);
    return user === null ? undefined : this.handle(id, user);
  }

  async hasRoom(): Promise<boolean> {
    const [room] = await this.timed('room', () => this.redis.dlRoom(1, OPEN_SET, this.now(), this.options.limits.maxConversations));
    return room === 1;
  }

  async secondsUntilRoom(): Promise<number> {
    const [, soonest] = await this.timed('room', () => this.redis.dlRoom(1, OPEN_SET, this.now(), this.options.limits.maxConversations));
    const at = Number(soonest);
    const wait = at < 0 ? this.options.limits.idleMs : at - this.now();
    return Math.max(1, Math.ceil(wait / 1000));
  }

  async close(): Promise<void> {
    clearInterval(this.keepAlive);
    for (const [id, set] of this.readers) {
      for (const reader of set) this.endReader(id, reader);
    }
    this.readers.clear();
    await Promise.allSettled(this.turnChains.values());
    await closeRedis(this.subscriber);
    await closeRedis(this.redis);
  }

  private touchNow(id: string): Promise<string | null> {
    const k = keys(id);
    return this.timed('touch', () => this.redis.dlTouch(3, k.meta, k.log, OPEN_SET, id, this.now(), this.options.limits.idleMs));
  }

  private handle(id: string, userId: string): DirectLineConversation {
    return {
      id,
      userId,
      append: (activity, timestamp) => this.append(id, activity, timestamp),
      after: (watermark) => this.after(id, watermark),
      stream: (watermark, listener) => this.stream(id, watermark, listener),
      touch: () => void this.touchNow(id).catch(() => undefined),
      enqueueTurn: (turn) => this.enqueueTurn(id, turn),
    };
  }

  private async append(id: string, activity: Record<string, unknown> & { type: string }, timestamp: Date): Promise<WireActivity> {
    const k = keys(id);
    // Stored without its id: the id holds the number Redis gives it (`<conversation>|<seq>`).
    const body = { ...activity, timestamp: timestamp.toISOString(), conversation: { id } };
    const json = JSON.stringify(body);
    const { idleMs, maxActivities } = this.options.limits;
    const seq = await this.timed('append', () => this.redis.dlAppend(3, k.meta, k.log, OPEN_SET, id, this.now(), idleMs, maxActivities, this.maxBytes, json, k.channel));
    // Gone (expired between the request's check and now): like memory, the activity is not kept.
    return { ...body, id: activityId(id, seq) };
  }

  private async after(id: string, watermark: number | undefined): Promise<ActivitySet> {
    const k = keys(id);
    const from = watermark ?? 0;
    const [seqReply, rangeReply] = await this.timed('read', async () => {
      const replies = (await this.redis.multi().hget(k.meta, 'seq').xrange(k.log, `0-${from + 1}`, '+').exec()) ?? [];
      for (const [error] of replies) if (error) throw error;
      return [replies[0]?.[1], replies[1]?.[1]] as [string | null | undefined, Array<[string, string[]]> | undefined];
    });
    const activities: WireActivity[] = [];
    let last = Math.max(from, Number(seqReply ?? 0));
    for (const [entryId, fields] of rangeReply ?? []) {
      const seq = Number(entryId.split('-')[1]);
      const json = fields[1];
      if (json === undefined || !Number.isFinite(seq)) continue;
      activities.push(wire(id, seq, json));
      last = Math.max(last, seq);
    }
    return { activities, watermark: String(last) };
  }

  private async stream(id: string, watermark: number | undefined, listener: StreamListener): Promise<() => void> {
    // Deliveries wait on this gate until the backlog is sent. (The chain used to be replaced by
    // the backlog's read after the reader was listed: an activity published while subscribing
    // went out on the old chain and again in the backlog, so a stream could get it twice.)
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const reader: Reader = { sent: watermark ?? 0, listener, chain: gate, closed: false };
    let set = this.readers.get(id);
    if (!set) {
      set = new Set();
      this.readers.set(id, set);
      this.subscriptions.set(id, this.subscriber.subscribe(keys(id).channel));
    }
    set.add(reader);
    // Subscribed before the backlog is read: what is published meanwhile waits behind the
    // gate and is sent after it, skipping what the backlog already had (deliver's seq check).
    try {
      await this.subscriptions.get(id);
      const backlog = await this.after(id, watermark);
      if (!reader.closed) {
        if (backlog.activities.length > 0) listener.onActivities(backlog);
        reader.sent = Math.max(reader.sent, Number(backlog.watermark));
      }
    } catch {
      this.endReader(id, reader);
    } finally {
      openGate();
    }
    return () => {
      this.removeReader(id, reader);
      void this.touchNow(id).catch(() => undefined);
    };
  }

  /** A published activity, for every reader of its conversation on this instance. */
  private published(channel: string, message: string): void {
    const id = channel.slice(`${PREFIX}p:`.length);
    const space = message.indexOf(' ');
    const seq = Number(message.slice(0, space));
    const json = message.slice(space + 1);
    for (const reader of this.readers.get(id) ?? []) {
      reader.chain = reader.chain.then(() => this.deliver(id, reader, seq, json)).catch(() => this.endReader(id, reader));
    }
  }

  private async deliver(id: string, reader: Reader, seq: number, json: string): Promise<void> {
    if (reader.closed || seq <= reader.sent) return;
    if (seq === reader.sent + 1) {
      reader.sent = seq;
      reader.listener.onActivities({ activities: [wire(id, seq, json)], watermark: String(seq) });
      return;
    }
    // A gap (the subscriber reconnected and missed some): read them from the log.
    const missed = await this.after(id, reader.sent);
    if (reader.closed) return;
    const fresh = missed.activities.filter((a) => seqOf(a.id) > reader.sent);
    if (fresh.length > 0) reader.listener.onActivities({ activities: fresh, watermark: missed.watermark });
    reader.sent = Math.max(reader.sent, Number(missed.watermark));
  }

  private removeReader(id: string, reader: Reader): void {
    reader.closed = true;
    const set = this.readers.get(id);
    if (!set) return;
    set.delete(reader);
    if (set.size === 0) {
      this.readers.delete(id);
      this.subscriptions.delete(id);
      void this.subscriber.unsubscribe(keys(id).channel).catch(() => undefined);
    }
  }

  private endReader(id: string, reader: Reader): void {
    if (reader.closed) return;
    this.removeReader(id, reader);
    reader.listener.onEnd();
  }

  private async refreshReaders(): Promise<void> {
    // Deleting from a Map or Set while iterating it is safe in JavaScript: no copies needed.
    for (const [id, set] of this.readers) {
      try {
        if ((await this.touchNow(id)) !== null) continue;
        for (const reader of set) this.endReader(id, reader);
      } catch {
        // Redis unreachable: try again next time; the readers stay open.
      }
    }
  }

  /**
   * Turns of one conversation run one at a time across every instance: in order on this
   * one (a local chain), and under a Redis lock against the others. The lock expires on
   * its own if its instance dies mid-turn; a turn that cannot get it in turnLockMs runs anyway
   * (state's eTags still keep two writers from overwriting each other).
   */
  private enqueueTurn(id: string, turn: () => Promise<void>): Promise<void> {
    const before = this.turnChains.get(id) ?? Promise.resolve();
    const run = before.then(() => this.underLock(id, turn));
    const settled = run.catch(() => undefined);
    this.turnChains.set(id, settled);
    void settled.then(() => {
      if (this.turnChains.get(id) === settled) this.turnChains.delete(id);
    });
    return run;
  }

  private async underLock(id: string, turn: () => Promise<void>): Promise<void> {
    const lock = keys(id).lock;
    const owner = randomBytes(9).toString('base64url');
    const deadline = this.now() + this.lockMs;
    let held = false;
    for (;;) {
      held = (await this.timed('lock', () => this.redis.set(lock, owner, 'PX', this.lockMs, 'NX'))) === 'OK';
      if (held || this.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
    try {
      await turn();
    } finally {
      if (held) await this.redis.dlUnlock(1, lock, owner).catch(() => undefined);
    }
  }

  private async timed<T>(operation: string, command: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await command();
    } finally {
      this.options.observe?.(operation, (performance.now() - started) / 1000);
    }
  }
}

const activityId = (id: string, seq: number): string => `${id}|${String(seq).padStart(7, '0')}`;
const seqOf = (activityIdValue: string): number => Number(activityIdValue.slice(activityIdValue.lastIndexOf('|') + 1));

function wire(id: string, seq: number, json: string): WireActivity {
  return { ...(JSON.parse(json) as Record<string, unknown> & { type: string }), id: activityId(id, seq) };
}

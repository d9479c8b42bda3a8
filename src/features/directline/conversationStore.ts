/**
 * The open Direct Line conversations, in memory only. Each keeps the activity log the
 * client still needs (for polling and reconnect with a watermark), bounded in length,
 * and all logs together are bounded in bytes; an idle conversation expires and its log
 * is dropped. Nothing is written to disk.
 */

/** An activity as the client sees it: JSON with the id and timestamp we assigned. */
export type WireActivity = Record<string, unknown> & { id: string; type: string };

export interface ActivitySet {
  activities: WireActivity[];
  watermark: string;
}

export type StreamListener = {
  /** New activities after the listener's watermark. */
  onActivities(set: ActivitySet): void;
  /** The conversation expired or was evicted. */
  onEnd(): void;
};

export interface ConversationLimits {
  /**
   * Conversations kept at once. When full, idle ones are dropped to make room; if none is
   * idle, a new conversation is refused. A live conversation is never evicted: else anyone
   * who opens enough chats ends other people's.
   */
  maxConversations: number;
  /** A conversation with no request, message or open stream for this long expires. */
  idleMs: number;
  /** Activities kept per conversation; older ones fall off (watermarks stay monotonic). */
  maxActivities: number;
  /**
   * Bytes of activity JSON kept across all logs. Beyond it the least recently used
   * conversations lose their oldest activities first (a reload there replays less);
   * the one being written keeps at least its newest activity. Default: no bound.
   */
  maxLogBytes?: number;
  now?: () => number;
}

/** Told how many bytes a conversation's log grew (or shrank, negative). */
type LogSizeListener = (conversation: Conversation, delta: number) => void;

export class Conversation {
  /** Activities as JSON: a copy nobody can mutate, and a third of the heap the objects took. */
  private log: Array<{ seq: number; json: string }> = [];
  private bytes = 0;
  private seq = 0;
  private readonly listeners = new Set<StreamListener>();
  private turns: Promise<void> = Promise.resolve();
  lastSeen: number;
  ended = false;

  constructor(
    readonly id: string,
    readonly userId: string,
    private readonly maxActivities: number,
    now: number,
    private readonly onLogSize?: LogSizeListener,
  ) {
    this.lastSeen = now;
  }

  /** Bytes of JSON in the kept log. */
  get logBytes(): number {
    return this.bytes;
  }

  /** Activities in the kept log. */
  get logLength(): number {
    return this.log.length;
  }

  /** Gives the activity its Direct Line id (`<conversation>|<seq>`) and timestamp, stores it, streams it. */
  append(activity: Record<string, unknown> & { type: string }, timestamp: Date): WireActivity {
    this.seq += 1;
    const stored: WireActivity = {
      ...activity,
      id: `${this.id}|${String(this.seq).padStart(7, '0')}`,
      timestamp: timestamp.toISOString(),
      conversation: { id: this.id },
    };
    // An ended conversation keeps no log (nothing can read it, and the store no longer counts it).
    if (!this.ended) {
      const json = JSON.stringify(stored);
      this.log.push({ seq: this.seq, json });
      this.bytes += json.length;
      this.onLogSize?.(this, json.length);
      if (this.log.length > this.maxActivities) this.dropOldest(this.log.length - this.maxActivities);
    }
    const set: ActivitySet = { activities: [stored], watermark: String(this.seq) };
    for (const listener of this.listeners) listener.onActivities(set);
    return stored;
  }

  /** Activities after the watermark (all kept ones when it is undefined). */
  after(watermark: number | undefined): ActivitySet {
    const from = watermark ?? 0;
    return {
      activities: this.log.filter((entry) => entry.seq > from).map((entry) => JSON.parse(entry.json) as WireActivity),
      watermark: String(Math.max(from, this.seq)),
    };
  }

  /** Drops the oldest `count` kept activities (watermarks do not change); returns the bytes freed. */
  dropOldest(count: number): number {
    const dropped = this.log.splice(0, count);
    const freed = dropped.reduce((sum, entry) => sum + entry.json.length, 0);
    this.bytes -= freed;
    if (freed > 0) this.onLogSize?.(this, -freed);
    return freed;
  }

  get watermark(): number {
    return this.seq;
  }

  get streams(): number {
    return this.listeners.size;
  }

  subscribe(listener: StreamListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs bot turns one after another: a conversation's turns share state (with eTags),
   * and the bot must see messages in the order they were sent.
   */
  enqueueTurn(turn: () => Promise<void>): Promise<void> {
    const run = this.turns.then(turn, turn);
    this.turns = run.catch(() => undefined);
    return run;
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.dropOldest(this.log.length);
    for (const listener of this.listeners) listener.onEnd();
    this.listeners.clear();
  }
}

/**
 * The table is a Map in recency order kept by hand, not an lru-cache: its bounds are not
 * "drop the least recently used". A full table drops only idle conversations (none with
 * an open stream) and otherwise refuses the newcomer, the byte bound empties old logs but
 * keeps their conversations open, and the sweep skips streaming ones. lru-cache evicts
 * whatever is least recently used, with no way to pass over a live chat.
 */
export class ConversationStore {
  private readonly conversations = new Map<string, Conversation>();
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;
  private logBytes = 0;
  private trimming = false;

  constructor(private readonly limits: ConversationLimits) {
    this.now = limits.now ?? Date.now;
    this.sweeper = setInterval(() => this.sweep(), Math.max(1000, Math.min(60_000, limits.idleMs / 4)));
    this.sweeper.unref();
  }

  get size(): number {
    return this.conversations.size;
  }

  /** Bytes of activity JSON kept across all conversations' logs. */
  get totalLogBytes(): number {
    return this.logBytes;
  }

  /**
   * Opens a conversation (or returns the open one with this id). `created` tells which.
   * Undefined when the table is full of live conversations (see `hasRoom`).
   */
  open(id: string, userId: string): { conversation: Conversation; created: boolean } | undefined {
    const existing = this.get(id);
    if (existing) return { conversation: existing, created: false };
    if (!this.hasRoom()) return undefined;
    const conversation = new Conversation(id, userId, this.limits.maxActivities, this.now(), (c, delta) => this.logSizeChanged(c, delta));
    this.conversations.set(id, conversation);
    return { conversation, created: true };
  }

  /** The open conversation, marked as used now; undefined when unknown or expired. */
  get(id: string): Conversation | undefined {
    const conversation = this.conversations.get(id);
    if (!conversation) return undefined;
    if (this.isIdle(conversation)) {
      this.drop(conversation);
      return undefined;
    }
    this.touch(conversation);
    return conversation;
  }

  /** Whether a new conversation can be opened now; when full, idle ones are dropped first. */
  hasRoom(): boolean {
    if (this.conversations.size < this.limits.maxConversations) return true;
    this.sweep();
    return this.conversations.size < this.limits.maxConversations;
  }

  /**
   * Seconds until the full table can next have room: the soonest a conversation without
   * an open stream goes idle. No conversation ends sooner (nothing else ends them), so
   * asking earlier is pointless. With a stream on every one, a whole idle period.
   */
  secondsUntilRoom(): number {
    const now = this.now();
    let soonest = this.limits.idleMs;
    // In order of last use (see sweep), the first without a stream is the soonest to go idle.
    for (const conversation of this.conversations.values()) {
      if (conversation.streams > 0) continue;
      soonest = conversation.lastSeen + this.limits.idleMs - now;
      break;
    }
    return Math.max(1, Math.ceil(soonest / 1000));
  }

  /** Marks a conversation as used: it moves to the back of the order logs are trimmed in. */
  touch(conversation: Conversation): void {
    conversation.lastSeen = this.now();
    if (this.conversations.get(conversation.id) === conversation) {
      this.conversations.delete(conversation.id);
      this.conversations.set(conversation.id, conversation);
    }
  }

  /**
   * Drops idle conversations (and their logs). The table is in order of last use (`touch`
   * moves a conversation to the back), so the walk stops at the first one used within the
   * idle time: a full table's sweep, run for every refused newcomer, costs the idle ones and
   * the open streams ahead of that one, not a walk over every conversation.
   */
  sweep(): void {
    const now = this.now();
    for (const conversation of this.conversations.values()) {
      if (now - conversation.lastSeen < this.limits.idleMs) return;
      if (conversation.streams === 0) this.drop(conversation);
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const conversation of this.conversations.values()) this.drop(conversation);
  }

  /** Keeps all logs within maxLogBytes: oldest activities of the least recently used conversations go first. */
  private logSizeChanged(writer: Conversation, delta: number): void {
    this.logBytes += delta;
    const max = this.limits.maxLogBytes;
    if (max === undefined || delta <= 0 || this.logBytes <= max || this.trimming) return;
    this.trimming = true;
    try {
      for (const conversation of this.conversations.values()) {
        if (this.logBytes <= max) return;
        if (conversation !== writer) conversation.dropOldest(conversation.logLength);
      }
      // Only the writer is left over budget: keep its newest activity.
      if (this.logBytes > max) writer.dropOldest(writer.logLength - 1);
    } finally {
      this.trimming = false;
    }
  }

  private isIdle(conversation: Conversation): boolean {
    // An open stream is a live reader (Web Chat pings it), so it keeps the conversation.
    return conversation.streams === 0 && this.now() - conversation.lastSeen >= this.limits.idleMs;
  }

  private drop(conversation: Conversation): void {
    this.conversations.delete(conversation.id);
    conversation.end();
  }
}

/**
 * The open Direct Line conversations, in memory only. Each keeps the activity log the
 * client still needs (for polling and reconnect with a watermark), bounded in length;
 * an idle conversation expires and its log is dropped. Nothing is written to disk.
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
  /** Conversations kept at once; the least recently used is dropped beyond it. */
  maxConversations: number;
  /** A conversation with no request, message or open stream for this long expires. */
  idleMs: number;
  /** Activities kept per conversation; older ones fall off (watermarks stay monotonic). */
  maxActivities: number;
  now?: () => number;
}

export class Conversation {
  private log: Array<{ seq: number; activity: WireActivity }> = [];
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
  ) {
    this.lastSeen = now;
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
    this.log.push({ seq: this.seq, activity: stored });
    if (this.log.length > this.maxActivities) this.log.splice(0, this.log.length - this.maxActivities);
    const set: ActivitySet = { activities: [stored], watermark: String(this.seq) };
    for (const listener of this.listeners) listener.onActivities(set);
    return stored;
  }

  /** Activities after the watermark (all kept ones when it is undefined). */
  after(watermark: number | undefined): ActivitySet {
    const from = watermark ?? 0;
    return {
      activities: this.log.filter((entry) => entry.seq > from).map((entry) => entry.activity),
      watermark: String(Math.max(from, this.seq)),
    };
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
    this.log = [];
    for (const listener of this.listeners) listener.onEnd();
    this.listeners.clear();
  }
}

export class ConversationStore {
  private readonly conversations = new Map<string, Conversation>();
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly limits: ConversationLimits) {
    this.now = limits.now ?? Date.now;
    this.sweeper = setInterval(() => this.sweep(), Math.max(1000, Math.min(60_000, limits.idleMs / 4)));
    this.sweeper.unref();
  }

  get size(): number {
    return this.conversations.size;
  }

  /** Opens a conversation (or returns the open one with this id). `created` tells which. */
  open(id: string, userId: string): { conversation: Conversation; created: boolean } {
    const existing = this.get(id);
    if (existing) return { conversation: existing, created: false };
    this.sweep();
    while (this.conversations.size >= this.limits.maxConversations) {
      const oldest = this.conversations.values().next().value;
      if (!oldest) break;
      this.drop(oldest);
    }
    const conversation = new Conversation(id, userId, this.limits.maxActivities, this.now());
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

  /** Marks a conversation as used: it moves to the back of the eviction order. */
  touch(conversation: Conversation): void {
    conversation.lastSeen = this.now();
    if (this.conversations.get(conversation.id) === conversation) {
      this.conversations.delete(conversation.id);
      this.conversations.set(conversation.id, conversation);
    }
  }

  /** Drops idle conversations (and their logs). */
  sweep(): void {
    for (const conversation of this.conversations.values()) {
      if (this.isIdle(conversation)) this.drop(conversation);
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const conversation of this.conversations.values()) this.drop(conversation);
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

import { ConversationStore, type ActivitySet, type Conversation, type ConversationLimits, type StreamListener, type WireActivity } from './conversationStore.js';

/**
 * The open web chat conversations as the Direct Line routes and the stream use them, kept
 * in this process (one instance, the default) or in Redis (several instances behind a load
 * balancer with no sticky sessions: redisConversations.ts). Every operation is async so the
 * routes do not care which.
 */
export interface DirectLineConversation {
  readonly id: string;
  readonly userId: string;
  /** Gives the activity its Direct Line id and timestamp, stores it and streams it to every reader, on any instance. */
  append(activity: Record<string, unknown> & { type: string }, timestamp: Date): Promise<WireActivity>;
  /** Kept activities after the watermark (all kept ones when undefined). */
  after(watermark: number | undefined): Promise<ActivitySet>;
  /**
   * A reader from `watermark` on: the kept backlog first (when there is one), then each new
   * activity once, in order. Resolves with the function that stops it. `onEnd` when the
   * conversation expires or is dropped.
   */
  stream(watermark: number | undefined, listener: StreamListener): Promise<() => void>;
  /** Marks the conversation used (a stream's ping): it does not go idle. */
  touch(): void;
  /** Runs bot turns one after another, in the order they came (across instances with Redis). */
  enqueueTurn(turn: () => Promise<void>): Promise<void>;
}

export interface DirectLineConversations {
  readonly kind: 'memory' | 'redis';
  /** Opens a conversation (or returns the open one with this id); undefined when full of live conversations. */
  open(id: string, userId: string): Promise<{ conversation: DirectLineConversation; created: boolean } | undefined>;
  /** The open conversation, marked as used; undefined when unknown or expired. */
  get(id: string): Promise<DirectLineConversation | undefined>;
  /** Whether a new conversation can be opened now. */
  hasRoom(): Promise<boolean>;
  /** Seconds until a full table can next have room (Retry-After). */
  secondsUntilRoom(): Promise<number>;
  close(): Promise<void>;
}

/** The memory store (conversationStore.ts) behind the async interface: one instance only. */
export class MemoryConversations implements DirectLineConversations {
  readonly kind = 'memory';
  readonly store: ConversationStore;

  constructor(limits: ConversationLimits) {
    this.store = new ConversationStore(limits);
  }

  async open(id: string, userId: string): Promise<{ conversation: DirectLineConversation; created: boolean } | undefined> {
    const opened = this.store.open(id, userId);
    return opened && { conversation: this.wrap(opened.conversation), created: opened.created };
  }

  async get(id: string): Promise<DirectLineConversation | undefined> {
    const conversation = this.store.get(id);
    return conversation && this.wrap(conversation);
  }

  async hasRoom(): Promise<boolean> {
    return this.store.hasRoom();
  }

  async secondsUntilRoom(): Promise<number> {
    return this.store.secondsUntilRoom();
  }

  async close(): Promise<void> {
    this.store.close();
  }

  private wrap(conversation: Conversation): DirectLineConversation {
    const store = this.store;
    return {
      id: conversation.id,
      userId: conversation.userId,
      append: async (activity, timestamp) => conversation.append(activity, timestamp),
      after: async (watermark) => conversation.after(watermark),
      async stream(watermark, listener) {
        if (conversation.ended) {
          listener.onEnd();
          return () => undefined;
        }
        const backlog = conversation.after(watermark);
        if (backlog.activities.length > 0) listener.onActivities(backlog);
        const unsubscribe = conversation.subscribe(listener);
        return () => {
          unsubscribe();
          store.touch(conversation);
        };
      },
      touch: () => store.touch(conversation),
      enqueueTurn: (turn) => conversation.enqueueTurn(turn),
    };
  }
}

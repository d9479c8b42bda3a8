import { Low } from 'lowdb';
import { systemClock, type Clock } from './clock.js';
import { DurableJsonFile } from './durableJsonFile.js';
import { DEFAULT_MAX_PENDING, QueueFullError, type CallbackStore } from './callbackStore.js';
import { emptyQueue, newCallbackRecord, QueueFile, type CallbackRecord, type NewCallback } from './schema.js';

export interface CallbackQueueOptions {
  clock?: Clock;
  maxPending?: number;
}

/**
 * The callback queue: a lowdb JSON file written durably (see DurableJsonFile).
 *
 * Every change goes through one in-process chain, so concurrent requests never write
 * over each other, and a change is visible (and acknowledged) only after its write is
 * durable. One process owns the file: instances that share nothing each need their own path.
 */
export class CallbackQueue implements CallbackStore {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly clock: Clock;
  private readonly maxPending: number;

  private constructor(
    private readonly db: Low<QueueFile>,
    options: CallbackQueueOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
  }

  /** Opens (never creates) the file. A corrupt file throws QueueFileError naming it. */
  static async open(path: string, options: CallbackQueueOptions = {}): Promise<CallbackQueue> {
    const adapter = new DurableJsonFile(path, QueueFile);
    const db = new Low<QueueFile>(adapter, emptyQueue());
    await db.read();
    await adapter.removeStaleTempFiles();
    return new CallbackQueue(db, options);
  }

  get path(): string {
    return (this.db.adapter as DurableJsonFile<QueueFile>).path;
  }

  /** Adds a pending request; resolves only after it is durably on disk. */
  async add(request: NewCallback): Promise<CallbackRecord> {
    return this.change((data) => {
      if (data.requests.length >= this.maxPending) throw new QueueFullError(`the callback queue holds ${data.requests.length} requests`);
      const record = newCallbackRecord(request, this.clock());
      return { next: { ...data, requests: [...data.requests, record] }, result: record };
    });
  }

  async pending(): Promise<CallbackRecord[]> {
    // Stable: requests made in the same millisecond keep the order they were added in.
    return this.db.data.requests.map((r) => ({ ...r })).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async count(): Promise<number> {
    return this.db.data.requests.length;
  }

  async markDone(id: string): Promise<boolean> {
    return this.change((data) => {
      const requests = data.requests.filter((r) => r.id !== id);
      return requests.length === data.requests.length ? { result: false } : { next: { ...data, requests }, result: true };
    });
  }

  async markUnreachable(id: string, at: Date): Promise<CallbackRecord | undefined> {
    return this.change((data) => {
      const found = data.requests.find((r) => r.id === id);
      if (!found) return { result: undefined };
      const updated: CallbackRecord = { ...found, attempts: (found.attempts ?? 0) + 1, lastAttemptAt: at.toISOString() };
      return { next: { ...data, requests: data.requests.map((r) => (r.id === id ? updated : r)) }, result: { ...updated } };
    });
  }

  async purgeCreatedBefore(cutoff: Date): Promise<number> {
    return this.change((data) => {
      const requests = data.requests.filter((r) => Date.parse(r.createdAt) >= cutoff.getTime());
      const removed = data.requests.length - requests.length;
      return removed === 0 ? { result: 0 } : { next: { ...data, requests }, result: removed };
    });
  }

  async idle(): Promise<void> {
    await this.tail.catch(() => undefined);
  }

  /** The file is written whole on every change; nothing stays open between them. */
  async close(): Promise<void> {
    await this.idle();
  }

  /**
   * Runs one change after the previous one. The new data replaces the old in memory only
   * after the write succeeded, so a failed write leaves memory and file in agreement.
   */
  private change<R>(compute: (data: QueueFile) => { next?: QueueFile; result: R }): Promise<R> {
    const run = async (): Promise<R> => {
      const before = this.db.data;
      const { next, result } = compute(before);
      if (!next) return result;
      await this.db.adapter.write(next);
      this.db.data = next;
      return result;
    };
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

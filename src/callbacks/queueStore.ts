import { randomUUID } from 'node:crypto';
import { Low } from 'lowdb';
import { systemClock, type Clock } from './clock.js';
import { DurableJsonFile } from './durableJsonFile.js';
import { CallbackRecord, emptyQueue, QueueFile, type NewCallback } from './schema.js';

/** Refuses new requests past this many pending ones, so a script cannot fill the disk. */
export const DEFAULT_MAX_PENDING = 5000;

export class QueueFullError extends Error {
  override name = 'QueueFullError';
}

export interface CallbackQueueOptions {
  clock?: Clock;
  maxPending?: number;
}

/** What the callback dialog needs: add a request, resolved once it is on disk. */
export interface CallbackSink {
  add(request: NewCallback): Promise<CallbackRecord>;
}

/**
 * The callback queue: a lowdb JSON file written durably (see DurableJsonFile).
 *
 * Every change goes through one in-process chain, so concurrent requests never write
 * over each other, and a change is visible (and acknowledged) only after its write is
 * durable. One process owns the file: instances that share nothing each need their own path.
 */
export class CallbackQueue implements CallbackSink {
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
      const record = CallbackRecord.parse({
        id: randomUUID(),
        phone: request.phone,
        bestTime: request.bestTime,
        consentAt: request.consentAt.toISOString(),
        createdAt: this.clock().toISOString(),
        status: 'pending',
      });
      return { next: { ...data, requests: [...data.requests, record] }, result: record };
    });
  }

  /** Pending requests, oldest first. Copies: callers cannot change the queue by accident. */
  pending(): CallbackRecord[] {
    return this.db.data.requests.map((r) => ({ ...r }));
  }

  get size(): number {
    return this.db.data.requests.length;
  }

  /** Staff called the person: the record (and the number) is deleted. False when no such request. */
  async markDone(id: string): Promise<boolean> {
    return this.change((data) => {
      const requests = data.requests.filter((r) => r.id !== id);
      return requests.length === data.requests.length ? { result: false } : { next: { ...data, requests }, result: true };
    });
  }

  /** Deletes requests created before `cutoff`; returns how many. */
  async purgeCreatedBefore(cutoff: Date): Promise<number> {
    return this.change((data) => {
      const requests = data.requests.filter((r) => Date.parse(r.createdAt) >= cutoff.getTime());
      const removed = data.requests.length - requests.length;
      return removed === 0 ? { result: 0 } : { next: { ...data, requests }, result: removed };
    });
  }

  /** Resolves when every change queued so far has finished (for shutdown and tests). */
  async idle(): Promise<void> {
    await this.tail.catch(() => undefined);
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

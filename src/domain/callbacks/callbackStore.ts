import type { CallbackRecord, NewCallback } from './schema.js';

/** Refuses new requests past this many pending ones, so a script cannot fill the disk. */
export const DEFAULT_MAX_PENDING = 5000;

export class QueueFullError extends Error {
  override name = 'QueueFullError';
}

/** What the callback dialog needs: add a request, resolved once it is stored. */
export interface CallbackSink {
  add(request: NewCallback): Promise<CallbackRecord>;
}

/**
 * Where callback requests wait for staff: a file for one instance (queueStore.ts), or
 * Redis when several instances share state (redisCallbackQueue.ts).
 */
export interface CallbackStore extends CallbackSink {
  /** Pending requests, oldest first; copies, so callers cannot change the queue by accident. */
  pending(): Promise<CallbackRecord[]>;
  count(): Promise<number>;
  /** Staff called the person: the record (and the number) is deleted. False when no such request. */
  markDone(id: string): Promise<boolean>;
  /** Staff called and reached nobody: one more attempt is noted and the request stays. Undefined when no such request. */
  markUnreachable(id: string, at: Date): Promise<CallbackRecord | undefined>;
  /** Deletes requests created before `cutoff`; returns how many. */
  purgeCreatedBefore(cutoff: Date): Promise<number>;
  /** Resolves when every change started so far has finished (for shutdown and tests). */
  idle(): Promise<void>;
  /** Finishes what is in flight and lets go of the file or connection. */
  close(): Promise<void>;
}

import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { z } from 'zod';

/** A botbuilder Storage that holds a timer or a connection and must be closed on shutdown. */
export interface ClosableStorage extends Storage {
  close(): Promise<void>;
  /** False while the store cannot serve reads and writes (its connection is down); absent when it always can. */
  isReady?(): boolean;
}

/** Whether `storage` can serve a turn now, for /readyz: a store that does not say is taken as ready (memory). */
export function storageIsReady(storage: Storage): boolean {
  const { isReady } = storage as Partial<Pick<ClosableStorage, 'isReady'>>;
  return typeof isReady === 'function' ? isReady.call(storage) : true;
}

/**
 * Raised when a write carries an eTag that no longer matches the stored one.
 * Same base class and message as botbuilder's MemoryStorage, so callers that
 * match on either keep working; the subclass lets ours be told apart.
 */
export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

const KeysSchema = z.array(z.string().min(1, 'keys must not be empty strings'));
const ChangesSchema = z.record(
  z.string().min(1, 'keys must not be empty strings'),
  // Only the eTag is checked: a plain object copies none of the item's other fields.
  z.object({ eTag: z.string().optional() }),
);

/** Validates read/delete keys; throws a TypeError naming the operation and the problem. */
export function parseKeys(operation: string, keys: unknown): string[] {
  const result = KeysSchema.safeParse(keys);
  if (!result.success) throw new TypeError(`Storage.${operation}: ${describe(result.error)}`);
  return keys as string[];
}

/** Validates a write batch; the caller's objects are returned as-is (they are copied when stored). */
export function parseChanges(changes: unknown): Record<string, StoreItem> {
  const result = ChangesSchema.safeParse(changes);
  if (!result.success) throw new TypeError(`Storage.write: ${describe(result.error)}`);
  return changes as StoreItems;
}

/**
 * MemoryStorage's rule: no stored item, no eTag, an empty eTag or '*' always
 * write; otherwise the eTags must match.
 */
export function eTagAllowsWrite(incoming: string | undefined, stored: string | undefined): boolean {
  return stored === undefined || !incoming || incoming === '*' || incoming === stored;
}

function describe(error: z.ZodError): string {
  // Paths are positions or keys, never item contents, so they are safe to surface.
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
    .join('; ');
}

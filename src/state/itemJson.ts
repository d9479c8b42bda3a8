/**
 * The JSON of a state item without its eTag, handed between FastConversationState and
 * ExpiringMemoryStorage so neither serializes the same object twice in a turn:
 *
 *   read   the store parses an item from JSON and records that JSON as the item's "as
 *          read" form; the state takes it as its change key instead of stringifying again.
 *   write  the state has just stringified the item to see whether it changed; it records
 *          that as the item's "to write" form for the one write call it makes next, and the
 *          store takes it instead of stringifying again.
 *
 * Two separate maps, each entry taken once: a JSON recorded on read can never be written
 * back for an item changed since. Only an optimization: a store or state that does not
 * know about it serializes as usual. WeakMaps, so nothing outlives the object.
 */
const asRead = new WeakMap<object, string>();
const toWrite = new WeakMap<object, string>();

function take(map: WeakMap<object, string>, item: object): string | undefined {
  const json = map.get(item);
  if (json !== undefined) map.delete(item);
  return json;
}

/** The store parsed `item` from `json` (without its eTag). */
export function recordReadJson(item: object, json: string): void {
  asRead.set(item, json);
}

/** The JSON `item` was parsed from, if the store recorded it; taken once. */
export function takeReadJson(item: object): string | undefined {
  return take(asRead, item);
}

/**
 * Runs `write` with `json` recorded as `item`'s serialized form (without its eTag), and
 * forgets it afterwards whether or not the store took it.
 */
export async function writingWithJson<T>(item: object, json: string, write: () => Promise<T>): Promise<T> {
  toWrite.set(item, json);
  try {
    return await write();
  } finally {
    toWrite.delete(item);
  }
}

/** The JSON recorded for the write in progress, if any; taken once. */
export function takeWriteJson(item: object): string | undefined {
  return take(toWrite, item);
}

/** JSON.stringify of an item without its eTag: the form both sides record. */
export function stringifyWithoutETag(item: Record<string, unknown>): string {
  const { eTag: _eTag, ...rest } = item;
  return JSON.stringify(rest);
}

import { OpenIdMetadata } from 'botframework-connector/lib/auth/openIdMetadata.js';

/** How long a fetch of the Bot Framework's signing keys may take before the token check fails. */
export const SIGNING_KEYS_TIMEOUT_MS = 5_000;

type Refresh = (this: OpenIdMetadata) => Promise<void>;
const inFlight = new WeakMap<OpenIdMetadata, Promise<void>>();
let installed = false;

/**
 * botframework-connector fetches the OpenID metadata and signing keys (OpenIdMetadata's
 * refreshCache) with no timeout, and every token check that finds the cache stale starts
 * its own fetch. With the metadata endpoint slow or unreachable, a flood of forged tokens
 * each held a socket and a pending promise.
 *
 * This wraps refreshCache once per process: concurrent callers share the fetch in
 * progress (at most one per metadata URL), and each caller waits at most `timeoutMs`,
 * then fails the way a failed fetch does (the token is not accepted). The shared fetch is
 * kept until it settles, so a hung endpoint costs one socket, not one per request. The
 * SDK's own fetch code is left as it is.
 */
export function boundSigningKeyFetches(timeoutMs = SIGNING_KEYS_TIMEOUT_MS): boolean {
  if (installed) return true;
  const proto = OpenIdMetadata.prototype as unknown as { refreshCache?: Refresh };
  const original = proto.refreshCache;
  if (typeof original !== 'function') return false;
  proto.refreshCache = function refreshCache(this: OpenIdMetadata): Promise<void> {
    let shared = inFlight.get(this);
    if (!shared) {
      shared = original.call(this).finally(() => inFlight.delete(this));
      // Callers that gave up still leave a handler, so a late failure is not unhandled.
      shared.catch(() => undefined);
      inFlight.set(this, shared);
    }
    return withDeadline(shared, timeoutMs);
  };
  installed = true;
  return true;
}

function withDeadline(work: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the Bot Framework signing keys did not arrive in time')), ms);
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

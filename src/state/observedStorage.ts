import type { Storage } from 'botbuilder';
import { metrics } from '../metrics.js';

/**
 * Times the state store's read, write and delete for /metrics (by store: memory or redis),
 * and counts the calls that fail. Patched on the instance, not wrapped, so whatever else
 * the store offers (close, isReady) is still the store's own.
 */
export function observeStorage<S extends Storage>(storage: S, store: string): S {
  for (const operation of ['read', 'write', 'delete'] as const) {
    const original = storage[operation].bind(storage) as (arg: never) => Promise<unknown>;
    const observed = async (arg: never): Promise<unknown> => {
      const started = performance.now();
      try {
        return await original(arg);
      } catch (error) {
        // An eTag conflict is the store working as meant (two writers); not an outage.
        if (!(error instanceof Error && /eTag/i.test(error.message))) metrics.errors.inc({ kind: 'state_store' });
        throw error;
      } finally {
        metrics.stateSeconds.observe({ store, operation }, (performance.now() - started) / 1000);
      }
    };
    Object.defineProperty(storage, operation, { value: observed, configurable: true, writable: true });
  }
  return storage;
}

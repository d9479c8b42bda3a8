import type { Logger } from 'pino';
import { systemClock, type Clock } from './clock.js';
import type { CallbackStore } from './callbackStore.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_PURGE_INTERVAL_MS = 60 * 60 * 1000;

export interface RetentionPurgeOptions {
  retentionDays: number;
  intervalMs?: number;
  clock?: Clock;
  logger: Logger;
}

export interface RetentionPurge {
  /** Purges now; resolves with how many requests were deleted (0 on failure, which is logged). */
  runOnce(): Promise<number>;
  /** The run in progress, if any (tests and shutdown wait for it). */
  settled(): Promise<void>;
  stop(): void;
}

/**
 * Deletes callback requests older than the retention period: once at start, then every
 * interval. The timer is unref'd so it never keeps the process alive.
 */
export function startRetentionPurge(queue: Pick<CallbackStore, 'purgeCreatedBefore'>, options: RetentionPurgeOptions): RetentionPurge {
  const clock = options.clock ?? systemClock;
  let current: Promise<number> = Promise.resolve(0);

  const runOnce = (): Promise<number> => {
    const cutoff = new Date(clock().getTime() - options.retentionDays * DAY_MS);
    current = queue.purgeCreatedBefore(cutoff).then(
      (removed) => {
        if (removed > 0) options.logger.info({ event: 'callbacks_purged', removed }, 'old callback requests deleted');
        return removed;
      },
      (err: unknown) => {
        options.logger.error({ event: 'callbacks_purge_failed', errorName: (err as Error).name }, 'callback purge failed; will retry');
        return 0;
      },
    );
    return current;
  };

  void runOnce();
  const timer = setInterval(() => void runOnce(), options.intervalMs ?? DEFAULT_PURGE_INTERVAL_MS);
  timer.unref();

  return {
    runOnce,
    settled: async () => {
      await current;
    },
    stop: () => clearInterval(timer),
  };
}

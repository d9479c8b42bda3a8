import { readFileSync } from 'node:fs';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { fromRoot } from '../paths.js';
import { ExpiringMemoryStorage, STATE_DICTIONARY_PATH, type ExpiringMemoryStorageOptions } from './expiringMemoryStorage.js';
import { isRedisUrl } from './redisClient.js';
import { RedisStorage } from './redisStorage.js';
import type { ClosableStorage } from './storageContract.js';

export type StorageConfig = Pick<Config, 'STATE_STORE' | 'STATE_IDLE_MINUTES' | 'STATE_MAX_CONVERSATIONS'>;

/**
 * The conversation state store chosen by STATE_STORE: "memory" (single process,
 * bounded by STATE_MAX_CONVERSATIONS) or a redis:// / rediss:// URL (shared,
 * survives restarts). Both forget a conversation after STATE_IDLE_MINUTES idle.
 * Call close() on shutdown. `tuning` adjusts the in-memory store (tests, benchmarks).
 */
export function createStorage(config: StorageConfig, logger: Logger, tuning: Pick<ExpiringMemoryStorageOptions, 'hotItems'> = {}): ClosableStorage {
  const idleMs = config.STATE_IDLE_MINUTES * 60_000;
  if (config.STATE_STORE === 'memory') {
    logger.info({ store: 'memory', idleMinutes: config.STATE_IDLE_MINUTES, maxConversations: config.STATE_MAX_CONVERSATIONS }, 'conversation state store');
    return new ExpiringMemoryStorage({ ...tuning, idleMs, maxItems: config.STATE_MAX_CONVERSATIONS, logger, dictionary: stateDictionary(logger) });
  }
  if (isRedisUrl(config.STATE_STORE)) {
    // Log the scheme only: the URL can carry a password.
    const tls = config.STATE_STORE.startsWith('rediss:');
    logger.info({ store: 'redis', tls, idleMinutes: config.STATE_IDLE_MINUTES }, 'conversation state store');
    return new RedisStorage({ url: config.STATE_STORE, idleMs, logger });
  }
  // loadConfig already rejects anything else; this guards hand-built configs.
  throw new TypeError('STATE_STORE must be "memory" or a redis:// or rediss:// URL');
}

/** data/state-dictionary.txt: compression only, so a missing file just means larger entries. */
function stateDictionary(logger: Logger): string | undefined {
  try {
    return readFileSync(fromRoot(STATE_DICTIONARY_PATH), 'utf8');
  } catch {
    logger.warn({ file: STATE_DICTIONARY_PATH }, 'state dictionary missing: conversation state is held less compactly');
    return undefined;
  }
}

export { storageIsReady, type ClosableStorage } from './storageContract.js';

import { MemoryStorage } from 'botbuilder';
import { describeStorageContract } from './storageContract.js';

/**
 * The shared contract run against botbuilder's own MemoryStorage, proving the
 * contract describes MemoryStorage's behaviour rather than ours.
 */
describeStorageContract(
  'botbuilder MemoryStorage (reference)',
  async () => {
    // MemoryStorage.delete sets keys to undefined, so count only the defined ones.
    const memory: Record<string, string> = {};
    const storage = new MemoryStorage(memory);
    return {
      storage,
      peer: storage,
      passIdleTime: async () => {},
      storedCount: async () => Object.values(memory).filter((v: string | undefined) => v !== undefined).length,
      close: async () => {},
    };
  },
  { expiry: false, atomicBatch: false },
);

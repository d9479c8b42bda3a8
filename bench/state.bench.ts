import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { MemoryStorage, type Storage, type StoreItem } from 'botbuilder';
import { ExpiringMemoryStorage } from '../src/state/expiringMemoryStorage.js';

/**
 * Conversation state benchmarks for the in-process store.
 *
 *   npx tsx bench/state.bench.ts
 *
 * Throughput: one "turn" is what botbuilder's ConversationState does per
 * message, a read of the conversation key then a write of the whole object
 * with eTag '*'. Footprint: 100,000 conversations written into a store bounded
 * at 50,000 (the STATE_MAX_CONVERSATIONS default) and at 100,000, each measured
 * in a fresh child process so one run's heap cannot hide the other's.
 */

const CONVERSATIONS = 100_000;
const THROUGHPUT_TURNS = 50_000;

/** ~1 KB, shaped like ConversationState after one turn of a waterfall dialog with a few answers. */
export function conversationState(conversationId: string): StoreItem {
  return {
    DialogState: {
      dialogStack: [
        {
          id: 'mainDialog',
          state: {
            dialogs: {
              dialogStack: [
                {
                  id: 'intakeWaterfall',
                  state: {
                    options: { source: 'webchat', locale: 'en-US' },
                    values: { instanceId: randomUUID(), turnCount: 1 },
                    stepIndex: 3,
                  },
                },
                { id: 'careStagePrompt', state: { options: { prompt: { type: 'message', text: 'Where are you in getting care right now?' }, retryPrompt: { type: 'message', text: 'Please pick one of the options.' } }, state: { attemptCount: 0 } } },
              ],
            },
          },
        },
      ],
    },
    intake: {
      conversationId,
      startedAt: '2025-01-01T00:00:00.000Z',
      answers: { careStage: 'not_started', substances: ['alcohol', 'opioids'], withdrawal: { heavyUse: false, pastSeizures: false }, homeSafe: 'yes', responsibilities: ['full_time_job'] },
      consent: { privacyNoticeShown: true, at: '2025-01-01T00:00:01.000Z' },
      recentIntents: ['find_program', 'explain_iop', 'insurance_question', 'talk_to_someone'],
      lastActivityAt: '2025-01-01T00:02:30.000Z',
    },
    eTag: '*',
  };
}

function conversationKey(i: number): string {
  return `webchat/conversations/${i.toString(36).padStart(8, '0')}-${'x'.repeat(24)}/`;
}

async function turnsPerSecond(storage: Storage): Promise<number> {
  const keys = Array.from({ length: 1_000 }, (_, i) => conversationKey(i));
  for (const key of keys) await storage.write({ [key]: conversationState(key) });
  const start = process.hrtime.bigint();
  for (let i = 0; i < THROUGHPUT_TURNS; i++) {
    const key = keys[i % keys.length] ?? '';
    const state = (await storage.read([key]))[key] as StoreItem;
    state.eTag = '*';
    await storage.write({ [key]: state });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return Math.round(THROUGHPUT_TURNS / seconds);
}

async function opsPerSecond(op: 'read' | 'write'): Promise<number> {
  const storage = new ExpiringMemoryStorage();
  const key = conversationKey(1);
  const state = conversationState(key);
  await storage.write({ [key]: state });
  const start = process.hrtime.bigint();
  for (let i = 0; i < THROUGHPUT_TURNS; i++) {
    if (op === 'read') await storage.read([key]);
    else await storage.write({ [key]: state });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await storage.close();
  return Math.round(THROUGHPUT_TURNS / seconds);
}

/** A gc() even without --expose-gc, so `npx tsx bench/state.bench.ts` works as-is. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

interface Footprint {
  heapMb: number;
  rssMb: number;
  kept: number;
  writeMs: number;
}

/** Runs in a child process: writes CONVERSATIONS items into a store bounded at maxItems. */
async function measureFootprint(maxItems: number): Promise<Footprint> {
  collectGarbage();
  const before = process.memoryUsage();
  const storage = new ExpiringMemoryStorage({ maxItems });
  const start = process.hrtime.bigint();
  for (let i = 0; i < CONVERSATIONS; i++) {
    const key = conversationKey(i);
    await storage.write({ [key]: conversationState(key) });
  }
  const writeMs = Number(process.hrtime.bigint() - start) / 1e6;
  collectGarbage();
  const after = process.memoryUsage();
  const kept = storage.size;
  await storage.close();
  const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
  return { heapMb: mb(after.heapUsed - before.heapUsed), rssMb: mb(after.rss - before.rss), kept, writeMs: Math.round(writeMs) };
}

async function footprintInChild(maxItems: number): Promise<Footprint> {
  const self = fileURLToPath(import.meta.url);
  // execArgv carries tsx's loader flags, so the child runs this TypeScript file the same way.
  const { stdout } = await promisify(execFile)(process.execPath, [...process.execArgv, self, 'footprint', String(maxItems)], {
    maxBuffer: 1024 * 1024,
  });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as Footprint;
}

export async function run(): Promise<Record<string, number>> {
  const stateBytes = Buffer.byteLength(JSON.stringify(conversationState(conversationKey(0))));
  const expiring = new ExpiringMemoryStorage();
  const memoryTurns = await turnsPerSecond(expiring);
  await expiring.close();
  const referenceTurns = await turnsPerSecond(new MemoryStorage());
  const reads = await opsPerSecond('read');
  const writes = await opsPerSecond('write');
  const bounded = await footprintInChild(50_000);
  const unbounded = await footprintInChild(100_000);
  return {
    state_json_bytes: stateBytes,
    memory_turns_per_sec: memoryTurns,
    memory_reads_per_sec: reads,
    memory_writes_per_sec: writes,
    botbuilder_memorystorage_turns_per_sec: referenceTurns,
    max50k_kept: bounded.kept,
    max50k_heap_delta_mb: bounded.heapMb,
    max50k_rss_delta_mb: bounded.rssMb,
    max50k_write_100k_ms: bounded.writeMs,
    max100k_kept: unbounded.kept,
    max100k_heap_delta_mb: unbounded.heapMb,
    max100k_rss_delta_mb: unbounded.rssMb,
    max100k_write_100k_ms: unbounded.writeMs,
  };
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly && process.argv[2] === 'footprint') {
  console.log(JSON.stringify(await measureFootprint(Number(process.argv[3]))));
} else if (invokedDirectly) {
  const figures = await run();
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(42)} ${value}`);
}

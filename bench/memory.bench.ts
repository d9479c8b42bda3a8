import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { post, spawnServer, spawnStartServer, startCommand, stopServer } from './http.bench.js';

/**
 * Resident memory of the whole bot server after many one-turn conversations.
 *
 *   npx tsx bench/memory.bench.ts          (or via npm run bench)
 *
 * The server runs as a child process so its RSS is its own, started the way `npm start`
 * starts it: the same node flags (heap cap) and entry file, read from package.json, after
 * `npm run build` (src/index.ts with its defaults: memory state store, web chat and
 * Direct Line routes; rate limits raised for the one local client). BENCH_MEMORY_SERVER=tsx
 * runs the bench's tsx server instead (createApp from source, default V8 heap), to compare.
 * This process sends CONVERSATIONS first messages, each from a new
 * conversation, then reads VmRSS and VmHWM (peak) from /proc/<pid>/status. Replies come
 * back in the HTTP answer (deliveryMode expectReplies), so the run measures the bot and
 * its state, not a connector stand-in, and fits the bench's time budget.
 *
 * Target: at most 250 MB resident after 100,000 conversations.
 */

const CONVERSATIONS = Number(process.env.BENCH_MEMORY_CONVERSATIONS ?? 100_000);
const CONCURRENCY = 32;
const TARGET_MB = 250;

/** VmRSS and VmHWM of a process, in MB (Linux). */
function residentMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  const mb = (k: number): number => Math.round((k / 1024) * 10) / 10;
  return { rss: mb(kb('VmRSS')), peak: mb(kb('VmHWM')) };
}

function firstMessage(i: number): string {
  const id = `mem-${i.toString(36)}-${'x'.repeat(16)}`;
  return JSON.stringify({
    type: 'message',
    id: `m${i}`,
    channelId: 'emulator',
    // Never called: expectReplies returns the replies in the HTTP answer.
    serviceUrl: 'http://127.0.0.1:9',
    deliveryMode: 'expectReplies',
    conversation: { id },
    from: { id: `u-${id}`, name: 'User' },
    recipient: { id: 'bot', name: 'Bot' },
    text: 'hi',
  });
}

export interface MemoryRunOptions {
  conversations?: number;
  /** Extra environment for the server (e.g. NODE_OPTIONS, MALLOC_ARENA_MAX) to compare settings. */
  serverEnv?: Record<string, string>;
}

export async function run(options: MemoryRunOptions = {}): Promise<Record<string, number>> {
  const conversations = options.conversations ?? CONVERSATIONS;
  // BENCH_MEMORY_NODE_OPTIONS adds node flags (NODE_OPTIONS); it cannot override a flag the start
  // script gives (the command line wins), so compare heap caps with BENCH_MEMORY_SERVER=tsx or by editing it.
  const nodeOptions = process.env.BENCH_MEMORY_NODE_OPTIONS;
  const serverEnv = { ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}), ...options.serverEnv };
  const asStarted = process.env.BENCH_MEMORY_SERVER !== 'tsx';
  const { child, port } = asStarted ? await spawnStartServer(serverEnv) : await spawnServer('full', serverEnv);
  const pid = child.pid;
  if (pid === undefined) throw new Error('the server child has no pid');
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    const atStart = residentMb(pid);
    let next = 0;
    let errors = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < conversations) {
          const status = await post(agent, port, firstMessage(next++));
          if (status !== 200) errors++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const atEnd = residentMb(pid);
    return {
      conversations,
      errors,
      turns_per_sec: Math.round(conversations / seconds),
      seconds: Math.round(seconds),
      rss_start_mb: atStart.rss,
      rss_end_mb: atEnd.rss,
      rss_peak_mb: atEnd.peak,
      target_rss_mb: TARGET_MB,
      target_met: atEnd.rss <= TARGET_MB && errors === 0 ? 1 : 0,
    };
  } finally {
    agent.destroy();
    await stopServer(child);
  }
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const { nodeArgs, entry } = startCommand();
  const server = process.env.BENCH_MEMORY_SERVER === 'tsx' ? 'the tsx bench server (createApp from source)' : `as npm start: node ${[...nodeArgs, entry].join(' ')}`;
  console.log(`server: ${server}${process.env.BENCH_MEMORY_NODE_OPTIONS ? `, NODE_OPTIONS=${process.env.BENCH_MEMORY_NODE_OPTIONS}` : ''}`);
  const figures = await run();
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(42)} ${value}`);
}

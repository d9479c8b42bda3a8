import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRedisServer, type TestRedisServer } from '../test/state/redisServer.js';

/**
 * Web chat turns per second and p99 latency with several instances (issue #20), side by
 * side in one run:
 *
 *   memory   one instance, STATE_STORE=memory (the default)
 *   redis    one instance on Redis: state, web chat conversations and limits in Redis
 *   redis×2  two instances on the same Redis; every request goes to the next instance in
 *            turn (round robin in the client, no stickiness), so each conversation's turns
 *            alternate between the two processes
 *
 * A turn is one POST of a message to the local Direct Line, answered once the bot's turn
 * has ended and its reply is in the conversation's log (as Direct Line answers), at 10 and
 * 50 concurrent conversations, in 2-second stretches that alternate between the setups (a
 * busy moment on the shared machine hits each alike). Each conversation is welcomed first (not counted). Servers
 * run as `npm start` runs them (its node flags) from source with tsx, with the rate limits
 * raised out of the way, and each client conversation comes from its own address through
 * X-Forwarded-For (TRUSTED_PROXIES=127.0.0.1, as behind a load balancer).
 *
 *   npx tsx bench/instances.bench.ts   (or npm run bench -- instances)
 *
 * On a 2-core machine the load driver, Redis and the bot processes share both cores: two
 * instances cannot add CPU, they add a second process competing for the same two.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONCURRENCY = [10, 50] as const;
const SECONDS = Number(process.env.INSTANCES_BENCH_SECONDS ?? 8);
const LOOP = ['Learn about IOP', 'Group therapy', 'Tell me more', 'menu'];
// Idle sockets are dropped here after 3 s, before the server's 5 s keep-alive timeout closes them under a request.
const agent = new Agent({ keepAlive: true, maxSockets: 256, timeout: 3_000 });

interface Instance {
  child: ChildProcess;
  port: number;
}

function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return (pkg.scripts.start ?? '').split(/\s+/).filter((w) => w.startsWith('--'));
}

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, [...startFlags(), '--import', 'tsx', resolve(ROOT, 'src/index.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      RATE_LIMIT_PER_IP_PER_MINUTE: '100000000',
      RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '100000000',
      TRUSTED_PROXIES: '127.0.0.1',
      DIRECT_LINE_TOKEN_SECRET: 'bench-direct-line-token-secret-0123456789',
      CALLBACK_QUEUE_PATH: join(tmpdir(), `bench-instances-${process.pid}-${Math.random().toString(36).slice(2)}.json`),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolvePort, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('an instance did not start in 120 s')), 120_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /"event":"listening","port":(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        child.stdout?.resume();
        resolvePort(Number(match[1]));
      }
      if (out.length > 100_000) out = out.slice(-1000);
    });
    child.once('exit', (code) => reject(new Error(`an instance exited with ${code} before listening`)));
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return { child, port };
}

async function stopInstance({ child }: Instance): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await exited;
}

function http(port: number, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolveCall, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, agent, headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolveCall({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The instances a setup's requests go to, each request to the next (no stickiness). */
class RoundRobin {
  private next = 0;
  constructor(private readonly ports: readonly number[]) {}
  port(): number {
    return this.ports[this.next++ % this.ports.length]!;
  }
}

interface Conversation {
  id: string;
  token: string;
  address: string;
  step: number;
}

/** Opens a conversation, again (up to three times) when a kept-alive socket was closed under it. */
async function openConversation(rr: RoundRobin, n: number, setup: string): Promise<Conversation> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await openOnce(rr, n, setup);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

async function openOnce(rr: RoundRobin, n: number, setup: string): Promise<Conversation> {
  const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const headers = { 'x-forwarded-for': address };
  const token = await http(rr.port(), 'POST', '/api/directline/token', headers, {});
  if (token.status !== 200) throw new Error(`${setup}: token ${token.status}`);
  const { token: t, conversationId } = JSON.parse(token.body) as { token: string; conversationId: string };
  const auth = { ...headers, authorization: `Bearer ${t}` };
  const started = await http(rr.port(), 'POST', '/v3/directline/conversations', auth, {});
  if (started.status !== 201) throw new Error(`${setup}: start ${started.status}`);
  // Welcomed (the menu is in the log) before any turn is timed.
  for (let i = 0; i < 400; i++) {
    const log = await http(rr.port(), 'GET', `/v3/directline/conversations/${conversationId}/activities`, auth);
    if (log.status === 200 && log.body.includes('suggestedActions')) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  return { id: conversationId, token: t, address, step: 0 };
}

interface Tally {
  latencies: number[];
  errors: number;
  seconds: number;
}

/** Runs the conversations' turns for `seconds`, adding to the tally. */
async function stretch(rr: RoundRobin, conversations: Conversation[], seconds: number, tally: Tally): Promise<void> {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    conversations.map(async (c) => {
      const headers = { 'x-forwarded-for': c.address, authorization: `Bearer ${c.token}` };
      while (performance.now() < deadline) {
        const text = LOOP[c.step++ % LOOP.length]!;
        const t0 = performance.now();
        // A kept-alive socket the server closed while this conversation waited its stretch: counted, not fatal.
        const posted = await http(rr.port(), 'POST', `/v3/directline/conversations/${c.id}/activities`, headers, { type: 'message', text, from: { id: 'x' } }).catch(() => ({ status: 0, body: '' }));
        if (posted.status === 200) tally.latencies.push(performance.now() - t0);
        else tally.errors++;
      }
    }),
  );
  tally.seconds += (performance.now() - started) / 1000;
}

function summary(tally: Tally): { tps: number; p50: number; p99: number; errors: number } {
  const sorted = [...tally.latencies].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { tps: sorted.length / tally.seconds, p50: at(0.5), p99: at(0.99), errors: tally.errors };
}

/** Stretches of this many seconds alternate between the setups, so a noisy moment on the shared machine hits all of them. */
const STRETCH_SECONDS = 2;

export async function run(): Promise<Record<string, number>> {
  let redis: TestRedisServer | undefined;
  const instances: Instance[] = [];
  try {
    redis = await startRedisServer();
    // One at a time, each kept as soon as it runs, so a failed start leaves no process behind.
    const started = async (env: Record<string, string>): Promise<Instance> => {
      const instance = await startInstance(env);
      instances.push(instance);
      return instance;
    };
    const memory = await started({ STATE_STORE: 'memory' });
    const single = await started({ STATE_STORE: redis.url });
    const pairA = await started({ STATE_STORE: redis.url });
    const pairB = await started({ STATE_STORE: redis.url });
    const setups: Array<[string, RoundRobin]> = [
      ['memory', new RoundRobin([memory.port])],
      ['redis', new RoundRobin([single.port])],
      ['redis_x2', new RoundRobin([pairA.port, pairB.port])],
    ];
    const figures: Record<string, number> = {};
    let base = 1;
    // Warm-up: each setup's code paths compiled before anything is timed.
    for (const [name, rr] of setups) {
      const warm = await Promise.all(Array.from({ length: 4 }, (_, i) => openConversation(rr, base + i, name)));
      base += 4;
      await stretch(rr, warm, 2, { latencies: [], errors: 0, seconds: 0 });
    }
    for (const concurrency of CONCURRENCY) {
      const runs = [];
      for (const [name, rr] of setups) {
        const conversations = await Promise.all(Array.from({ length: concurrency }, (_, i) => openConversation(rr, base + i, name)));
        base += concurrency;
        runs.push({ name, rr, conversations, tally: { latencies: [], errors: 0, seconds: 0 } as Tally });
      }
      for (let round = 0; round < Math.max(1, Math.round(SECONDS / STRETCH_SECONDS)); round++) {
        for (const r of runs) await stretch(r.rr, r.conversations, STRETCH_SECONDS, r.tally);
      }
      for (const { name, tally } of runs) {
        const result = summary(tally);
        figures[`${name}_c${concurrency}_turns_per_s`] = Math.round(result.tps);
        figures[`${name}_c${concurrency}_p50_ms`] = Math.round(result.p50 * 10) / 10;
        figures[`${name}_c${concurrency}_p99_ms`] = Math.round(result.p99 * 10) / 10;
        figures[`${name}_c${concurrency}_errors`] = result.errors;
        process.stderr.write(`\n  ${name} c=${concurrency}: ${Math.round(result.tps)} turns/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, errors ${result.errors}`);
      }
    }
    process.stderr.write('\n');
    return figures;
  } finally {
    await Promise.all(instances.map(stopInstance));
    await redis?.stop();
    agent.destroy();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  run().then(
    (figures) => process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}

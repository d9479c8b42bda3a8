import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Turns per second and latency over real HTTP on 127.0.0.1, for three servers:
 *
 *   full  the bot's whole turn (crisis check, intent, dialog, state) via createApp, with the
 *         same node settings as echo and bare: the like-for-like comparison
 *   start the same bot as `npm start` runs it: compiled, with the start script's node flags
 *         (the heap caps that keep it within 250 MB; a smaller young generation means more
 *         frequent garbage collection)
 *   echo  a minimal echo bot on the same botbuilder CloudAdapter and restify: the floor
 *         every Bot Framework bot pays (parse, adapter, one reply POSTed to the connector)
 *   bare  a restify handler that answers 200 at once: the ceiling
 *
 *   npx tsx bench/http.bench.ts            (or via npm run bench)
 *
 * Each server runs in a child process (its CPU is its own); this process drives the load
 * and plays the connector. Each worker is one conversation: a welcome turn that is not
 * measured, then a loop of messages that each get exactly one reply (like the echo bot),
 * for a fixed duration at 1, 10 and 50 concurrent conversations, split into stretches that
 * alternate between the three servers (see run()).
 */

export type ServerKind = 'full' | 'start' | 'echo' | 'bare';
const KINDS: readonly ServerKind[] = ['full', 'start', 'echo', 'bare'];
const CONCURRENCY = [1, 10, 50] as const;
/** Each one gets exactly one reply from the full bot; the cycle returns to where it began. */
const LOOP = ['Learn about IOP', 'Group therapy', 'Tell me more', 'menu'];
const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

// ---- The connector stand-in: answers every reply at once and counts them. ----------------

interface Connector {
  url: string;
  replies(): number;
  stop(): Promise<void>;
}

async function startConnector(): Promise<Connector> {
  let replies = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      replies++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"id":"r${replies}"}`);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    replies: () => replies,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

// ---- The server under test, in a child process. -----------------------------------------

/** Starts `kind` in a child; resolves once it prints its port. */
export async function spawnServer(kind: ServerKind, env: Record<string, string> = {}): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, 'server', kind], {
    cwd: resolve(SELF, '../..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolvePort, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start in 60 s`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /"port":(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code} before listening`)));
  });
  return { child, port };
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGKILL');
  await exited;
}

/** Runs inside the child: builds one of the three servers and prints {"port":N}. */
async function serve(kind: ServerKind): Promise<void> {
  const restify = (await import('restify')).default;
  let port: number;
  if (kind === 'full') {
    const { pino } = await import('pino');
    const { createApp } = await import('../src/app.js');
    const { loadConfig } = await import('../src/config.js');
    const config = loadConfig({
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      // The bench is one client driving thousands of turns a second: limits off.
      RATE_LIMIT_PER_IP_PER_MINUTE: '100000000',
      RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '100000000',
      CALLBACK_QUEUE_PATH: process.env.CALLBACK_QUEUE_PATH ?? join(tmpdir(), `bench-callbacks-${randomUUID()}.json`),
    });
    const app = await createApp(config, { logger: pino({ level: 'silent' }) });
    port = await app.listen(0, '127.0.0.1');
  } else {
    const server = restify.createServer({ handleUncaughtExceptions: false });
    server.use(restify.plugins.bodyParser({ mapParams: false }));
    if (kind === 'echo') {
      const { CloudAdapter, ConfigurationBotFrameworkAuthentication } = await import('botbuilder');
      const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
      server.post('/api/messages', async (req, res) => {
        await adapter.process(req, res, async (context) => {
          if (context.activity.type === 'message') await context.sendActivity(`You said: ${context.activity.text ?? ''}`);
        });
      });
    } else {
      server.post('/api/messages', async (_req, res) => {
        res.send(200);
      });
    }
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  }
  process.stdout.write(`${JSON.stringify({ port })}\n`);
}

/** `node <flags> <entry>` of package.json's start script. */
export function startCommand(): { nodeArgs: string[]; entry: string } {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [node, ...rest] = (pkg.scripts.start ?? '').trim().split(/\s+/);
  const entry = rest.at(-1);
  if (node !== 'node' || !entry || entry.startsWith('-')) throw new Error(`cannot read "node <flags> <entry>" from the start script: ${pkg.scripts.start}`);
  return { nodeArgs: rest.slice(0, -1), entry };
}

/** Builds (npm run build) and starts the server as npm start does; resolves with its port. */
export async function spawnStartServer(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const { nodeArgs, entry } = startCommand();
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      // info: the listening line carries the port; nothing is logged per turn at info.
      LOG_LEVEL: 'info',
      // The bench is one client driving thousands of turns a second: limits off.
      RATE_LIMIT_PER_IP_PER_MINUTE: '100000000',
      RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '100000000',
      CALLBACK_QUEUE_PATH: join(tmpdir(), `bench-callbacks-${randomUUID()}.json`),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolvePort, reject) => {
    let out = '';
    let listening = false;
    const timer = setTimeout(() => reject(new Error('the server did not start in 60 s')), 60_000);
    // Read stdout to the end, so later log lines never fill the pipe and stall the server.
    child.stdout?.on('data', (d: Buffer) => {
      if (listening) return;
      out += d.toString();
      const match = /"event":"listening","port":(\d+)/.exec(out);
      if (match) {
        listening = true;
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code} before listening`)));
  });
  return { child, port };
}

// ---- Load. ------------------------------------------------------------------------------

let activityCounter = 0;
function message(serviceUrl: string, conversationId: string, text: string): string {
  activityCounter++;
  return JSON.stringify({
    type: 'message',
    id: `a${activityCounter}`,
    channelId: 'emulator',
    serviceUrl,
    conversation: { id: conversationId },
    from: { id: `u-${conversationId}`, name: 'User' },
    recipient: { id: 'bot', name: 'Bot' },
    text,
  });
}

/** POSTs one activity; resolves with the HTTP status. */
export function post(agent: Agent, port: number, body: string): Promise<number> {
  return new Promise((resolvePost, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/api/messages', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolvePost(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface LoadResult {
  turns: number;
  turnsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  repliesPerTurn: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Latencies and elapsed time of one measured stretch; stretches of one server add up. */
interface Stretch {
  /** Latencies of all but each conversation's first message in the stretch. */
  latencies: number[];
  turns: number;
  elapsedMs: number;
  errors: number;
  replies: number;
}

/**
 * `ids.length` conversations (already welcomed), each sending LOOP messages for
 * `durationMs` over `agent`'s kept-alive sockets. Each conversation's first message of a
 * stretch wakes a server that sat idle while the others were measured; it is sent and
 * counted in turns per second, but its latency is not one a steady load would see.
 */
async function drive(port: number, connector: Connector, agent: Agent, ids: readonly string[], durationMs: number, loopStart: Map<string, number>): Promise<Stretch> {
  const latencies: number[] = [];
  let errors = 0;
  let turns = 0;
  const repliesBefore = connector.replies();
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    ids.map(async (id) => {
      // Each conversation continues its loop where the previous stretch left it.
      let i = loopStart.get(id) ?? 0;
      for (let sent = 0; performance.now() < deadline; i++, sent++) {
        const t0 = performance.now();
        // A kept-alive socket the server closed just as it was reused fails the request
        // ("socket hang up"): counted as an error, and the loop goes on with a new socket.
        const status = await post(agent, port, message(connector.url, id, LOOP[i % LOOP.length]!)).catch(() => 0);
        if (sent > 0) latencies.push(performance.now() - t0);
        turns++;
        if (status < 200 || status >= 300) errors++;
      }
      loopStart.set(id, i);
    }),
  );
  const elapsedMs = performance.now() - started;
  return { latencies, turns, elapsedMs, errors, replies: connector.replies() - repliesBefore };
}

/** Welcomes `concurrency` new conversations (not measured); returns their ids. */
async function openConversations(port: number, connector: Connector, concurrency: number, tag: string): Promise<string[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const ids = Array.from({ length: concurrency }, (_, i) => `${tag}-${i}-${randomUUID().slice(0, 8)}`);
  await Promise.all(ids.map((id) => post(agent, port, message(connector.url, id, 'hi'))));
  agent.destroy();
  return ids;
}

function summarize(stretches: readonly Stretch[]): LoadResult {
  const latencies = stretches.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const turns = stretches.reduce((sum, s) => sum + s.turns, 0);
  const elapsedS = stretches.reduce((sum, s) => sum + s.elapsedMs, 0) / 1000;
  const replies = stretches.reduce((sum, s) => sum + s.replies, 0);
  const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;
  return {
    turns,
    turnsPerSec: Math.round(turns / elapsedS),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    errors: stretches.reduce((sum, s) => sum + s.errors, 0),
    repliesPerTurn: round(replies / Math.max(1, turns), 2),
  };
}

/** How many alternating stretches each server's measurement is split into. */
const ROUNDS = 4;

/**
 * All three servers run at once (idle ones cost nothing); at each concurrency the
 * measurement alternates between them in ROUNDS short stretches, in a rotating order,
 * so a slow spell on a shared machine falls on all of them instead of on one. The ratios
 * are what the targets are about.
 */
export async function run(options: { durationMs?: number } = {}): Promise<Record<string, number>> {
  const durationMs = options.durationMs ?? Number(process.env.BENCH_HTTP_DURATION_MS ?? 4_000);
  const connector = await startConnector();
  const figures: Record<string, number> = {};
  const servers = new Map<ServerKind, { child: ChildProcess; port: number }>();
  try {
    for (const kind of KINDS) servers.set(kind, kind === 'start' ? await spawnStartServer({}) : await spawnServer(kind));
    for (const kind of KINDS) {
      // Warm up (JIT, the recognizer's first calls, sockets) before measuring.
      const { port } = servers.get(kind)!;
      const ids = await openConversations(port, connector, 10, `${kind}-warm`);
      const agent = new Agent({ keepAlive: true, maxSockets: ids.length });
      await drive(port, connector, agent, ids, Math.min(1_500, durationMs), new Map());
      agent.destroy();
    }
    for (const c of CONCURRENCY) {
      const stretches = new Map<ServerKind, Stretch[]>(KINDS.map((k) => [k, []]));
      const conversations = new Map<ServerKind, string[]>();
      // One client connection pool per server for all its stretches, as a channel keeps its connections.
      const agents = new Map<ServerKind, Agent>(KINDS.map((k) => [k, new Agent({ keepAlive: true, maxSockets: c })]));
      const loopStart = new Map<string, number>();
      for (const kind of KINDS) conversations.set(kind, await openConversations(servers.get(kind)!.port, connector, c, `${kind}-c${c}`));
      for (let r = 0; r < ROUNDS; r++) {
        const order = KINDS.map((_, i) => KINDS[(i + r) % KINDS.length]!);
        for (const kind of order) {
          stretches.get(kind)!.push(await drive(servers.get(kind)!.port, connector, agents.get(kind)!, conversations.get(kind)!, durationMs / ROUNDS, loopStart));
        }
      }
      for (const agent of agents.values()) agent.destroy();
      for (const kind of KINDS) {
        const r = summarize(stretches.get(kind)!);
        figures[`${kind}_c${c}_turns_per_sec`] = r.turnsPerSec;
        figures[`${kind}_c${c}_p50_ms`] = r.p50Ms;
        figures[`${kind}_c${c}_p99_ms`] = r.p99Ms;
        figures[`${kind}_c${c}_errors`] = r.errors;
        if (kind !== 'bare') figures[`${kind}_c${c}_replies_per_turn`] = r.repliesPerTurn;
      }
    }
  } finally {
    for (const { child } of servers.values()) await stopServer(child);
    await connector.stop();
  }
  const ratio = (a: number | undefined, b: number | undefined): number => (a && b ? Math.round((a / b) * 100) / 100 : Number.NaN);
  for (const c of CONCURRENCY) {
    figures[`full_vs_echo_c${c}_throughput_ratio`] = ratio(figures[`full_c${c}_turns_per_sec`], figures[`echo_c${c}_turns_per_sec`]);
    figures[`echo_vs_bare_c${c}_throughput_ratio`] = ratio(figures[`echo_c${c}_turns_per_sec`], figures[`bare_c${c}_turns_per_sec`]);
    figures[`full_vs_bare_c${c}_throughput_ratio`] = ratio(figures[`full_c${c}_turns_per_sec`], figures[`bare_c${c}_turns_per_sec`]);
    figures[`start_vs_echo_c${c}_throughput_ratio`] = ratio(figures[`start_c${c}_turns_per_sec`], figures[`echo_c${c}_turns_per_sec`]);
  }
  // Targets: the full turn at least as fast as the echo floor; p99 at 50 concurrent within 100 ms.
  // The targets, for the like-for-like bot and for the bot as npm start runs it.
  for (const kind of ['full', 'start'] as const) {
    for (const c of CONCURRENCY) figures[`target_${kind}_ge_echo_c${c}`] = (figures[`${kind}_vs_echo_c${c}_throughput_ratio`] ?? 0) >= 1 ? 1 : 0;
    figures[`target_${kind}_p99_c50_le_100ms`] = (figures[`${kind}_c50_p99_ms`] ?? Infinity) <= 100 ? 1 : 0;
  }
  return figures;
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === SELF;
if (invokedDirectly && process.argv[2] === 'server') {
  const kind = process.argv[3] as ServerKind;
  if (!KINDS.includes(kind) || kind === 'start') throw new Error(`unknown server kind "${process.argv[3]}": use full, echo or bare`);
  await serve(kind);
} else if (invokedDirectly) {
  const figures = await run();
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(42)} ${value}`);
}

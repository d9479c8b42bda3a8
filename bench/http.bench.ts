import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/**
 * Turns per second and latency over real HTTP on 127.0.0.1, side by side:
 *
 *   full  the bot's whole turn (crisis check, intent, dialog, state) via createApp, with the
 *         same node settings as echo and bare: the like-for-like comparison
 *   start the same bot as `npm start` runs it: compiled, with the start script's node flags
 *         (the heap caps that keep it within 250 MB; a smaller young generation means more
 *         frequent garbage collection)
 *   echo  a minimal echo bot on the same botbuilder CloudAdapter and restify: the floor
 *         every Bot Framework bot pays (parse, adapter, one reply)
 *   bare  a restify handler that answers 200 at once: the ceiling (anonymous only)
 *
 * in two configurations:
 *
 *   anon  no MicrosoftAppId (Emulator, local channels): replies are POSTed to a connector
 *         stand-in on loopback
 *   prod  a MicrosoftAppId, as on Teams and Azure: every request carries a Bot Framework
 *         token (RS256, signed here with a local key) that the bot checks against a local
 *         OpenID metadata + JWKS server through botbuilder's own cloud settings
 *         (ToBotFromChannelOpenIdMetadataUrl, ToBotFromChannelTokenIssuer, ...). Only the
 *         token check's endpoints are stood in for. Replies come back in the HTTP answer
 *         (deliveryMode expectReplies) and are counted there: an outgoing reply needs an AAD
 *         token from MSAL, which will not use a local login endpoint (it insists on https
 *         and on Azure's instance discovery), so the bot and the echo bot both skip the
 *         outgoing POST, which would be the same per reply for both
 *
 * and two loads:
 *
 *   ongoing  welcomed conversations, each message getting exactly one reply from the full bot
 *   first    the first message of a new conversation every time (the full bot's welcome
 *            and menu, a state write; the echo bot's one reply)
 *
 *   npx tsx bench/http.bench.ts            (or via npm run bench -- http)
 *
 * Each server runs in a child process (its CPU is its own); this process drives the load
 * and plays the channel. Every load runs for a fixed duration at 1, 10 and 50 concurrent
 * conversations, split into stretches that alternate between the servers (see
 * runSideBySide()). bench/tuning.bench.ts uses the same machinery to measure each SDK
 * tuning piece (SDK_TUNING_SKIP).
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
      // With the prod configuration's environment: the same app id and cloud settings as the bot.
      const names = ['MicrosoftAppId', 'MicrosoftAppPassword', 'ToChannelFromBotLoginUrl', 'ToChannelFromBotOAuthScope', 'ToBotFromChannelTokenIssuer', 'ToBotFromChannelOpenIdMetadataUrl', 'ToBotFromEmulatorOpenIdMetadataUrl', 'OAuthUrl'];
      const settings = Object.fromEntries(names.filter((n) => process.env[n]).map((n) => [n, process.env[n]!]));
      const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(settings));
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

// ---- Configurations: anonymous, and production (a MicrosoftAppId, tokens checked). ---------

export type BenchConfig = 'anon' | 'prod';
export type Load = 'ongoing' | 'first';
export const LOADS: readonly Load[] = ['ongoing', 'first'];

const APP_ID = '00000000-0000-0000-0000-0000000be7c4';
const TOKEN_ISSUER = 'https://api.botframework.com';

/** The local OpenID metadata + JWKS server and the one token the "channel" sends (Bot Connector also reuses its token for an hour). */
export interface TokenIssuer {
  env: Record<string, string>;
  token(serviceUrl: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startTokenIssuer(): Promise<TokenIssuer> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'bench-key', use: 'sig' };
  let url = '';
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/keys') res.end(JSON.stringify({ keys: [jwk] }));
    else res.end(JSON.stringify({ issuer: TOKEN_ISSUER, jwks_uri: `${url}/keys` }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokens = new Map<string, Promise<string>>();
  return {
    env: {
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-a-real-password',
      ToChannelFromBotLoginUrl: 'https://login.example.invalid/botframework.com',
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      ToBotFromChannelTokenIssuer: TOKEN_ISSUER,
      ToBotFromChannelOpenIdMetadataUrl: `${url}/.well-known/openidconfiguration`,
      ToBotFromEmulatorOpenIdMetadataUrl: `${url}/.well-known/openidconfiguration`,
      OAuthUrl: 'https://token.example.invalid',
      // The connector stand-in is on loopback.
      ALLOW_PRIVATE_SERVICE_URLS: 'true',
      // One client stands in for the Bot Connector's many addresses: the per-address cap on
      // token checks in progress (16) would otherwise refuse it at 50 concurrent.
      MAX_PENDING_AUTH_PER_IP: '100000',
      MAX_CONNECTIONS_PER_IP: '100000',
    },
    token(serviceUrl) {
      let token = tokens.get(serviceUrl);
      if (!token) {
        token = new SignJWT({ serviceurl: serviceUrl })
          .setProtectedHeader({ alg: 'RS256', kid: 'bench-key', typ: 'JWT' })
          .setIssuer(TOKEN_ISSUER)
          .setAudience(APP_ID)
          .setIssuedAt()
          .setExpirationTime('2h')
          .sign(pair.privateKey);
        tokens.set(serviceUrl, token);
      }
      return token;
    },
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** One server of a side-by-side run. */
export interface ServerSpec {
  /** Its name in the figures, e.g. "full", "echo_prod". */
  name: string;
  kind: ServerKind;
  config: BenchConfig;
  /** Extra environment (SDK_TUNING, SDK_TUNING_SKIP). */
  env?: Record<string, string>;
}

// ---- Load. ------------------------------------------------------------------------------

/** How the driver talks to one configuration. */
interface Channel {
  config: BenchConfig;
  serviceUrl: string;
  /** Authorization header value, or undefined (anonymous). */
  authorization: string | undefined;
  /** Replies counted so far (anon: POSTed to the connector; prod: in the HTTP answers). */
  replies(): number;
  countReplies(body: string): void;
}

let activityCounter = 0;
function message(channel: Channel, conversationId: string, text: string): string {
  activityCounter++;
  return JSON.stringify({
    type: 'message',
    id: `a${activityCounter}`,
    channelId: channel.config === 'prod' ? 'msteams' : 'emulator',
    serviceUrl: channel.serviceUrl,
    ...(channel.config === 'prod' ? { deliveryMode: 'expectReplies' } : {}),
    conversation: { id: conversationId, ...(channel.config === 'prod' ? { conversationType: 'personal', tenantId: 'bench-tenant' } : {}) },
    from: { id: `u-${conversationId}`, name: 'User' },
    recipient: { id: 'bot', name: 'Bot' },
    text,
  });
}

/** POSTs one activity; resolves with the HTTP status (and the body when `withBody`). */
export function post(agent: Agent, port: number, body: string, authorization?: string, onBody?: (body: string) => void): Promise<number> {
  return new Promise((resolvePost, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    if (authorization) headers.authorization = authorization;
    const req = request({ host: '127.0.0.1', port, path: '/api/messages', method: 'POST', agent, headers }, (res) => {
      if (!onBody) {
        res.resume();
        res.on('end', () => resolvePost(res.statusCode ?? 0));
        return;
      }
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        onBody(text);
        resolvePost(res.statusCode ?? 0);
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export interface LoadResult {
  turns: number;
  /** The server's CPU time per turn, microseconds. */
  cpuUsPerTurn: number;
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
  /** Latencies of all but each worker's first message in the stretch. */
  latencies: number[];
  /** CPU time the server process spent in the stretch (user + system, all threads), ms. */
  cpuMs: number;
  turns: number;
  elapsedMs: number;
  errors: number;
  replies: number;
}

/**
 * `ids.length` workers, each sending messages for `durationMs` over `agent`'s kept-alive
 * sockets: "ongoing", each worker is one welcomed conversation going round LOOP; "first",
 * each message opens a new conversation. Each worker's first message of a stretch wakes a
 * server that sat idle while the others were measured; it is sent and counted in turns
 * per second, but its latency is not one a steady load would see.
 */
async function drive(port: number, channel: Channel, load: Load, agent: Agent, ids: readonly string[], durationMs: number, loopStart: Map<string, number>, pid?: number): Promise<Stretch> {
  const latencies: number[] = [];
  const cpuBefore = cpuMsOf(pid);
  let errors = 0;
  let turns = 0;
  const repliesBefore = channel.replies();
  const onBody = channel.config === 'prod' ? (body: string) => channel.countReplies(body) : undefined;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    ids.map(async (id) => {
      // Each conversation continues its loop where the previous stretch left it.
      let i = loopStart.get(id) ?? 0;
      for (let sent = 0; performance.now() < deadline; i++, sent++) {
        const body = load === 'ongoing' ? message(channel, id, LOOP[i % LOOP.length]!) : message(channel, `${id}-${i.toString(36)}`, 'hi');
        const t0 = performance.now();
        // A kept-alive socket the server closed just as it was reused fails the request
        // ("socket hang up"): counted as an error, and the loop goes on with a new socket.
        const status = await post(agent, port, body, channel.authorization, onBody).catch(() => 0);
        if (sent > 0) latencies.push(performance.now() - t0);
        turns++;
        if (status < 200 || status >= 300) errors++;
      }
      loopStart.set(id, i);
    }),
  );
  const elapsedMs = performance.now() - started;
  return { latencies, cpuMs: cpuMsOf(pid) - cpuBefore, turns, elapsedMs, errors, replies: channel.replies() - repliesBefore };
}

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on Linux). */
const TICK_MS = 10;

/**
 * CPU time a process has used, in ms (Linux; 0 elsewhere). The machine is shared: other
 * work stretches wall-clock time, but hardly the CPU time a turn takes, so CPU per turn is
 * the steadier measure of what a piece of code costs (throughput of a saturated server is
 * about its inverse).
 */
function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of the file (utime, stime) are 11 and 12 after the command name.
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** Welcomes `concurrency` new conversations (not measured); returns their ids. */
async function openConversations(port: number, channel: Channel, load: Load, concurrency: number, tag: string): Promise<string[]> {
  const ids = Array.from({ length: concurrency }, (_, i) => `${tag}-${i}-${randomUUID().slice(0, 8)}`);
  if (load === 'first') return ids;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  await Promise.all(ids.map((id) => post(agent, port, message(channel, id, 'hi'), channel.authorization, channel.config === 'prod' ? () => undefined : undefined)));
  agent.destroy();
  return ids;
}

function summarize(stretches: readonly Stretch[]): LoadResult {
  const latencies = stretches.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const turns = stretches.reduce((sum, s) => sum + s.turns, 0);
  const elapsedS = stretches.reduce((sum, s) => sum + s.elapsedMs, 0) / 1000;
  const replies = stretches.reduce((sum, s) => sum + s.replies, 0);
  const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;
  const cpuMs = stretches.reduce((sum, s) => sum + s.cpuMs, 0);
  return {
    turns,
    cpuUsPerTurn: Math.round((cpuMs * 1000) / Math.max(1, turns)),
    turnsPerSec: Math.round(turns / elapsedS),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    errors: stretches.reduce((sum, s) => sum + s.errors, 0),
    repliesPerTurn: round(replies / Math.max(1, turns), 2),
  };
}

/** How many alternating stretches each server's measurement is split into. */
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 4);

async function startSpec(spec: ServerSpec, issuer: TokenIssuer): Promise<{ child: ChildProcess; port: number }> {
  const env = { ...(spec.config === 'prod' ? issuer.env : {}), ...spec.env };
  return spec.kind === 'start' ? spawnStartServer(env) : spawnServer(spec.kind, env);
}

export interface SideBySideOptions {
  durationMs: number;
  /** Alternating stretches per server (default ROUNDS). */
  rounds?: number;
  concurrency: readonly number[];
  loads: readonly Load[];
}

/**
 * Every server runs at once (idle ones cost nothing); for each load and concurrency the
 * measurement alternates between them in ROUNDS short stretches, in a rotating order, so a
 * slow spell on a shared machine falls on all of them instead of on one. Figures are named
 * `${spec.name}_${load}_c${c}_…`; the ratios between servers are the steadier figures.
 */
export async function runSideBySide(specs: readonly ServerSpec[], options: SideBySideOptions): Promise<Record<string, number>> {
  const connector = await startConnector();
  const issuer = await startTokenIssuer();
  let prodReplies = 0;
  const channels: Record<BenchConfig, Channel> = {
    anon: { config: 'anon', serviceUrl: connector.url, authorization: undefined, replies: () => connector.replies(), countReplies: () => undefined },
    prod: {
      config: 'prod',
      serviceUrl: connector.url,
      authorization: `Bearer ${await issuer.token(connector.url)}`,
      replies: () => prodReplies,
      countReplies(body) {
        try {
          const parsed = JSON.parse(body) as { activities?: unknown[] };
          prodReplies += parsed.activities?.length ?? 0;
        } catch {
          // not a JSON answer (an error): no replies
        }
      },
    },
  };
  const figures: Record<string, number> = {};
  const servers = new Map<string, { child: ChildProcess; port: number }>();
  try {
    for (const spec of specs) servers.set(spec.name, await startSpec(spec, issuer));
    for (const spec of specs) {
      // Warm up (JIT, the recognizer's first calls, signing keys, sockets) before measuring.
      const { port } = servers.get(spec.name)!;
      const channel = channels[spec.config];
      for (const load of options.loads) {
        const ids = await openConversations(port, channel, load, 10, `${spec.name}-warm-${load}`);
        const agent = new Agent({ keepAlive: true, maxSockets: ids.length });
        await drive(port, channel, load, agent, ids, Math.min(1_500, options.durationMs), new Map());
        agent.destroy();
      }
    }
    for (const load of options.loads) {
      for (const c of options.concurrency) {
        const stretches = new Map<string, Stretch[]>(specs.map((s) => [s.name, []]));
        const conversations = new Map<string, string[]>();
        // One client connection pool per server for all its stretches, as a channel keeps its connections.
        const agents = new Map<string, Agent>(specs.map((s) => [s.name, new Agent({ keepAlive: true, maxSockets: c })]));
        const loopStart = new Map<string, number>();
        for (const spec of specs) conversations.set(spec.name, await openConversations(servers.get(spec.name)!.port, channels[spec.config], load, c, `${spec.name}-${load}-c${c}`));
        const rounds = options.rounds ?? ROUNDS;
        for (let r = 0; r < rounds; r++) {
          const order = specs.map((_, i) => specs[(i + r) % specs.length]!);
          for (const spec of order) {
            stretches
              .get(spec.name)!
              .push(await drive(servers.get(spec.name)!.port, channels[spec.config], load, agents.get(spec.name)!, conversations.get(spec.name)!, options.durationMs / rounds, loopStart, servers.get(spec.name)!.child.pid));
          }
        }
        for (const agent of agents.values()) agent.destroy();
        for (const spec of specs) {
          const r = summarize(stretches.get(spec.name)!);
          const at = `${spec.name}_${load}_c${c}`;
          figures[`${at}_turns_per_sec`] = r.turnsPerSec;
          figures[`${at}_cpu_us_per_turn`] = r.cpuUsPerTurn;
          figures[`${at}_p50_ms`] = r.p50Ms;
          figures[`${at}_p99_ms`] = r.p99Ms;
          figures[`${at}_errors`] = r.errors;
          if (spec.kind !== 'bare') figures[`${at}_replies_per_turn`] = r.repliesPerTurn;
        }
      }
    }
  } finally {
    for (const { child } of servers.values()) await stopServer(child);
    await connector.stop();
    await issuer.stop();
  }
  return figures;
}

export const ratio = (a: number | undefined, b: number | undefined): number => (a && b ? Math.round((a / b) * 100) / 100 : Number.NaN);

/** The servers of `npm run bench -- http`: full, as started, echo in both configurations; bare (anonymous). */
export const HTTP_SPECS: readonly ServerSpec[] = [
  { name: 'full', kind: 'full', config: 'anon' },
  { name: 'start', kind: 'start', config: 'anon' },
  { name: 'echo', kind: 'echo', config: 'anon' },
  { name: 'bare', kind: 'bare', config: 'anon' },
  { name: 'full_prod', kind: 'full', config: 'prod' },
  { name: 'start_prod', kind: 'start', config: 'prod' },
  { name: 'echo_prod', kind: 'echo', config: 'prod' },
];

/**
 * BENCH_HTTP_DURATION_MS per server, load and concurrency (default 4 s); SDK_TUNING in
 * this environment reaches the servers too (SDK_TUNING=off npm run bench -- http: the
 * plain SDK side by side with the echo bot).
 */
export async function run(options: { durationMs?: number } = {}): Promise<Record<string, number>> {
  const durationMs = options.durationMs ?? Number(process.env.BENCH_HTTP_DURATION_MS ?? 4_000);
  const figures = await runSideBySide(HTTP_SPECS, { durationMs, concurrency: CONCURRENCY, loads: LOADS });
  for (const load of LOADS) {
    for (const c of CONCURRENCY) {
      const f = (name: string) => figures[`${name}_${load}_c${c}_turns_per_sec`];
      figures[`full_vs_echo_${load}_c${c}_throughput_ratio`] = ratio(f('full'), f('echo'));
      figures[`start_vs_echo_${load}_c${c}_throughput_ratio`] = ratio(f('start'), f('echo'));
      figures[`echo_vs_bare_${load}_c${c}_throughput_ratio`] = ratio(f('echo'), f('bare'));
      figures[`full_prod_vs_echo_prod_${load}_c${c}_throughput_ratio`] = ratio(f('full_prod'), f('echo_prod'));
      // Turns per CPU second against the echo bot's: the steadier figure on a shared machine.
      const cpu = (name: string) => figures[`${name}_${load}_c${c}_cpu_us_per_turn`];
      figures[`full_vs_echo_${load}_c${c}_cpu_ratio`] = ratio(cpu('echo'), cpu('full'));
      figures[`start_vs_echo_${load}_c${c}_cpu_ratio`] = ratio(cpu('echo'), cpu('start'));
      figures[`full_prod_vs_echo_prod_${load}_c${c}_cpu_ratio`] = ratio(cpu('echo_prod'), cpu('full_prod'));
      figures[`start_prod_vs_echo_prod_${load}_c${c}_cpu_ratio`] = ratio(cpu('echo_prod'), cpu('start_prod'));
      figures[`start_prod_vs_echo_prod_${load}_c${c}_throughput_ratio`] = ratio(f('start_prod'), f('echo_prod'));
    }
  }
  // Targets, in both configurations and for both loads: the full turn at least as fast as
  // the echo floor; p99 at 50 concurrent within 100 ms.
  for (const [kind, echo] of [['full', 'echo'], ['start', 'echo'], ['full_prod', 'echo_prod'], ['start_prod', 'echo_prod']] as const) {
    for (const load of LOADS) {
      for (const c of CONCURRENCY) figures[`target_${kind}_ge_echo_${load}_c${c}`] = (figures[`${kind}_vs_${echo}_${load}_c${c}_throughput_ratio`] ?? 0) >= 1 ? 1 : 0;
      figures[`target_${kind}_${load}_p99_c50_le_100ms`] = (figures[`${kind}_${load}_c50_p99_ms`] ?? Infinity) <= 100 ? 1 : 0;
    }
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

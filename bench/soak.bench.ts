import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request, type OutgoingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { WebSocket } from 'ws';
import { startCommand } from './http.bench.js';

/**
 * Hostile soak: the bot as `npm start` runs it (npm run build, then node with the start
 * script's flags on build/src/index.js), default settings, under a mixed load for
 * SOAK_SECONDS (default 180): about 95% real conversations and 5% hostile requests.
 *
 *   npm run bench -- soak                       (3 minutes)
 *   SOAK_SECONDS=60 npm run bench -- soak
 *   npx tsx bench/soak.bench.ts [--quick]       (alone; --quick or SOAK_QUICK=1: 25 s, a smaller load)
 *
 * Real traffic: SOAK_CONVERSATIONS (24) Emulator-style conversations at a time, each walking
 * "hi", "Learn about IOP", "Group therapy", "Talk to someone now", "menu" through
 * /api/messages with a think time between turns, their replies POSTed by the bot to a
 * connector stand-in on 127.0.0.1; and SOAK_WEBCHATS (8) web chats at a time through the
 * self-hosted Direct Line (token, start, four messages), half reading the WebSocket
 * stream and half polling GET activities. A turn is answered when the connector (or the
 * stream or activity list) gets a bot reply whose replyToId is the message's id; its
 * latency runs from sending the message to that reply (a web chat's first turn: from the
 * token request to the welcome).
 *
 * Each simulated person connects from an address of its own in 127.0.0.0/8 (Linux routes
 * the whole block to loopback): the bot's per-address limits (120 requests a minute, 20
 * tokens a minute, 64 connections, 32 streams) then see many people, as they would in
 * production, instead of one address doing everyone's talking. The hostile requests come
 * from other loopback addresses (127.66.x.y), so they meet the same limits an attacker
 * would. Settings are the bot's defaults (the environment is cleared except PATH/HOME/
 * TMPDIR/LANG/TZ; a .env in the repo still applies, as with npm start).
 *
 * Hostile traffic (loopback only; each kind bounded in count, each request in time):
 * Content-Encoding: gzip with a body that is not gzip (four routes), a gzip bomb (~250 KB
 * inflating to 256 MB, built once), malformed JSON, oversize bodies, activities whose
 * serviceUrl names other loopback ports, 169.254.169.254 and private ranges,
 * X-Forwarded-For rotation, bursts of token requests, slowloris sockets (trickled headers
 * and bodies), many WebSockets on one stream token, an expectReplies activity naming a
 * real web chat conversation with channelId 'webchat', and two crisis probes (a crisis
 * sentence after 2,000 characters of filler; "kіll" with a Cyrillic і), each checked for
 * 988 in the reply. The first of each kind goes early, whatever the 5% budget; after
 * that the share of hostile requests is held at SOAK_HOSTILE_SHARE (0.05), half of it
 * for the campaigns' many sockets (slowloris, WebSocket floods) and half for the rest.
 *
 * If the server dies, the bench records when, how (exit code or signal), the hostile kinds
 * in flight at that moment (the suspects) and the end of its stderr; it then stops
 * sending the suspects and starts the server again (at most SOAK_RESTARTS times, default
 * 3; 0 ends the soak at the first death), so one run also finds the other kinds that
 * hurt it. Real turns lost to a death count as unanswered. The run always ends by itself.
 *
 * Sampled every second: VmRSS from /proc/<pid>/status, and GET /healthz (an answer within
 * 2 s counts). Targets (PASS/FAIL): no crash, max RSS ≤ 300 MB, ≥ 99% of real turns
 * answered, no 5xx to real traffic, every crisis probe answered with 988. Figures go to
 * bench/results/latest.json like the other benches; the full report (crash details, RSS
 * series, log events) to bench/results/soak-latest.json.
 */

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_DIR = join(ROOT, 'bench', 'results');

const TARGET_RSS_MB = 300;
const TARGET_ANSWERED = 0.99;
/** Longest wait for any one request; the server's own deadline is 15 s. */
const REQUEST_TIMEOUT_MS = 20_000;
/** After a message is accepted, how long its reply may take to arrive. */
const REPLY_TIMEOUT_MS = 10_000;
const HEALTHZ_TIMEOUT_MS = 2_000;

const EMULATOR_SCRIPT = ['hi', 'Learn about IOP', 'Group therapy', 'Talk to someone now', 'menu'] as const;
const WEBCHAT_SCRIPT = ['Learn about IOP', 'Group therapy', 'Talk to someone now', 'menu'] as const;

export interface SoakOptions {
  seconds?: number;
  quick?: boolean;
  /** Emulator conversations at a time. */
  conversations?: number;
  /** Web chat conversations at a time. */
  webChats?: number;
  hostileShare?: number;
  maxRestarts?: number;
}

interface Settings {
  seconds: number;
  quick: boolean;
  conversations: number;
  webChats: number;
  hostileShare: number;
  maxRestarts: number;
  thinkMs: readonly [number, number];
  slowlorisSockets: number;
  slowlorisHoldMs: number;
  wsFloodSockets: number;
  tokenBurst: number;
}

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number ≥ 0 (got "${raw}")`);
  return n;
}

function settings(options: SoakOptions): Settings {
  const quick = options.quick ?? (process.env.SOAK_QUICK === '1' || process.env.SOAK_QUICK === 'true');
  return {
    seconds: options.seconds ?? envNumber('SOAK_SECONDS') ?? (quick ? 25 : 180),
    quick,
    conversations: options.conversations ?? envNumber('SOAK_CONVERSATIONS') ?? (quick ? 8 : 24),
    webChats: options.webChats ?? envNumber('SOAK_WEBCHATS') ?? (quick ? 4 : 8),
    hostileShare: options.hostileShare ?? envNumber('SOAK_HOSTILE_SHARE') ?? 0.05,
    maxRestarts: options.maxRestarts ?? envNumber('SOAK_RESTARTS') ?? 3,
    thinkMs: [250, 1000],
    // 70 from one address: over the 64-connection cap per address, so both the cap and the header deadline show.
    slowlorisSockets: quick ? 12 : 70,
    slowlorisHoldMs: quick ? 18_000 : 30_000,
    // Over the 4 streams a conversation may have.
    wsFloodSockets: quick ? 8 : 12,
    // Over the 20 tokens an address may get in a minute.
    tokenBurst: 25,
  };
}

// ---- Small helpers. ---------------------------------------------------------------------

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** A sleep that never keeps the process alive: for guards raced against work that should end first. */
const guard = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());
const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;
const between = ([lo, hi]: readonly [number, number]): number => lo + Math.random() * (hi - lo);

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return -1;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? -1;
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** An address in 127.<block>.0.0/16, never .0 or .255 in the last two octets; n picks which. */
function loopbackAddress(block: number, third: number, n: number): string {
  return `127.${block}.${(third % 254) + 1}.${(n % 254) + 1}`;
}

/** VmRSS (and VmHWM, the peak) of a process in MB; undefined once it is gone. */
function residentMb(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    const rss = kb('VmRSS');
    if (!Number.isFinite(rss)) return undefined;
    return { rss: round(rss / 1024), peak: round(kb('VmHWM') / 1024) };
  } catch {
    return undefined;
  }
}

// ---- HTTP without surprises: never rejects, always ends. ----------------------------------

interface Answer {
  status: number;
  body: string;
  ms: number;
}
interface Failure {
  error: 'reset' | 'refused' | 'timeout' | 'error';
  detail: string;
  ms: number;
}
type Outcome = Answer | Failure;

const isAnswer = (o: Outcome): o is Answer => 'status' in o;
const ok2xx = (o: Outcome): o is Answer => isAnswer(o) && o.status >= 200 && o.status < 300;
const label = (o: Outcome): string => (isAnswer(o) ? `http_${o.status}` : o.error);

interface SendOptions {
  port: number;
  method?: string;
  path: string;
  headers?: OutgoingHttpHeaders;
  body?: Buffer | string;
  /** Sent without Content-Length, in 64 KB chunks. */
  chunked?: boolean;
  localAddress?: string;
  agent?: Agent;
  timeoutMs?: number;
}

function send(options: SendOptions): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolveSend) => {
    let done = false;
    const finish = (o: Outcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolveSend(o);
    };
    const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body);
    const headers: OutgoingHttpHeaders = { ...options.headers };
    if (body && !options.chunked && headers['content-length'] === undefined) headers['content-length'] = body.length;
    if (!body && options.method && options.method !== 'GET') headers['content-length'] ??= 0;
    const req = request(
      {
        host: '127.0.0.1',
        port: options.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers,
        localAddress: options.localAddress,
        agent: options.agent ?? false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (d: Buffer) => {
          // Keep at most 1 MB of any answer.
          if (size < 1 << 20) chunks.push(d);
          size += d.length;
        });
        res.on('end', () => finish({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        res.on('error', () => finish({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
      },
    );
    const timer = setTimeout(() => {
      finish({ error: 'timeout', detail: `no answer in ${options.timeoutMs ?? REQUEST_TIMEOUT_MS} ms`, ms: performance.now() - started });
      req.destroy();
    }, options.timeoutMs ?? REQUEST_TIMEOUT_MS);
    req.on('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? '';
      const error = code === 'ECONNREFUSED' ? 'refused' : code === 'ECONNRESET' || code === 'EPIPE' || /hang up/.test(err.message) ? 'reset' : 'error';
      finish({ error, detail: code || err.message, ms: performance.now() - started });
    });
    if (body && options.chunked) {
      for (let i = 0; i < body.length; i += 65_536) req.write(body.subarray(i, i + 65_536));
      req.end();
    } else {
      req.end(body);
    }
  });
}

// ---- The connector stand-in: the bot POSTs its replies here. -----------------------------

interface Watch {
  replies: unknown[];
  firstAt: number | undefined;
  waiters: Array<() => void>;
}

class Connector {
  url = '';
  replies = 0;
  /** Replies to activities nobody was watching (late ones, or the bench did not ask). */
  unwatched = 0;
  private server: Server | undefined;
  private readonly watches = new Map<string, Watch>();

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (d: Buffer) => chunks.push(d));
      req.on('end', () => {
        this.replies++;
        const match = /^\/v3\/conversations\/[^/]+\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
        const replyToId = match?.[1] ? decodeURIComponent(match[1]) : undefined;
        const watch = replyToId === undefined ? undefined : this.watches.get(replyToId);
        if (watch) {
          watch.replies.push(parseJson(Buffer.concat(chunks).toString('utf8')));
          watch.firstAt ??= performance.now();
          for (const w of watch.waiters.splice(0)) w();
        } else {
          this.unwatched++;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`{"id":"r${this.replies}"}`);
      });
      req.on('error', () => res.destroy());
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Call before sending the activity: its replies are kept until release(). */
  watch(activityId: string): Watch {
    const watch: Watch = { replies: [], firstAt: undefined, waiters: [] };
    this.watches.set(activityId, watch);
    return watch;
  }

  /** The time of the first reply, or undefined after `timeoutMs`. */
  async firstReply(watch: Watch, timeoutMs: number): Promise<number | undefined> {
    if (watch.firstAt !== undefined) return watch.firstAt;
    await new Promise<void>((r) => {
      const timer = setTimeout(r, timeoutMs);
      watch.waiters.push(() => {
        clearTimeout(timer);
        r();
      });
    });
    return watch.firstAt;
  }

  release(activityId: string): void {
    this.watches.delete(activityId);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

// ---- The server under test, started as npm start starts it. ------------------------------

interface Life {
  child: ChildProcess;
  pid: number;
  port: number;
  startedAtS: number;
  exit?: { code: number | null; signal: NodeJS.Signals | null; atS: number };
}

/** The environment the bot starts with: only what node needs, so every setting is the bot's default. */
function serverEnv(callbackPath: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) if (process.env[key] !== undefined) env[key] = process.env[key];
  return {
    ...env,
    PORT: '0',
    HOST: '127.0.0.1',
    // info: the listening line carries the port; warnings show what the hostile requests set off.
    LOG_LEVEL: 'info',
    // Not a limit: keeps the bench's callbacks out of the repo's var/.
    CALLBACK_QUEUE_PATH: callbackPath,
  };
}

class ServerUnderTest {
  life: Life | undefined;
  readonly lives: Life[] = [];
  /** The last lines the server wrote (stdout and stderr), across lives. */
  readonly tail: string[] = [];
  readonly stderrTail: string[] = [];
  /** Log lines at warn or above, by level and event. */
  readonly logEvents = new Map<string, number>();
  onDeath: ((life: Life) => void) | undefined;
  private killing = false;
  private upWaiters: Array<() => void> = [];
  readonly callbackPath = join(tmpdir(), `soak-callbacks-${randomUUID()}.json`);

  constructor(private readonly clock: () => number) {}

  get up(): boolean {
    return this.life !== undefined && this.life.exit === undefined;
  }

  get port(): number {
    return this.life?.port ?? 0;
  }

  build(): void {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }

  async start(): Promise<void> {
    const { nodeArgs, entry } = startCommand();
    const child = spawn(process.execPath, [...nodeArgs, entry], { cwd: ROOT, env: serverEnv(this.callbackPath), stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid;
    if (pid === undefined) throw new Error('the server did not start (no pid)');
    const lineReader = (stream: 'out' | 'err') => {
      let partial = '';
      return (d: Buffer): void => {
        partial += d.toString();
        const lines = partial.split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) this.line(line, stream);
      };
    };
    child.stdout?.on('data', lineReader('out'));
    child.stderr?.on('data', lineReader('err'));
    const port = await new Promise<number>((resolvePort, reject) => {
      const timer = setTimeout(() => reject(new Error('the server did not start in 60 s')), 60_000);
      const onLine = (line: string): void => {
        const match = /"event":"listening","port":(\d+)/.exec(line);
        if (!match) return;
        clearTimeout(timer);
        this.listening = undefined;
        resolvePort(Number(match[1]));
      };
      this.listening = onLine;
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code ?? signal}) before listening: ${this.stderrTail.slice(-3).join(' | ')}`));
      });
    });
    const life: Life = { child, pid, port, startedAtS: round(this.clock() / 1000) };
    child.once('exit', (code, signal) => {
      life.exit = { code, signal, atS: round(this.clock() / 1000) };
      if (!this.killing) this.onDeath?.(life);
    });
    this.life = life;
    this.lives.push(life);
    for (const w of this.upWaiters.splice(0)) w();
  }

  private listening: ((line: string) => void) | undefined;

  private line(line: string, stream: 'out' | 'err'): void {
    if (line.trim() === '') return;
    this.listening?.(line);
    const short = line.length > 400 ? `${line.slice(0, 400)}…` : line;
    this.tail.push(short);
    if (this.tail.length > 60) this.tail.shift();
    if (stream === 'err') {
      this.stderrTail.push(short);
      if (this.stderrTail.length > 40) this.stderrTail.shift();
    }
    if (!line.startsWith('{')) return;
    const entry = parseJson<{ level?: number; event?: string; msg?: string }>(line);
    if (!entry || typeof entry.level !== 'number' || entry.level < 40) return;
    const level = entry.level >= 60 ? 'fatal' : entry.level >= 50 ? 'error' : 'warn';
    const key = `${level}:${entry.event ?? entry.msg?.slice(0, 40) ?? '?'}`;
    this.logEvents.set(key, (this.logEvents.get(key) ?? 0) + 1);
  }

  /** Resolves true once the server is up (at once if it is), false after `timeoutMs`. */
  waitUp(timeoutMs: number): Promise<boolean> {
    if (this.up) return Promise.resolve(true);
    return new Promise((r) => {
      const timer = setTimeout(() => r(false), timeoutMs);
      this.upWaiters.push(() => {
        clearTimeout(timer);
        r(true);
      });
    });
  }

  async stop(): Promise<void> {
    this.killing = true;
    const child = this.life?.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGKILL');
      await Promise.race([exited, guard(5_000)]);
    }
    rmSync(this.callbackPath, { force: true });
  }
}

// ---- The run's shared state and its counts. -----------------------------------------------

interface TurnStats {
  sent: number;
  answered: number;
  latencies: number[];
}

interface OpRecord {
  kind: string;
  background: boolean;
  startedAt: number;
  endedAt?: number;
  /** Ended on a dropped connection (a likely sign of the server dying under it). */
  droppedConnection?: boolean;
}

interface Crash {
  atS: number;
  code: number | null;
  signal: string | null;
  suspects: string[];
  inFlight: string[];
  stderr: string[];
  rssBeforeMb: number | undefined;
}

class Soak {
  /** When the load began (reset once the server is up, so the build is not counted). */
  started = performance.now();
  stopping = false;
  stopReason = 'duration reached';
  readonly connector = new Connector();
  readonly server = new ServerUnderTest(() => this.elapsed());

  readonly real = {
    requests: 0,
    /** Non-2xx answers and failures to real traffic, by label. */
    problems: new Map<string, number>(),
    fiveXx: 0,
    emulator: { sent: 0, answered: 0, latencies: [] } as TurnStats,
    webchat: { sent: 0, answered: 0, latencies: [] } as TurnStats,
    webchatStreams: 0,
  };
  readonly hostile = {
    requests: 0,
    /** Of which from the long-lived campaigns (slowloris, WebSocket floods). */
    campaignRequests: 0,
    byKind: new Map<string, Map<string, number>>(),
    ops: new Map<string, number>(),
  };
  readonly crisis = { sent: 0, with988: 0, failures: [] as string[] };
  readonly health = { polls: 0, ok: 0, failed: 0, maxMs: 0, lastOkAt: 0, longestGapMs: 0 };
  readonly rss: Array<{ t: number; mb: number; life: number }> = [];
  rssMax = 0;
  readonly crashes: Crash[] = [];
  readonly quarantined = new Set<string>();
  readonly ops = new Set<OpRecord>();
  readonly endedOps: OpRecord[] = [];
  /** The longest a slowloris socket stayed open (until the server ended it, or the bench gave up). */
  slowlorisLongestMs = 0;
  /** A real web chat conversation id, for the hostile expectReplies request. */
  lastWebChat: string | undefined;
  private realAddress = 0;
  private restarting: Promise<void> | undefined;

  constructor(readonly s: Settings) {}

  elapsed(): number {
    return performance.now() - this.started;
  }

  nextRealAddress(): string {
    const n = this.realAddress++;
    return loopbackAddress(10 + Math.floor(n / 64_516), Math.floor(n / 254), n);
  }

  realRequest(o: Outcome): void {
    this.real.requests++;
    if (ok2xx(o)) return;
    const l = label(o);
    this.real.problems.set(l, (this.real.problems.get(l) ?? 0) + 1);
    if (isAnswer(o) && o.status >= 500) this.real.fiveXx++;
  }

  realTurn(channel: 'emulator' | 'webchat', latencyMs: number | undefined): void {
    const stats = this.real[channel];
    stats.sent++;
    if (latencyMs === undefined) return;
    stats.answered++;
    stats.latencies.push(latencyMs);
  }

  hostileResult(kind: string, what: string, campaign = false): void {
    this.hostile.requests++;
    if (campaign) this.hostile.campaignRequests++;
    const counts = this.hostile.byKind.get(kind) ?? new Map<string, number>();
    counts.set(what, (counts.get(what) ?? 0) + 1);
    this.hostile.byKind.set(kind, counts);
  }

  /** Hostile requests allowed so far: the share of all requests, real ones as they come. */
  hostileAllowance(): number {
    return (this.s.hostileShare / (1 - this.s.hostileShare)) * this.real.requests;
  }

  stop(reason: string): void {
    if (this.stopping) return;
    this.stopping = true;
    this.stopReason = reason;
  }

  /** The server died on its own: note who was in flight, stop sending them, start it again. */
  onDeath(life: Life): void {
    const now = performance.now();
    // In flight when it died, or dropped mid-request just before (the socket can close before the exit is seen); oldest first.
    const recent = this.endedOps.filter((o) => o.endedAt !== undefined && now - o.endedAt < 1_500 && o.droppedConnection);
    const candidates = [...this.ops, ...recent].sort((a, b) => a.startedAt - b.startedAt);
    const inFlight = [...this.ops].map((o) => o.kind);
    const foreground = [...new Set(candidates.filter((o) => !o.background).map((o) => o.kind))];
    const background = [...new Set(candidates.filter((o) => o.background).map((o) => o.kind))];
    const suspects = foreground.length > 0 ? foreground : background.length > 0 ? background : ['unknown (no hostile request in flight)'];
    const lastRss = this.rss.filter((r) => r.life === this.server.lives.indexOf(life)).at(-1)?.mb;
    this.crashes.push({
      atS: life.exit?.atS ?? round(this.elapsed() / 1000),
      code: life.exit?.code ?? null,
      signal: life.exit?.signal ?? null,
      suspects,
      inFlight: [...new Set(inFlight)],
      stderr: this.server.stderrTail.slice(-12),
      rssBeforeMb: lastRss,
    });
    process.stderr.write(`\n  soak: the server DIED at ${round(this.elapsed() / 1000)} s (${life.exit?.code ?? life.exit?.signal}); suspects: ${suspects.join(', ')}\n`);
    for (const s of suspects) if (!s.startsWith('unknown')) this.quarantined.add(s);
    if (this.stopping) return;
    if (this.crashes.length > this.s.maxRestarts) {
      this.stop(this.s.maxRestarts === 0 ? 'the server died (SOAK_RESTARTS=0)' : `the server died ${this.crashes.length} times`);
      return;
    }
    this.restarting = this.server.start().then(
      () => {
        process.stderr.write(`  soak: restarted at ${round(this.elapsed() / 1000)} s (pid ${this.server.life?.pid}); no more: ${[...this.quarantined].join(', ') || 'none'}\n`);
      },
      (err: unknown) => this.stop(`the server could not be restarted: ${(err as Error).message}`),
    );
  }

  async settled(): Promise<void> {
    await this.restarting;
  }
}

// ---- Real traffic. ----------------------------------------------------------------------

const JSON_HEADERS = { 'content-type': 'application/json' };

function emulatorActivity(connectorUrl: string, conversationId: string, id: string, text: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: 'message',
    id,
    channelId: 'emulator',
    serviceUrl: connectorUrl,
    conversation: { id: conversationId },
    from: { id: `u-${conversationId}`, name: 'User' },
    recipient: { id: 'bot', name: 'Bot' },
    text,
    ...extra,
  });
}

/** One Emulator message and its reply through the connector; the outcome and the latency (undefined: unanswered). */
async function emulatorTurn(
  soak: Soak,
  conversationId: string,
  activityId: string,
  text: string,
  address: string,
  agent: Agent | undefined,
): Promise<{ outcome: Outcome; latencyMs: number | undefined; replies: unknown[] }> {
  const watch = soak.connector.watch(activityId);
  const t0 = performance.now();
  const outcome = await send({
    port: soak.server.port,
    method: 'POST',
    path: '/api/messages',
    headers: JSON_HEADERS,
    body: emulatorActivity(soak.connector.url, conversationId, activityId, text),
    localAddress: address,
    agent,
  });
  // A 2xx (202 too: the turn goes on past the deadline) means replies are coming.
  const firstAt = ok2xx(outcome) ? await soak.connector.firstReply(watch, REPLY_TIMEOUT_MS) : watch.firstAt;
  soak.connector.release(activityId);
  return { outcome, latencyMs: firstAt === undefined ? undefined : firstAt - t0, replies: watch.replies };
}

async function emulatorConversation(soak: Soak, n: number): Promise<void> {
  const address = soak.nextRealAddress();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const conversationId = `soak-em-${n}-${randomBytes(4).toString('hex')}`;
  try {
    for (const [i, text] of EMULATOR_SCRIPT.entries()) {
      if (soak.stopping) return;
      if (!(await soak.server.waitUp(30_000)) || soak.stopping) return;
      const { outcome, latencyMs } = await emulatorTurn(soak, conversationId, `${conversationId}.${i}`, text, address, agent);
      soak.realRequest(outcome);
      soak.realTurn('emulator', latencyMs);
      await sleep(between(soak.s.thinkMs));
    }
  } finally {
    agent.destroy();
  }
}

interface WireActivity {
  id?: string;
  type?: string;
  replyToId?: string;
  from?: { role?: string };
  text?: string;
}
interface ActivitySet {
  activities?: WireActivity[];
  watermark?: string;
}

/** Why a WebSocket did not open: the HTTP status the server answered the upgrade with, or 'error'. */
function wsRefusal(err: Error): string {
  const status = /Unexpected server response: (\d+)/.exec(err.message)?.[1];
  return status ? `http_${status}` : 'error';
}

/** A web chat client of the self-hosted Direct Line: token, start, messages; stream or polling. */
class WebChatClient {
  token = '';
  conversationId = '';
  userId = '';
  streamUrl = '';
  watermark: string | undefined;
  /** When the first bot activity arrived. */
  botAt: number | undefined;
  /** replyToId → when the first bot reply to it arrived; and every bot activity replying to it. */
  readonly replyAt = new Map<string, number>();
  readonly repliesTo = new Map<string, WireActivity[]>();
  private ws: WebSocket | undefined;

  constructor(
    private readonly soak: Soak,
    readonly address: string,
    readonly agent: Agent | undefined,
    private readonly count: (o: Outcome) => void,
  ) {}

  private auth(): OutgoingHttpHeaders {
    return { authorization: `Bearer ${this.token}`, ...JSON_HEADERS };
  }

  /** Token and start; true when the conversation is open. */
  async open(): Promise<boolean> {
    const token = await send({ port: this.soak.server.port, method: 'POST', path: '/api/directline/token', localAddress: this.address, agent: this.agent });
    this.count(token);
    const t = ok2xx(token) ? parseJson<{ token?: string; conversationId?: string; userId?: string }>(token.body) : undefined;
    if (!t?.token || !t.conversationId || !t.userId) return false;
    Object.assign(this, { token: t.token, conversationId: t.conversationId, userId: t.userId });
    const start = await send({ port: this.soak.server.port, method: 'POST', path: '/v3/directline/conversations', headers: this.auth(), body: '{}', localAddress: this.address, agent: this.agent });
    this.count(start);
    const s = ok2xx(start) ? parseJson<{ streamUrl?: string }>(start.body) : undefined;
    if (!s?.streamUrl) return false;
    this.streamUrl = s.streamUrl;
    return true;
  }

  take(set: ActivitySet | undefined): void {
    if (!set) return;
    const now = performance.now();
    for (const a of set.activities ?? []) {
      if (a.from?.role !== 'bot') continue;
      this.botAt ??= now;
      if (a.replyToId) {
        if (!this.replyAt.has(a.replyToId)) this.replyAt.set(a.replyToId, now);
        const list = this.repliesTo.get(a.replyToId) ?? [];
        list.push(a);
        this.repliesTo.set(a.replyToId, list);
      }
    }
    if (set.watermark !== undefined) this.watermark = set.watermark;
  }

  /** Opens the WebSocket stream; resolves with 'open' or why not. */
  stream(): Promise<string> {
    return new Promise((r) => {
      const ws = new WebSocket(this.streamUrl, { localAddress: this.address, handshakeTimeout: 10_000 });
      this.ws = ws;
      ws.on('open', () => r('open'));
      ws.on('message', (data) => this.take(parseJson<ActivitySet>(data.toString())));
      ws.on('error', (err) => r(wsRefusal(err)));
      ws.on('close', () => r('closed'));
    });
  }

  async poll(): Promise<void> {
    const query = this.watermark === undefined ? '' : `?watermark=${encodeURIComponent(this.watermark)}`;
    const got = await send({ port: this.soak.server.port, path: `/v3/directline/conversations/${this.conversationId}/activities${query}`, headers: this.auth(), localAddress: this.address, agent: this.agent });
    this.count(got);
    if (ok2xx(got)) this.take(parseJson<ActivitySet>(got.body));
  }

  get streaming(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Waits for `seen()` (polling unless streaming), at most `timeoutMs`. */
  async until(seen: () => number | undefined, timeoutMs: number): Promise<number | undefined> {
    const deadline = performance.now() + timeoutMs;
    while (seen() === undefined && performance.now() < deadline && this.soak.server.up) {
      if (this.streaming) await sleep(20);
      else {
        await this.poll();
        if (seen() === undefined) await sleep(250);
      }
    }
    return seen();
  }

  /** Posts a message; the Direct Line id the server gave it, or undefined. */
  async say(text: string): Promise<string | undefined> {
    const body = JSON.stringify({ type: 'message', from: { id: this.userId }, text, channelData: { clientActivityID: randomUUID() } });
    const posted = await send({ port: this.soak.server.port, method: 'POST', path: `/v3/directline/conversations/${this.conversationId}/activities`, headers: this.auth(), body, localAddress: this.address, agent: this.agent });
    this.count(posted);
    return ok2xx(posted) ? parseJson<{ id?: string }>(posted.body)?.id : undefined;
  }

  close(): void {
    this.ws?.terminate();
    this.agent?.destroy();
  }
}

async function webChatConversation(soak: Soak, n: number): Promise<void> {
  if (!(await soak.server.waitUp(30_000)) || soak.stopping) return;
  const client = new WebChatClient(soak, soak.nextRealAddress(), new Agent({ keepAlive: true, maxSockets: 1 }), (o) => soak.realRequest(o));
  try {
    // Turn 0: token, start and the welcome.
    const t0 = performance.now();
    if (!(await client.open())) {
      soak.realTurn('webchat', undefined);
      return;
    }
    soak.lastWebChat = client.conversationId;
    if (n % 2 === 0) {
      const opened = await client.stream();
      soak.real.requests++;
      soak.real.webchatStreams++;
      if (opened !== 'open') soak.real.problems.set(`stream_${opened}`, (soak.real.problems.get(`stream_${opened}`) ?? 0) + 1);
    }
    const welcomed = await client.until(() => client.botAt, REPLY_TIMEOUT_MS);
    soak.realTurn('webchat', welcomed === undefined ? undefined : welcomed - t0);
    for (const text of WEBCHAT_SCRIPT) {
      await sleep(between(soak.s.thinkMs));
      if (soak.stopping || !soak.server.up) return;
      const sent = performance.now();
      const id = await client.say(text);
      const at = id === undefined ? undefined : await client.until(() => client.replyAt.get(id), REPLY_TIMEOUT_MS);
      soak.realTurn('webchat', at === undefined ? undefined : at - sent);
    }
  } finally {
    client.close();
  }
}

async function worker(soak: Soak, conversation: (soak: Soak, n: number) => Promise<void>, w: number): Promise<void> {
  // Spread the starts over the first second.
  await sleep(Math.random() * 1_000);
  for (let n = w * 1_000_000; !soak.stopping; n++) {
    await conversation(soak, n);
    if (!soak.server.up && !soak.stopping) await soak.server.waitUp(30_000);
  }
}

// ---- Hostile traffic. -------------------------------------------------------------------

interface HostileKind {
  name: string;
  what: string;
  weight: number;
  maxOps: number;
  minIntervalMs: number;
  /** Runs beside the one-at-a-time requests (long-lived sockets). */
  background?: boolean;
  /** How long it holds its sockets: not started again with less of the run left. */
  holdMs?: number;
  run(soak: Soak, op: { n: number; address: (k?: number) => string; record: (what: string) => void }): Promise<void>;
}

/** The crisis probes. */
const FILLER_SENTENCE = 'I have been thinking about a lot of things lately, work and family and whether an evening program would fit my week. ';
const CRISIS_AFTER_FILLER = `${FILLER_SENTENCE.repeat(Math.ceil(2_000 / FILLER_SENTENCE.length))}I want to kill myself.`;
const CRISIS_HOMOGLYPH = 'I want to k\u0456ll myself';

/** ~250 KB of gzip that inflates to a 256 MB JSON activity, built once. */
let bomb: Promise<Buffer> | undefined;
function gzipBomb(): Promise<Buffer> {
  bomb ??= new Promise<Buffer>((resolveBomb, reject) => {
    const gzip = createGzip({ level: 9 });
    const out: Buffer[] = [];
    gzip.on('data', (d: Buffer) => out.push(d));
    gzip.on('end', () => resolveBomb(Buffer.concat(out)));
    gzip.on('error', reject);
    const chunk = Buffer.alloc(1 << 20, 'a');
    gzip.write('{"type":"message","channelId":"emulator","serviceUrl":"http://127.0.0.1:9","conversation":{"id":"bomb"},"text":"');
    let left = 256;
    const pump = (): void => {
      while (left > 0) {
        left--;
        if (!gzip.write(chunk)) {
          gzip.once('drain', pump);
          return;
        }
      }
      gzip.end('"}');
    };
    pump();
  });
  return bomb;
}

function crisisText(has: unknown[]): boolean {
  return has.some((a) => /\b988\b/.test(JSON.stringify(a)));
}

/** Opens a conversation (welcomed), sends the probe, checks the reply for 988; Emulator or web chat. */
async function crisisProbe(soak: Soak, kind: string, text: string, n: number, record: (what: string) => void): Promise<void> {
  const address = soak.nextRealAddress();
  soak.crisis.sent++;
  let verdict: string;
  if (n % 2 === 0) {
    const conversationId = `soak-crisis-${n}-${randomBytes(4).toString('hex')}`;
    const hi = await emulatorTurn(soak, conversationId, `${conversationId}.0`, 'hi', address, undefined);
    record(`setup_${label(hi.outcome)}`);
    const probe = await emulatorTurn(soak, conversationId, `${conversationId}.1`, text, address, undefined);
    // The turn is over when the answer comes; a last moment for replies still on the wire.
    if (probe.latencyMs !== undefined) await sleep(200);
    verdict = probe.latencyMs === undefined ? `emulator_no_reply_${label(probe.outcome)}` : crisisText(probe.replies) ? 'emulator_reply_988' : 'emulator_reply_without_988';
  } else {
    const client = new WebChatClient(soak, address, undefined, (o) => record(`setup_${label(o)}`));
    if (!(await client.open())) verdict = 'webchat_setup_failed';
    else {
      await client.until(() => client.botAt, REPLY_TIMEOUT_MS);
      const id = await client.say(text);
      const at = id === undefined ? undefined : await client.until(() => client.replyAt.get(id), REPLY_TIMEOUT_MS);
      if (at !== undefined) await client.poll();
      verdict = at === undefined || id === undefined ? 'webchat_no_reply' : crisisText(client.repliesTo.get(id) ?? []) ? 'webchat_reply_988' : 'webchat_reply_without_988';
    }
    client.close();
  }
  record(verdict);
  if (verdict.endsWith('_988') && !verdict.includes('without')) soak.crisis.with988++;
  else soak.crisis.failures.push(`${kind}: ${verdict}`);
}

function gzipJunk(name: string, method: string, path: string): HostileKind {
  return {
    name,
    what: `${method} ${path} with Content-Encoding: gzip and a body that is not gzip`,
    weight: 1,
    maxOps: 10_000,
    minIntervalMs: 0,
    async run(soak, op) {
      const body = Buffer.concat([Buffer.from('{"this is":"not gzip"} '), randomBytes(200)]);
      const o = await send({ port: soak.server.port, method, path, headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' }, body, localAddress: op.address() });
      op.record(label(o));
    },
  };
}

function hostileKinds(soak: Soak): HostileKind[] {
  const s = soak.s;
  return [
    // The long-lived campaigns first, so even a short run sees them through.
    {
      name: 'slowloris',
      what: `${s.slowlorisSockets} sockets from one address trickling headers (half) or a body (half), one line every 2 s, held at most ${s.slowlorisHoldMs / 1000} s`,
      weight: 0,
      maxOps: s.quick ? 1 : 4,
      minIntervalMs: 45_000,
      background: true,
      holdMs: s.slowlorisHoldMs,
      run: (soak, op) => slowloris(soak, op.address(), op.record),
    },
    {
      name: 'ws_flood',
      what: `${s.wsFloodSockets} WebSockets at once on one stream token, held 5 s`,
      weight: 0,
      maxOps: s.quick ? 1 : 6,
      minIntervalMs: 30_000,
      background: true,
      holdMs: 6_000,
      async run(soak, op) {
        const client = new WebChatClient(soak, op.address(), undefined, (o) => op.record(`setup_${label(o)}`));
        try {
          if (!(await client.open())) {
            op.record('setup_failed');
            return;
          }
          const sockets: WebSocket[] = [];
          const results = await Promise.all(
            Array.from(
              { length: s.wsFloodSockets },
              () =>
                new Promise<string>((r) => {
                  const ws = new WebSocket(client.streamUrl, { localAddress: client.address, handshakeTimeout: 10_000 });
                  sockets.push(ws);
                  ws.on('open', () => r('open'));
                  ws.on('error', (err) => r(wsRefusal(err)));
                  ws.on('close', () => r('closed'));
                }),
            ),
          );
          for (const r of results) op.record(r);
          for (let i = 0; i < 50 && !soak.stopping; i++) await sleep(100);
          for (const ws of sockets) ws.terminate();
        } finally {
          client.close();
        }
      },
    },
    gzipJunk('gzip_junk_messages', 'POST', '/api/messages'),
    gzipJunk('gzip_junk_token', 'POST', '/api/directline/token'),
    gzipJunk('gzip_junk_dl_conversations', 'POST', '/v3/directline/conversations'),
    gzipJunk('gzip_junk_healthz', 'GET', '/healthz'),
    {
      name: 'malformed_json',
      what: 'truncated, binary, non-object and deeply nested JSON to /api/messages and the token route',
      weight: 2,
      maxOps: 10_000,
      minIntervalMs: 0,
      async run(soak, op) {
        const bodies = ['{"type":"message","text":', '{{{{', '\u0000\u0001\u0002binary', 'null', '"a string"', '[]', `${'['.repeat(50_000)}${']'.repeat(50_000)}`, '{"type":"message","serviceUrl":123,"conversation":"x"}'];
        const body = bodies[op.n % bodies.length]!;
        const path = op.n % 5 === 4 ? '/api/directline/token' : '/api/messages';
        op.record(label(await send({ port: soak.server.port, method: 'POST', path, headers: JSON_HEADERS, body, localAddress: op.address() })));
      },
    },
    {
      name: 'oversize_body',
      what: '1 MB bodies (MAX_BODY_BYTES is 256 KB), with Content-Length and chunked',
      weight: 1,
      maxOps: 10_000,
      minIntervalMs: 1_000,
      async run(soak, op) {
        const body = emulatorActivity(soak.connector.url, `oversize-${op.n}`, `o${op.n}`, 'x'.repeat(1 << 20));
        const variant = op.n % 3;
        const path = variant === 2 ? '/api/directline/token' : '/api/messages';
        const o = await send({ port: soak.server.port, method: 'POST', path, headers: JSON_HEADERS, body, chunked: variant === 1, localAddress: op.address() });
        op.record(`${variant === 1 ? 'chunked' : 'length'}_${label(o)}`);
      },
    },
    {
      name: 'gzip_bomb',
      what: 'a ~250 KB gzip body inflating to 256 MB of JSON, to /api/messages and the token route',
      weight: 0.2,
      maxOps: s.quick ? 1 : 6,
      minIntervalMs: 20_000,
      async run(soak, op) {
        const body = await gzipBomb();
        const path = op.n % 2 === 0 ? '/api/messages' : '/api/directline/token';
        const o = await send({ port: soak.server.port, method: 'POST', path, headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' }, body, localAddress: op.address(), timeoutMs: 30_000 });
        op.record(label(o));
      },
    },
    {
      name: 'service_url_internal',
      what: 'activities whose serviceUrl is another loopback port, the bot itself, 169.254.169.254, private ranges, odd IP spellings',
      weight: 2,
      maxOps: 10_000,
      minIntervalMs: 0,
      async run(soak, op) {
        const targets: ReadonlyArray<readonly [string, string]> = [
          ['loopback_closed_port', 'http://127.0.0.1:9'],
          ['loopback_bot_itself', `http://127.0.0.1:${soak.server.port}`],
          ['metadata', 'http://169.254.169.254/latest/meta-data/'],
          ['private_10', 'http://10.0.0.1:8080'],
          ['private_192_168', 'http://192.168.0.1'],
          ['private_172_16', 'http://172.16.0.1'],
          ['cgnat_100_64', 'http://100.64.0.1'],
          ['loopback_ipv6', 'http://[::1]:9'],
          ['loopback_decimal', 'http://2130706433:9'],
          ['loopback_hex', 'http://0x7f.1:9'],
          ['metadata_ipv4_mapped', 'http://[::ffff:169.254.169.254]/'],
          ['localhost', 'http://localhost:9'],
        ];
        const [name, target] = targets[op.n % targets.length]!;
        const conversationId = `ssrf-${op.n}-${randomBytes(3).toString('hex')}`;
        const body = JSON.stringify({ type: 'message', id: `s${op.n}`, channelId: 'emulator', serviceUrl: target, conversation: { id: conversationId }, from: { id: 'x' }, recipient: { id: 'bot' }, text: 'hi' });
        const o = await send({ port: soak.server.port, method: 'POST', path: '/api/messages', headers: JSON_HEADERS, body, localAddress: op.address(), timeoutMs: 25_000 });
        op.record(`${name}_${label(o)}`);
      },
    },
    {
      name: 'xff_rotation',
      what: 'from one address, each request with a new X-Forwarded-For: 10 token requests and 2 activities to /api/messages',
      weight: 1,
      maxOps: 10_000,
      minIntervalMs: 5_000,
      async run(soak, op) {
        // Always the same address: rotating X-Forwarded-For must not buy more than its limits (20 tokens a minute).
        const address = op.address(0);
        const xff = (): string => `${1 + Math.floor(Math.random() * 222)}.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;
        for (let i = 0; i < 10; i++) {
          const o = await send({ port: soak.server.port, method: 'POST', path: '/api/directline/token', headers: { 'x-forwarded-for': xff() }, localAddress: address });
          op.record(`token_${label(o)}`);
        }
        for (let i = 0; i < 2; i++) {
          const id = `xff-${op.n}-${i}`;
          const o = await send({ port: soak.server.port, method: 'POST', path: '/api/messages', headers: { ...JSON_HEADERS, 'x-forwarded-for': xff() }, body: emulatorActivity(soak.connector.url, id, id, 'hi'), localAddress: address });
          op.record(`messages_${label(o)}`);
        }
      },
    },
    {
      name: 'token_burst',
      what: `${s.tokenBurst} token requests at once from one address`,
      weight: 0.2,
      maxOps: s.quick ? 1 : 8,
      minIntervalMs: 20_000,
      async run(soak, op) {
        const address = op.address();
        const outcomes = await Promise.all(Array.from({ length: s.tokenBurst }, () => send({ port: soak.server.port, method: 'POST', path: '/api/directline/token', localAddress: address })));
        for (const o of outcomes) op.record(label(o));
      },
    },
    {
      name: 'webchat_expect_replies',
      what: "an expectReplies activity to /api/messages naming a real web chat conversation, channelId 'webchat'",
      weight: 1,
      maxOps: 10_000,
      minIntervalMs: 0,
      async run(soak, op) {
        const conversationId = soak.lastWebChat ?? 'AAAAAAAAAAAAAAAAAAAAAAAA';
        const body = JSON.stringify({
          type: 'message',
          id: `w${op.n}`,
          channelId: op.n % 2 === 0 ? 'webchat' : 'WebChat',
          serviceUrl: soak.connector.url,
          deliveryMode: 'expectReplies',
          conversation: { id: conversationId },
          from: { id: 'someone-else' },
          recipient: { id: 'bot' },
          text: 'what did I tell you before?',
        });
        const o = await send({ port: soak.server.port, method: 'POST', path: '/api/messages', headers: JSON_HEADERS, body, localAddress: op.address() });
        // An answer carrying activities would be that person's conversation read by someone else.
        op.record(ok2xx(o) && /"activities"|"text"/.test(o.body) ? `${label(o)}_LEAK` : label(o));
      },
    },
    {
      name: 'crisis_after_filler',
      what: `a crisis sentence after ${CRISIS_AFTER_FILLER.length - 22} characters of filler (Emulator and web chat in turn); the reply must carry 988`,
      weight: 1,
      maxOps: 10_000,
      minIntervalMs: 2_000,
      run: (soak, op) => crisisProbe(soak, 'crisis_after_filler', CRISIS_AFTER_FILLER, op.n, op.record),
    },
    {
      name: 'crisis_homoglyph',
      what: 'I want to kіll myself, with a Cyrillic і (U+0456); the reply must carry 988',
      weight: 1,
      maxOps: 10_000,
      minIntervalMs: 2_000,
      run: (soak, op) => crisisProbe(soak, 'crisis_homoglyph', CRISIS_HOMOGLYPH, op.n, op.record),
    },
  ];
}

/** Sockets that never finish their request; how and when the server ends each one. */
async function slowloris(soak: Soak, address: string, record: (what: string) => void): Promise<void> {
  const { slowlorisSockets: count, slowlorisHoldMs: holdMs } = soak.s;
  const port = soak.server.port;
  const life = soak.server.life;
  /** Sockets the server's death closed are not its answer to them; its exit may be seen a moment after they close. */
  const diedUnder = (): Promise<boolean> => sleep(300).then(() => life?.exit !== undefined);
  await Promise.all(
    Array.from(
      { length: count },
      (_, i) =>
        new Promise<void>((done) => {
          const kind = i % 2 === 0 ? 'headers' : 'body';
          const socket = connect({ host: '127.0.0.1', port, localAddress: address });
          const opened = performance.now();
          let answer = '';
          let finished = false;
          let trickle: NodeJS.Timeout | undefined;
          const end = (what: string): void => {
            if (finished) return;
            if (what === 'held_full_time') soak.slowlorisLongestMs = Math.max(soak.slowlorisLongestMs, performance.now() - opened);
            finished = true;
            clearInterval(trickle);
            clearTimeout(hold);
            clearInterval(stopCheck);
            socket.destroy();
            record(`${kind}_${what}`);
            done();
          };
          const hold = setTimeout(() => end('held_full_time'), holdMs);
          const stopCheck = setInterval(() => soak.stopping && end('ended_by_bench'), 250);
          socket.on('connect', () => {
            socket.write(`POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n`);
            if (kind === 'body') socket.write('Content-Length: 100000\r\n\r\n{"type":"message",');
            let line = 0;
            trickle = setInterval(() => {
              line++;
              if (!socket.writable) return;
              socket.write(kind === 'headers' ? `X-Trickle-${line}: ${line}\r\n` : `"k${line}":${line},`);
            }, 2_000);
          });
          socket.on('data', (d: Buffer) => {
            answer += d.toString('latin1');
          });
          const closed = async (err?: NodeJS.ErrnoException): Promise<void> => {
            if (finished) return;
            const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1];
            const heldMs = performance.now() - opened;
            clearInterval(trickle);
            if (err?.code === 'ECONNREFUSED') return end('refused');
            if (!status && (await diedUnder())) return end('server_died');
            soak.slowlorisLongestMs = Math.max(soak.slowlorisLongestMs, heldMs);
            if (status) return end(`http_${status}`);
            end(heldMs < 1_000 ? 'cut_at_once' : err ? 'reset' : 'closed_silently');
          };
          socket.on('error', (err: NodeJS.ErrnoException) => void closed(err));
          socket.on('close', () => void closed());
        }),
    ),
  );
}

/** The part of the hostile budget the campaigns (slowloris, WebSocket floods) may use. */
const CAMPAIGN_SHARE = 0.5;

async function hostileLoop(soak: Soak, kinds: HostileKind[]): Promise<void> {
  const lastStart = new Map<string, number>();
  const background = new Set<Promise<unknown>>();
  const active = new Set<string>();
  // Let the real traffic get going first.
  await sleep(soak.s.quick ? 1_000 : 3_000);

  /** Runs one op of `kind`; true when a connection was dropped under it. */
  const startOp = async (kind: HostileKind): Promise<boolean> => {
    const n = soak.hostile.ops.get(kind.name) ?? 0;
    soak.hostile.ops.set(kind.name, n + 1);
    lastStart.set(kind.name, performance.now());
    const record: OpRecord = { kind: kind.name, background: kind.background ?? false, startedAt: performance.now() };
    soak.ops.add(record);
    active.add(kind.name);
    const third = kinds.indexOf(kind);
    let rotating = n * 7;
    const run = kind.run(soak, {
      n,
      address: (k?: number) => loopbackAddress(66, third, k ?? rotating++),
      record: (what) => {
        // Reset mid-request, not refused: a refused connection found the server already gone.
        if (what === 'reset' || what.endsWith('_reset')) record.droppedConnection = true;
        soak.hostileResult(kind.name, what, kind.background);
      },
    });
    // Every kind ends by itself; this only guards against a bug in one.
    await Promise.race([run.catch((err: unknown) => soak.hostileResult(kind.name, `bench_error_${(err as Error).name}`)), guard(60_000)]);
    record.endedAt = performance.now();
    soak.ops.delete(record);
    active.delete(kind.name);
    soak.endedOps.push(record);
    if (soak.endedOps.length > 100) soak.endedOps.shift();
    return record.droppedConnection === true;
  };

  const eligible = (k: HostileKind, now: number): boolean =>
    !soak.quarantined.has(k.name) && !active.has(k.name) && (soak.hostile.ops.get(k.name) ?? 0) < k.maxOps && now - (lastStart.get(k.name) ?? -Infinity) >= k.minIntervalMs;

  while (!soak.stopping) {
    if (!soak.server.up) {
      await soak.server.waitUp(1_000);
      continue;
    }
    const now = performance.now();
    // The first of each kind goes early, whatever the budget.
    const fresh = kinds.find((k) => !soak.hostile.ops.has(k.name) && eligible(k, now));
    // Half the hostile budget for the campaigns' many sockets, half for the single requests.
    const allowance = soak.hostileAllowance();
    const campaignsWithin = soak.hostile.campaignRequests < CAMPAIGN_SHARE * allowance;
    const singlesWithin = soak.hostile.requests - soak.hostile.campaignRequests < (1 - CAMPAIGN_SHARE) * allowance;
    let next = fresh;
    if (!next && campaignsWithin) {
      const left = soak.s.seconds * 1_000 - soak.elapsed();
      next = kinds.find((k) => k.background && eligible(k, now) && left > (k.holdMs ?? 0) + 2_000);
    }
    if (!next && singlesWithin) {
      const ops = (k: HostileKind): number => (soak.hostile.ops.get(k.name) ?? 0) / k.weight;
      next = kinds.filter((k) => !k.background && k.weight > 0 && eligible(k, now)).sort((a, b) => ops(a) - ops(b))[0];
    }
    if (!next) {
      await sleep(50);
      continue;
    }
    if (next.background) {
      const p = startOp(next);
      background.add(p);
      void p.finally(() => background.delete(p));
    } else {
      const dropped = await startOp(next);
      // A dropped connection may be the server dying: wait to see, so the next request is not taken for the cause.
      if (dropped) await sleep(1_000);
    }
  }
  await Promise.all(background);
}

// ---- Sampling: memory and /healthz. ---------------------------------------------------------

function sampleMemory(soak: Soak): NodeJS.Timeout {
  return setInterval(() => {
    const life = soak.server.life;
    if (!life || life.exit) return;
    const r = residentMb(life.pid);
    if (!r) return;
    soak.rss.push({ t: round(soak.elapsed() / 1000), mb: r.rss, life: soak.server.lives.indexOf(life) });
    soak.rssMax = Math.max(soak.rssMax, r.rss, r.peak);
  }, 1_000);
}

async function pollHealth(soak: Soak): Promise<void> {
  const h = soak.health;
  h.lastOkAt = performance.now();
  while (!soak.stopping) {
    const tick = performance.now();
    h.polls++;
    const o = soak.server.up ? await send({ port: soak.server.port, path: '/healthz', localAddress: '127.9.0.1', timeoutMs: HEALTHZ_TIMEOUT_MS }) : undefined;
    const now = performance.now();
    if (o && isAnswer(o) && o.status === 200) {
      h.ok++;
      h.maxMs = Math.max(h.maxMs, o.ms);
      h.lastOkAt = now;
    } else {
      h.failed++;
      if (o) h.maxMs = Math.max(h.maxMs, o.ms);
    }
    h.longestGapMs = Math.max(h.longestGapMs, now - h.lastOkAt);
    await sleep(Math.max(0, 1_000 - (performance.now() - tick)));
  }
}

function progress(soak: Soak): NodeJS.Timeout {
  return setInterval(() => {
    const turns = soak.real.emulator.sent + soak.real.webchat.sent;
    const answered = soak.real.emulator.answered + soak.real.webchat.answered;
    process.stderr.write(
      `  soak ${Math.round(soak.elapsed() / 1000)}/${soak.s.seconds} s: rss ${soak.rss.at(-1)?.mb ?? '?'} MB (max ${soak.rssMax}), real turns ${answered}/${turns} answered, ` +
        `real requests ${soak.real.requests}, hostile ${soak.hostile.requests}, healthz ${soak.health.ok}/${soak.health.polls}, deaths ${soak.crashes.length}\n`,
    );
  }, 15_000);
}

// ---- The run. ---------------------------------------------------------------------------

export async function run(options: SoakOptions = {}): Promise<Record<string, number>> {
  const s = settings(options);
  const soak = new Soak(s);
  const kinds = hostileKinds(soak);
  process.stderr.write(`\n  soak: ${s.seconds} s${s.quick ? ' (quick)' : ''}, ${s.conversations} Emulator + ${s.webChats} web chat conversations at a time, ${s.hostileShare * 100}% hostile\n`);
  await gzipBomb();
  soak.server.build();
  await soak.connector.start();
  soak.server.onDeath = (life) => soak.onDeath(life);
  const timers: NodeJS.Timeout[] = [];
  let stopTimer: NodeJS.Timeout | undefined;
  let bound: NodeJS.Timeout | undefined;
  let end = { alive: false, rssEnd: -1 };
  try {
    await soak.server.start();
    const first = residentMb(soak.server.life!.pid);
    if (first) {
      soak.rss.push({ t: 0, mb: first.rss, life: 0 });
      soak.rssMax = first.rss;
    }
    soak.started = performance.now();
    timers.push(sampleMemory(soak), progress(soak));
    stopTimer = setTimeout(() => soak.stop('duration reached'), s.seconds * 1_000);
    const tasks = [
      ...Array.from({ length: s.conversations }, (_, w) => worker(soak, emulatorConversation, w)),
      ...Array.from({ length: s.webChats }, (_, w) => worker(soak, webChatConversation, 1_000 + w)),
      hostileLoop(soak, kinds),
      pollHealth(soak),
    ];
    // Everything ends by itself once stopping (each request within its timeout); this bounds the wait if not.
    const bounded = new Promise<void>((r) => {
      bound = setInterval(() => {
        if (!soak.stopping) return;
        clearInterval(bound);
        bound = setTimeout(r, 40_000);
      }, 250);
    });
    await Promise.race([Promise.all(tasks), bounded]);
    await Promise.race([soak.settled(), guard(5_000)]);
    const life = soak.server.life;
    const alive = soak.server.up;
    const atEnd = alive && life ? residentMb(life.pid) : undefined;
    if (atEnd) soak.rssMax = Math.max(soak.rssMax, atEnd.peak);
    end = { alive, rssEnd: atEnd?.rss ?? soak.rss.at(-1)?.mb ?? -1 };
  } finally {
    clearTimeout(stopTimer);
    clearTimeout(bound);
    for (const t of timers) clearInterval(t);
    soak.stop(soak.stopReason);
    await soak.server.stop();
    await soak.connector.stop();
  }
  return report(soak, kinds, end);
}

/** Least-squares growth of VmRSS over the last server life's samples, after its first 30 s; MB per minute. */
function rssSlope(soak: Soak): number {
  const life = soak.server.lives.length - 1;
  const samples = soak.rss.filter((r) => r.life === life);
  const from = (samples[0]?.t ?? 0) + 30;
  const points = samples.filter((r) => r.t >= from);
  if (points.length < 10) return 0;
  const mt = points.reduce((a, p) => a + p.t, 0) / points.length;
  const mm = points.reduce((a, p) => a + p.mb, 0) / points.length;
  const cov = points.reduce((a, p) => a + (p.t - mt) * (p.mb - mm), 0);
  const varT = points.reduce((a, p) => a + (p.t - mt) ** 2, 0);
  return round((cov / varT) * 60, 2);
}

function report(soak: Soak, kinds: HostileKind[], end: { alive: boolean; rssEnd: number }): Record<string, number> {
  const { real, hostile, health, crisis } = soak;
  const latencies = [...real.emulator.latencies, ...real.webchat.latencies].sort((a, b) => a - b);
  const sorted = (t: TurnStats) => [...t.latencies].sort((a, b) => a - b);
  const turns = real.emulator.sent + real.webchat.sent;
  const answered = real.emulator.answered + real.webchat.answered;
  const answeredShare = turns === 0 ? 0 : answered / turns;
  const firstCrash = soak.crashes[0];
  const figures: Record<string, number> = {
    seconds: Math.round(soak.elapsed() / 1000),
    server_alive_at_end: end.alive ? 1 : 0,
    server_deaths: soak.crashes.length,
    // -1: did not die; a signal shows as 128 + its number where known.
    first_death_exit_code: firstCrash ? (firstCrash.code ?? 128 + (firstCrash.signal === 'SIGKILL' ? 9 : firstCrash.signal === 'SIGABRT' ? 6 : firstCrash.signal === 'SIGSEGV' ? 11 : 0)) : -1,
    first_death_at_s: firstCrash ? firstCrash.atS : -1,
    rss_start_mb: soak.rss[0]?.mb ?? -1,
    rss_max_mb: soak.rssMax,
    rss_end_mb: end.rssEnd,
    rss_slope_mb_per_min: rssSlope(soak),
    real_requests: real.requests,
    real_turns_sent: turns,
    real_turns_answered: answered,
    real_answered_pct: round(answeredShare * 100, 2),
    real_p50_ms: round(percentile(latencies, 50), 1),
    real_p99_ms: round(percentile(latencies, 99), 1),
    emulator_turns_sent: real.emulator.sent,
    emulator_turns_answered: real.emulator.answered,
    emulator_p99_ms: round(percentile(sorted(real.emulator), 99), 1),
    webchat_turns_sent: real.webchat.sent,
    webchat_turns_answered: real.webchat.answered,
    webchat_p99_ms: round(percentile(sorted(real.webchat), 99), 1),
    webchat_streams: real.webchatStreams,
    real_5xx: real.fiveXx,
    real_failed_requests: [...real.problems.values()].reduce((a, b) => a + b, 0),
    hostile_requests: hostile.requests,
    hostile_share_pct: round((hostile.requests / Math.max(1, hostile.requests + real.requests)) * 100, 2),
    healthz_polls: health.polls,
    healthz_ok: health.ok,
    healthz_max_ms: round(health.maxMs, 1),
    healthz_longest_gap_s: round(health.longestGapMs / 1000, 1),
    slowloris_longest_hold_s: round(soak.slowlorisLongestMs / 1000, 1),
    crisis_probes: crisis.sent,
    crisis_probes_988: crisis.with988,
  };
  for (const [l, n] of real.problems) figures[`real_${l.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`] = n;
  for (const [kind, counts] of hostile.byKind) {
    for (const [what, n] of counts) figures[`hostile_${kind}_${what.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`] = n;
  }
  const targets = {
    no_crash: soak.crashes.length === 0 && end.alive,
    rss_le_300mb: soak.rssMax <= TARGET_RSS_MB,
    answered_ge_99pct: turns > 0 && answeredShare >= TARGET_ANSWERED,
    no_real_5xx: real.fiveXx === 0,
    crisis_988: crisis.sent > 0 && crisis.with988 === crisis.sent,
  };
  for (const [name, met] of Object.entries(targets)) figures[`target_${name}`] = met ? 1 : 0;
  figures.target_met = Object.values(targets).every(Boolean) ? 1 : 0;

  // The human report.
  const lines: string[] = [];
  const say = (line = ''): number => lines.push(line);
  say();
  say(`Hostile soak: ${figures.seconds} s (${soak.stopReason}), ${soak.s.conversations} Emulator + ${soak.s.webChats} web chat conversations at a time`);
  say(`  server: ${end.alive ? 'alive at the end' : 'NOT alive at the end'}; deaths: ${soak.crashes.length}`);
  for (const c of soak.crashes) {
    say(`    died at ${c.atS} s, exit ${c.code ?? c.signal}; suspects: ${c.suspects.join(', ')}${c.rssBeforeMb !== undefined ? `; RSS just before: ${c.rssBeforeMb} MB` : ''}`);
    for (const l of c.stderr.slice(-6)) say(`      | ${l}`);
  }
  say(`  memory (VmRSS): start ${figures.rss_start_mb} MB, max ${figures.rss_max_mb} MB, end ${figures.rss_end_mb} MB; growing ${figures.rss_slope_mb_per_min} MB a minute after the first 30 s`);
  say(`  real turns answered: ${answered}/${turns} (${figures.real_answered_pct}%): Emulator ${real.emulator.answered}/${real.emulator.sent}, web chat ${real.webchat.answered}/${real.webchat.sent}`);
  say(`  real latency: p50 ${figures.real_p50_ms} ms, p99 ${figures.real_p99_ms} ms (Emulator p99 ${figures.emulator_p99_ms}, web chat p99 ${figures.webchat_p99_ms})`);
  say(`  real requests: ${real.requests}; not 2xx: ${[...real.problems].map(([l, n]) => `${l} ×${n}`).join(', ') || 'none'}; 5xx: ${real.fiveXx}`);
  say(`  /healthz: ${health.ok}/${health.polls} answered 200 within ${HEALTHZ_TIMEOUT_MS / 1000} s, slowest ${figures.healthz_max_ms} ms, longest stretch without an answer ${figures.healthz_longest_gap_s} s`);
  say(`  hostile requests: ${hostile.requests} (${figures.hostile_share_pct}% of all)`);
  for (const kind of kinds) {
    const counts = hostile.byKind.get(kind.name);
    const tag = soak.quarantined.has(kind.name) ? ' [stopped after the server died]' : '';
    say(`    ${kind.name.padEnd(27)} ${counts ? [...counts].map(([w, n]) => `${w} ×${n}`).join(', ') : 'not sent'}${tag}`);
  }
  if (hostile.byKind.has('slowloris')) say(`  slowloris: the longest a socket stayed open was ${figures.slowloris_longest_hold_s} s`);
  say(`  crisis probes answered with 988: ${crisis.with988}/${crisis.sent}${crisis.failures.length ? ` (failed: ${[...new Set(crisis.failures)].join('; ')})` : ''}`);
  if (soak.server.logEvents.size > 0) say(`  server log, warn and above: ${[...soak.server.logEvents].map(([e, n]) => `${e} ×${n}`).join(', ')}`);
  say(`  connector: ${soak.connector.replies} replies received`);
  say('  targets:');
  say(`    ${targets.no_crash ? 'PASS' : 'FAIL'}  no crash`);
  say(`    ${targets.rss_le_300mb ? 'PASS' : 'FAIL'}  max RSS ≤ ${TARGET_RSS_MB} MB (${soak.rssMax} MB)`);
  say(`    ${targets.answered_ge_99pct ? 'PASS' : 'FAIL'}  ≥ ${TARGET_ANSWERED * 100}% of real turns answered (${figures.real_answered_pct}%)`);
  say(`    ${targets.no_real_5xx ? 'PASS' : 'FAIL'}  no 5xx to real traffic (${real.fiveXx})`);
  say(`    ${targets.crisis_988 ? 'PASS' : 'FAIL'}  every crisis probe answered with 988 (${crisis.with988}/${crisis.sent})`);
  process.stderr.write(`${lines.join('\n')}\n`);

  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(
    join(RESULTS_DIR, 'soak-latest.json'),
    `${JSON.stringify(
      {
        finishedAt: new Date().toISOString(),
        settings: soak.s,
        stopReason: soak.stopReason,
        figures,
        crashes: soak.crashes,
        quarantined: [...soak.quarantined],
        hostileKinds: kinds.map((k) => ({ name: k.name, what: k.what, ops: soak.hostile.ops.get(k.name) ?? 0, results: Object.fromEntries(hostile.byKind.get(k.name) ?? []) })),
        crisisFailures: crisis.failures,
        realProblems: Object.fromEntries(real.problems),
        logEvents: Object.fromEntries(soak.server.logEvents),
        serverTail: soak.server.tail.slice(-30),
        rss: soak.rss,
      },
      null,
      2,
    )}\n`,
  );
  return figures;
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === SELF;
if (invokedDirectly) {
  const figures = await run({ quick: process.argv.includes('--quick') ? true : undefined });
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(48)} ${value}`);
  if (figures.target_met !== 1) process.exitCode = 1;
}

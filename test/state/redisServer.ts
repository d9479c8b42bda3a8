import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** A throwaway redis-server owned by one test run: no persistence, loopback only. */
export interface TestRedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export const INSTALL_HINT = 'install it with: apt-get update && apt-get install -y redis-server';

export function redisServerOnPath(): boolean {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

/** True when a missing redis-server must fail the run rather than skip the suite. */
export function redisRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.REQUIRE_REDIS === '1';
}

/** A port the OS just handed out. Another process could take it before redis does, hence the retries below. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('could not read the free port');
  return address.port;
}

/**
 * For a suite's before(): starts a redis-server for it, or skips the suite with a notice
 * when redis-server is not installed (a failure instead with CI=true or REQUIRE_REDIS=1).
 */
export async function redisServerOrSkip(suite: Mocha.Context, what: string): Promise<TestRedisServer> {
  if (!redisServerOnPath()) {
    if (redisRequired()) throw new Error(`redis-server is not on PATH, and CI=true or REQUIRE_REDIS=1 makes the ${what} tests mandatory; ${INSTALL_HINT}`);
    console.warn(`\n  NOTICE: redis-server is not on PATH, so the ${what} tests are SKIPPED. To run them, ${INSTALL_HINT}. Set REQUIRE_REDIS=1 to make this a failure.\n`);
    suite.skip();
  }
  return startRedisServer();
}

export async function startRedisServer(attempts = 3): Promise<TestRedisServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = await freePort();
    try {
      return await launch(port);
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`could not start redis-server after ${attempts} attempts: ${String(lastError)}`);
}

/** A redis-server on a given port: the same address again after stop(), as when Redis comes back from an outage. */
export function startRedisServerOnPort(port: number): Promise<TestRedisServer> {
  return launch(port);
}

async function launch(port: number): Promise<TestRedisServer> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitUntilReady(child, 10_000);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => stop(child),
  };
}

function waitUntilReady(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`redis-server not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        cleanup();
        resolve();
      }
    };
    const onExit = (code: number | null): void => fail(new Error(`redis-server exited with ${code}:\n${output}`));
    const onError = (error: Error): void => fail(error);
    function fail(error: Error): void {
      cleanup();
      child.kill('SIGKILL');
      reject(error);
    }
    function cleanup(): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      // Keep draining output so a full pipe never blocks the server.
      child.stdout?.resume();
      child.stderr?.resume();
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

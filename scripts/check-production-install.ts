/**
 * Proves a production install starts: the built bot and the package files in a fresh
 * folder, `npm ci --omit=dev` (no TypeScript), `npm start`, GET /healthz.
 *   npm run check:production-install [-- --keep]
 * Takes a minute or two (npm installs ~740 packages), so it is not in `npm test`;
 * test/http/prestart.test.ts checks the start logic itself in a second.
 *
 * The install tries `--offline` first (the npm cache); when the cache lacks a package's
 * metadata (the lockfile records no tarball URLs) it retries with `--prefer-offline`,
 * which asks the registry only for what is missing. If the registry cannot be reached
 * either, it stops with exit code 2 and says so: not a pass.
 * Exit codes: 0 passed, 1 failed, 2 could not run (registry unreachable).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromRoot } from '../src/paths.js';

/** What a deployment ships besides node_modules: the compiled bot, what it reads, and how to install and start it. */
const SHIPPED = ['data', 'web', 'package.json', 'package-lock.json', 'scripts/prestart.mjs'];
const INSTALL_TIMEOUT_MS = 300_000;
const START_TIMEOUT_MS = 60_000;

const npmCli = process.env.npm_execpath;
function npm(args: string[], cwd: string, timeout: number): { status: number | null; output: string } {
  const [command, fullArgs] = npmCli?.endsWith('.js') ? [process.execPath, [npmCli, ...args]] : ['npm', args];
  const result = spawnSync(command, fullArgs, { cwd, encoding: 'utf8', timeout, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}${result.error ? String(result.error) : ''}` };
}

function step(message: string): void {
  process.stdout.write(`${message}\n`);
}

/** Runs `npm start` in `dir`; resolves with the port it listens on, or rejects with its output. */
function startServer(dir: string): { stop: () => void; listening: Promise<number>; exited: Promise<{ code: number | null; output: string }> } {
  const [command, args] = npmCli?.endsWith('.js') ? [process.execPath, [npmCli, 'start']] : ['npm', ['start']];
  const child = spawn(command, args, {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const exited = new Promise<{ code: number | null; output: string }>((resolve) => child.on('close', (code) => resolve({ code, output })));
  const listening = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /"event":"listening","port":(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before listening:\n${output}`));
    });
  });
  // npm runs node as its child: signal the whole group so neither is left behind.
  const stop = (): void => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  };
  return { stop, listening, exited };
}

async function main(): Promise<number> {
  const keep = process.argv.includes('--keep');
  const dir = mkdtempSync(path.join(tmpdir(), 'production-install-'));
  try {
    step(`Building into ${dir}/build (tsc, as npm run build does)`);
    execFileSync(process.execPath, [fromRoot('node_modules/typescript/bin/tsc'), '-p', fromRoot('tsconfig.build.json'), '--noCheck', '--outDir', path.join(dir, 'build')]);
    for (const item of SHIPPED) cpSync(fromRoot(item), path.join(dir, item), { recursive: true });

    step('npm ci --omit=dev --offline');
    let started = performance.now();
    let install = npm(['ci', '--omit=dev', '--offline'], dir, INSTALL_TIMEOUT_MS);
    if (install.status !== 0 && /ENOTCACHED/.test(install.output)) {
      step('  the npm cache lacks some package metadata: npm ci --omit=dev --prefer-offline');
      install = npm(['ci', '--omit=dev', '--prefer-offline'], dir, INSTALL_TIMEOUT_MS);
    }
    if (install.status !== 0) {
      if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|ENOTCACHED/.test(install.output)) {
        process.stderr.write(`Could not run: npm ci needs the registry for packages not in the cache, and it cannot be reached.\n${install.output}\n`);
        return 2;
      }
      process.stderr.write(`FAILED: npm ci --omit=dev:\n${install.output}\n`);
      return 1;
    }
    step(`  installed in ${Math.round((performance.now() - started) / 1000)} s`);
    if (existsSync(path.join(dir, 'node_modules', 'typescript'))) {
      process.stderr.write('FAILED: typescript was installed, so this was not a production install\n');
      return 1;
    }

    step('npm start (no TypeScript: runs the shipped build/)');
    started = performance.now();
    const server = startServer(dir);
    try {
      const port = await server.listening;
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      const body = await health.text();
      if (health.status !== 200) {
        process.stderr.write(`FAILED: GET /healthz answered ${health.status} ${body}\n`);
        return 1;
      }
      step(`  listening on ${port} after ${Math.round(performance.now() - started)} ms; GET /healthz: ${health.status} ${body}`);
    } finally {
      server.stop();
      await server.exited;
    }

    step('npm start without build/ (no TypeScript to make one)');
    renameSync(path.join(dir, 'build'), path.join(dir, 'build.moved'));
    const missing = startServer(dir);
    missing.listening.catch(() => undefined);
    const { code, output } = await missing.exited;
    const line = output.split('\n').find((l) => l.startsWith('Cannot start:'));
    if (code === 0 || line === undefined) {
      process.stderr.write(`FAILED: expected npm start to stop with one "Cannot start:" line, got exit ${code}:\n${output}\n`);
      return 1;
    }
    step(`  exit ${code}: ${line}`);
    step('OK: a production install (npm ci --omit=dev) of the built bot starts and answers /healthz');
    return 0;
  } finally {
    if (keep) step(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../src/paths.js';

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point with tsx in a child process, with exactly the given environment. */
export function runTs(script: string, env: Record<string, string>, args: string[] = []): { child: ChildProcess; done: Promise<Finished> } {
  const { child, done } = runNode([], script, env, args);
  return { child, done };
}

/** Node with `nodeFlags`, tsx and `script`; what it prints is collected as it comes. */
function runNode(nodeFlags: string[], script: string, env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', fromRoot(script), ...args], {
    cwd: fromRoot('.'),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Finished>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done, output: () => stdout };
}

/** Resolves with the port once the server logs that it is listening. */
export function waitForListening(child: ChildProcess, timeoutMs = 30_000): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms`)), timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      buffer += d.toString();
      const match = /"event":"listening","port":(\d+)/.exec(buffer);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on('close', () => reject(new Error(`server exited before listening`)));
  });
}

/**
 * Starts src/index.ts the way `npm start` runs the compiled bot: with the start script's
 * node flags (its heap caps above all, which decide whether a flood runs it out of memory),
 * read from package.json so the two cannot drift apart. Resolves once it listens.
 */
export async function startLikeNpmStart(
  env: Record<string, string>,
  /** How long start-up may take (a loaded machine compiles slowly). */
  timeoutMs = 30_000,
): Promise<{ child: ChildProcess; done: Promise<Finished>; port: number; base: string; output: () => string }> {
  const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { scripts: { start: string } };
  const flags = pkg.scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
  const { child, done, output } = runNode(flags, 'src/index.ts', { PORT: '0', HOST: '127.0.0.1', ...env });
  // A server that never listened is stopped here: nobody else holds its handle.
  const port = await waitForListening(child, timeoutMs).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return { child, done, port, base: `http://127.0.0.1:${port}`, output };
}

/** Resident memory of a process in MB, from /proc (Linux). */
export function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return kb === undefined ? Number.NaN : Number(kb) / 1024;
}

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { CallbackQueue } from '../../src/domain/callbacks/queueStore.js';
import { QueueFile } from '../../src/domain/callbacks/schema.js';
import { fromRoot } from '../../src/paths.js';
import { tempDir } from './escalationBot.js';

/**
 * Runs the writer until it has acknowledged `acks` requests, then SIGKILLs it while its
 * loops are still writing. Resolves with every id it acknowledged.
 */
function writeUntilKilled(path: string, acks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fromRoot('scripts/callback-queue-writer.ts'), path], {
      cwd: fromRoot('.'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: string[] = [];
    let buffer = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('ack ')) acked.push(line.slice(4));
      if (!killed && acked.length >= acks) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('close', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`writer exited on its own (${String(_code)}): ${stderr.slice(0, 500)}`));
    });
  });
}

/** Reads the file over and over until stopped; counts reads that were not a complete, valid queue. */
function watchReads(path: string): { stop: () => Promise<{ reads: number; torn: number }> } {
  let running = true;
  let reads = 0;
  let torn = 0;
  const done = (async () => {
    while (running) {
      try {
        QueueFile.parse(JSON.parse(await readFile(path, 'utf8')));
      } catch {
        torn++;
      }
      reads++;
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return { reads, torn };
    },
  };
}

describe('callback queue survives a killed process', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir()));
  after(async () => cleanup());

  it('after SIGKILL mid-stream the file is valid JSON holding every acknowledged request (3 rounds)', async function () {
    this.timeout(120_000);
    const path = join(dir, 'callbacks.json');
    // A big file (~0.5 MB) makes every write take a while, so the kill is likely to land inside one.
    const at = new Date().toISOString();
    const seed = Array.from({ length: 3000 }, (_, i) => ({
      id: randomUUID(),
      phone: `+1773555${String(i).padStart(4, '0')}`,
      bestTime: 'Evening',
      consentAt: at,
      createdAt: at,
      status: 'pending' as const,
    }));
    await writeFile(path, JSON.stringify(QueueFile.parse({ version: 1, requests: seed })));
    const everAcked: string[] = seed.map((r) => r.id);
    for (let round = 1; round <= 3; round++) {
      // Meanwhile another reader must only ever see the old file or the new one, never half of one.
      const watcher = watchReads(path);
      const acked = await writeUntilKilled(path, 40);
      const { reads, torn } = await watcher.stop();
      expect(reads, `round ${round}: reads during the writes`).to.be.greaterThan(0);
      expect(torn, `round ${round}: torn reads out of ${reads}`).to.equal(0);
      expect(acked.length, `round ${round}`).to.be.at.least(40);
      everAcked.push(...acked);

      // Read the raw file first: valid JSON, valid queue, every acknowledged id present.
      const file = QueueFile.parse(JSON.parse(await readFile(path, 'utf8')));
      const onDisk = new Set(file.requests.map((r) => r.id));
      const missing = everAcked.filter((id) => !onDisk.has(id));
      expect(missing, `round ${round}: acknowledged but lost`).to.deep.equal([]);

      // Reopening works and clears any temp file the kill left behind.
      const reopened = await CallbackQueue.open(path);
      expect((await reopened.count())).to.equal(file.requests.length);
      expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).to.deep.equal([]);
    }
  });
});

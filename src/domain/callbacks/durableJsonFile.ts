import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import type { z } from 'zod';

/** A problem with the queue file; the message names the file and never quotes its contents. */
export class QueueFileError extends Error {
  override name = 'QueueFileError';
}

/**
 * A lowdb adapter whose writes survive a crash at any point:
 * write a temp file in the same directory, fsync it, rename it over the target, fsync
 * the directory. A reader sees the old file or the new one, never half of one, and once
 * write() resolves the new contents are on disk (not just in the page cache).
 * lowdb's own JSONFile (steno) renames too, but never fsyncs.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  private readonly dir: string;
  private readonly tempPrefix: string;
  private counter = 0;

  constructor(
    readonly path: string,
    private readonly schema: z.ZodType<T>,
  ) {
    this.dir = dirname(path);
    this.tempPrefix = `.${basename(path)}.`;
  }

  async read(): Promise<T | null> {
    let raw: string;
    try {
      raw = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new QueueFileError(`Cannot read ${this.path}: ${(err as NodeJS.ErrnoException).code ?? 'read failed'}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      // V8's message quotes the text around the problem, which may hold phone numbers: keep only the position.
      const position = /position (\d+)/.exec((err as Error).message)?.[1];
      throw new QueueFileError(`${this.path} is not valid JSON${position ? ` (problem at character ${position})` : ''}. Fix or move the file, then start again.`);
    }
    const parsed = this.schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
      throw new QueueFileError(`${this.path} is not a valid callback queue: ${where}: ${issue?.message ?? 'invalid'}. Fix or move the file, then start again.`);
    }
    return parsed.data;
  }

  async write(data: T): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const temp = join(this.dir, `${this.tempPrefix}${process.pid}.${++this.counter}.tmp`);
    try {
      // 0o600: the file holds phone numbers.
      const file = await open(temp, 'w', 0o600);
      try {
        await file.writeFile(JSON.stringify(data), 'utf8');
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, this.path);
    } catch (err) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw err;
    }
    await syncDirectory(this.dir);
  }

  /** Removes temp files a killed process left behind: they may hold numbers nobody acknowledged. */
  async removeStaleTempFiles(): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return 0;
    }
    const stale = names.filter((n) => n.startsWith(this.tempPrefix) && n.endsWith('.tmp'));
    await Promise.all(stale.map((n) => rm(join(this.dir, n), { force: true })));
    return stale.length;
  }
}

/** Makes a rename in `dir` durable. Some platforms (Windows) cannot fsync a directory; there the rename is as durable as the OS makes it. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM') throw err;
  } finally {
    await handle.close();
  }
}

import { watch as watchDirectory, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import type { Logger } from '../../logger.js';
import { formatPath } from '../catalog/validate.js';
import { MeetingsFile } from './schema.js';

/**
 * The meetings store (data/meetings.json), read and written through lowdb like the program
 * catalog (src/domain/catalog/store.ts): validated at start-up (one bad meeting stops the start
 * with its id, the field and the problem), reloaded when the file changes, and a bad edit is
 * refused with a logged error while the last good store stays in service. Problems name ids
 * and fields, never values.
 */

export class MeetingsError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'MeetingsError';
  }
}

const MAX_PROBLEMS_SHOWN = 20;

interface Parsed {
  json: unknown;
}

function parseJsonText(text: string, filePath: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MeetingsError(`Meetings file ${filePath} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Validates parsed JSON as a meetings file; throws MeetingsError listing id, field and problem. */
export function parseMeetings(json: unknown, filePath: string): MeetingsFile {
  const parsed = MeetingsFile.safeParse(json);
  if (parsed.success) return parsed.data;
  const meetings = (json as { meetings?: unknown[] } | null)?.meetings;
  const problems = parsed.error.issues.map((issue) => {
    const [top, index, ...rest] = issue.path;
    if (top === 'meetings' && typeof index === 'number') {
      const id = (meetings?.[index] as { id?: unknown } | undefined)?.id;
      return `Meeting ${typeof id === 'string' ? JSON.stringify(id.slice(0, 80)) : `#${index}`}: ${formatPath(rest) || '(meeting)'}: ${issue.message}`;
    }
    return `${formatPath(issue.path) || '(file)'}: ${issue.message}`;
  });
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
  const more = problems.length > shown.length ? `\n…and ${problems.length - shown.length} more` : '';
  throw new MeetingsError(`Meetings file ${filePath} is invalid:\n${shown.join('\n')}${more}`, problems);
}

function meetingsFile(filePath: string): DataFile<Parsed> {
  return new DataFile<Parsed>(filePath, {
    parse: (text) => ({ json: parseJsonText(text, filePath) }),
    // Small stores pretty (reviewable diffs), large imports compact.
    stringify: (data) => `${JSON.stringify(data.json, null, ((data.json as MeetingsFile).meetings?.length ?? 0) > 5000 ? undefined : 1)}\n`,
  });
}

async function readValidated(file: DataFile<Parsed>, filePath: string): Promise<MeetingsFile> {
  let parsed: Parsed | null;
  try {
    parsed = await file.read();
  } catch (error) {
    if (error instanceof MeetingsError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new MeetingsError(`Meetings file ${filePath} cannot be read (${code ?? 'unknown error'})`);
  }
  if (parsed === null) throw new MeetingsError(`Meetings file not found: ${filePath}`);
  return parseMeetings(parsed.json, filePath);
}

export async function loadMeetings(filePath: string): Promise<MeetingsFile> {
  return readValidated(meetingsFile(filePath), filePath);
}

async function fileVersion(filePath: string): Promise<string | undefined> {
  try {
    const info = await stat(filePath);
    return `${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
  } catch {
    return undefined;
  }
}

export type MeetingsListener = (file: MeetingsFile) => void;

/** The meetings in service; see the file comment. */
export class MeetingStore {
  #current: MeetingsFile;
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #reloading: Promise<void> = Promise.resolve();
  #listeners = new Set<MeetingsListener>();
  #handledVersion: string | undefined;

  private constructor(
    readonly filePath: string,
    private readonly file: DataFile<Parsed>,
    private readonly logger: Logger,
    initial: MeetingsFile,
  ) {
    this.#current = initial;
  }

  static async open(filePath: string, logger: Logger): Promise<MeetingStore> {
    const file = meetingsFile(filePath);
    const version = await fileVersion(filePath);
    const data = await readValidated(file, filePath);
    logger.info({ event: 'meetings.loaded', file: filePath, meetings: data.meetings.length, sample: data.meta.sample }, 'Meetings loaded');
    const store = new MeetingStore(filePath, file, logger, data);
    store.#handledVersion = version;
    return store;
  }

  current(): MeetingsFile {
    return this.#current;
  }

  onReload(listener: MeetingsListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reloads when the file changes (watches the directory: lowdb and editors rename a new file over it). */
  watch(options: { debounceMs?: number } = {}): void {
    if (this.#watcher) return;
    const debounceMs = options.debounceMs ?? 200;
    const directory = path.dirname(path.resolve(this.filePath));
    const name = path.basename(this.filePath);
    this.#watcher = watchDirectory(directory, { persistent: false }, (_event, changed) => {
      if (changed !== null && changed.toString() !== name) return;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => {
        this.#reloading = this.#reloading.then(() => this.#reloadIfChanged());
      }, debounceMs);
    });
    this.#watcher.on('error', (error) => {
      this.logger.error({ event: 'meetings.watch_failed', file: this.filePath, code: (error as NodeJS.ErrnoException).code }, 'Meetings watch failed; hot reload stopped');
    });
  }

  async #reloadIfChanged(): Promise<void> {
    const version = await fileVersion(this.filePath);
    if (version !== undefined && version === this.#handledVersion) return;
    await this.reload();
  }

  /** Re-reads the file now; keeps the current meetings if the file is bad. Returns whether it was accepted. */
  async reload(): Promise<boolean> {
    this.#handledVersion = await fileVersion(this.filePath);
    let next: MeetingsFile;
    try {
      next = await readValidated(this.file, this.filePath);
    } catch (error) {
      const problems = error instanceof MeetingsError ? error.problems : [];
      const reason = error instanceof MeetingsError ? (error.message.split('\n')[0] ?? '') : 'unexpected error';
      this.logger.error(
        { event: 'meetings.reload_refused', file: this.filePath, reason, problems: problems.slice(0, 20), problemCount: problems.length, meetingsInService: this.#current.meetings.length },
        'Meetings edit refused; the last good meetings stay in service',
      );
      return false;
    }
    this.#replace(next);
    this.logger.info({ event: 'meetings.reloaded', file: this.filePath, meetings: next.meetings.length }, 'Meetings reloaded');
    return true;
  }

  async close(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#watcher?.close();
    this.#watcher = undefined;
    await this.#reloading;
    this.#listeners.clear();
  }

  #replace(data: MeetingsFile): void {
    this.#current = data;
    for (const listener of this.#listeners) {
      try {
        listener(data);
      } catch (error) {
        this.logger.error({ event: 'meetings.listener_failed', error: error instanceof Error ? error.name : 'unknown' }, 'A meetings reload listener failed');
      }
    }
  }
}

/** Writes a meetings file through lowdb (atomic: temp file and rename), validating it first. */
export async function saveMeetings(filePath: string, data: MeetingsFile): Promise<void> {
  const valid = parseMeetings(data, filePath);
  await new Low<Parsed>(meetingsFile(filePath), { json: valid }).write();
}

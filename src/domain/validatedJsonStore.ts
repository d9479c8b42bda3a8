import { watch as watchDirectory, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import type { Logger } from '../logger.js';
import { describeJsonError } from './catalog/validate.js';

/**
 * A validated JSON data file kept in service: the program catalog (catalog/store.ts) and the
 * meetings (meetings/store.ts). Read and written through lowdb (writes go through steno: a
 * temp file renamed over the old one, so a reader never sees half a file), validated at
 * start-up (a bad file stops the start with the record, the field and the problem), reloaded
 * when the file changes, and a bad edit is refused with a logged error while the last good
 * data stays in service. Errors and logs name ids, fields and counts, never values.
 */

/** The error a kind of file throws: its message names the file, `problems` has a line per bad record. */
export interface StoreError extends Error {
  readonly problems: readonly string[];
}

/** What makes one kind of data file: how it is validated, written, and named in errors and logs. */
export interface JsonFileKind<T> {
  /** The log events' prefix ("catalog" gives catalog.loaded, catalog.reload_refused…). */
  readonly event: string;
  /** How the data is named in log messages ("Catalog", "Meetings"). */
  readonly title: string;
  /** How the file is named in errors ("Catalog file", "Meetings file"). */
  readonly fileNoun: string;
  readonly error: new (message: string, problems?: readonly string[]) => StoreError;
  /** Validates parsed JSON; throws `error` naming each bad record. */
  readonly validate: (json: unknown, filePath: string) => T;
  readonly stringify: (data: T) => string;
  /** What the log says of the data ({ programs: 150, sample: true }): counts, never values. */
  readonly describe: (data: T) => Readonly<Record<string, number | boolean>>;
  /** What the refusal log says stays in service ({ programsInService: 150 }). */
  readonly inService: (data: T) => Readonly<Record<string, number>>;
}

/**
 * The file's parsed JSON, boxed so that a file holding `null` is not mistaken for lowdb's
 * "no such file" (null), and so Low never skips falsy data.
 */
interface Parsed {
  json: unknown;
}

function dataFile<T>(filePath: string, kind: JsonFileKind<T>): DataFile<Parsed> {
  const KindError = kind.error;
  return new DataFile<Parsed>(filePath, {
    parse: (text) => {
      try {
        return { json: JSON.parse(text) as unknown };
      } catch (error) {
        throw new KindError(`${kind.fileNoun} ${filePath} is not valid JSON: ${describeJsonError(text, error)}`);
      }
    },
    // Only validated data is ever written (save and saveValidated validate first).
    stringify: (data) => kind.stringify(data.json as T),
  });
}

/** Reads through the adapter rather than Low.read(), which keeps stale data when the file is gone. */
async function readValidated<T>(file: DataFile<Parsed>, filePath: string, kind: JsonFileKind<T>): Promise<T> {
  const KindError = kind.error;
  let parsed: Parsed | null;
  try {
    parsed = await file.read();
  } catch (error) {
    if (error instanceof KindError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new KindError(`${kind.fileNoun} ${filePath} cannot be read (${code ?? 'unknown error'})`);
  }
  if (parsed === null) throw new KindError(`${kind.fileNoun} not found: ${filePath}`);
  return kind.validate(parsed.json, filePath);
}

/** Reads and validates a file; throws the kind's error naming the file, record, field and problem. */
export async function loadValidated<T>(filePath: string, kind: JsonFileKind<T>): Promise<T> {
  return readValidated(dataFile(filePath, kind), filePath, kind);
}

/** Writes a file through lowdb (atomic), validating it first. */
export async function saveValidated<T>(filePath: string, data: T, kind: JsonFileKind<T>): Promise<void> {
  const valid = kind.validate(data, filePath);
  await new Low<Parsed>(dataFile(filePath, kind), { json: valid }).write();
}

/** Identifies one version of the file, so events for a version already handled are ignored. */
async function fileVersion(filePath: string): Promise<string | undefined> {
  try {
    const info = await stat(filePath);
    return `${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
  } catch {
    return undefined;
  }
}

export interface WatchOptions {
  /** Quiet time after the last change before reloading; editors write in bursts. */
  debounceMs?: number;
}

/** The data in service; a bad edit never replaces good data (see the file comment). */
export class ValidatedJsonStore<T> {
  #current: T;
  #db: Low<Parsed>;
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #reloading: Promise<void> = Promise.resolve();
  #listeners = new Set<(data: T) => void>();
  /** The file version last loaded, refused or written by us. */
  #handledVersion: string | undefined;

  private constructor(
    readonly filePath: string,
    private readonly kind: JsonFileKind<T>,
    private readonly file: DataFile<Parsed>,
    private readonly logger: Logger,
    initial: T,
  ) {
    this.#current = initial;
    this.#db = new Low<Parsed>(file, { json: initial });
  }

  /** Loads and validates the file; throws the kind's error if it is missing or invalid. */
  static async open<T>(filePath: string, logger: Logger, kind: JsonFileKind<T>): Promise<ValidatedJsonStore<T>> {
    const file = dataFile(filePath, kind);
    const version = await fileVersion(filePath);
    const data = await readValidated(file, filePath, kind);
    logger.info({ event: `${kind.event}.loaded`, file: filePath, ...kind.describe(data) }, `${kind.title} loaded`);
    const store = new ValidatedJsonStore(filePath, kind, file, logger, data);
    store.#handledVersion = version;
    return store;
  }

  /** The current good data. */
  current(): T {
    return this.#current;
  }

  /** Called with the new data after every successful reload or save; returns an unsubscribe function. */
  onReload(listener: (data: T) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Reloads when the file changes. Watches the directory, not the file, because editors and
   * lowdb itself replace the file by renaming a new one over it.
   */
  watch(options: WatchOptions = {}): void {
    if (this.#watcher) return;
    const debounceMs = options.debounceMs ?? 200;
    const directory = path.dirname(path.resolve(this.filePath));
    const name = path.basename(this.filePath);
    this.#watcher = watchDirectory(directory, { persistent: false }, (_event, changed) => {
      // Some platforms omit the name; an unchanged file is skipped below anyway.
      if (changed !== null && changed.toString() !== name) return;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => {
        this.#reloading = this.#reloading.then(() => this.#reloadIfChanged());
      }, debounceMs);
    });
    this.#watcher.on('error', (error) => {
      this.logger.error({ event: `${this.kind.event}.watch_failed`, file: this.filePath, code: (error as NodeJS.ErrnoException).code }, `${this.kind.title} watch failed; hot reload stopped`);
    });
  }

  /** Our own save, or an event that changed nothing (touch, chmod), needs no reload or second log line. */
  async #reloadIfChanged(): Promise<void> {
    const version = await fileVersion(this.filePath);
    if (version !== undefined && version === this.#handledVersion) return;
    await this.reload();
  }

  /** Re-reads the file now; keeps the current data if the file is bad. Returns whether it was accepted. */
  async reload(): Promise<boolean> {
    this.#handledVersion = await fileVersion(this.filePath);
    let next: T;
    try {
      next = await readValidated(this.file, this.filePath, this.kind);
    } catch (error) {
      const known = error instanceof this.kind.error;
      const problems = known ? (error as StoreError).problems : [];
      const reason = known ? ((error as StoreError).message.split('\n')[0] ?? '') : 'unexpected error';
      this.logger.error(
        { event: `${this.kind.event}.reload_refused`, file: this.filePath, reason, problems: problems.slice(0, 20), problemCount: problems.length, ...this.kind.inService(this.#current) },
        `${this.kind.title} edit refused; the last good version stays in service`,
      );
      return false;
    }
    this.#replace(next);
    this.logger.info({ event: `${this.kind.event}.reloaded`, file: this.filePath, ...this.kind.describe(next) }, `${this.kind.title} reloaded`);
    return true;
  }

  /** Validates and writes the data atomically, then serves it. Throws the kind's error if invalid. */
  async save(data: T): Promise<void> {
    const valid = this.kind.validate(data, this.filePath);
    this.#db.data = { json: valid };
    await this.#db.write();
    this.#handledVersion = await fileVersion(this.filePath);
    this.#replace(valid);
  }

  /** Stops watching; waits for a reload in progress. */
  async close(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#watcher?.close();
    this.#watcher = undefined;
    await this.#reloading;
    this.#listeners.clear();
  }

  #replace(data: T): void {
    this.#current = data;
    for (const listener of this.#listeners) {
      try {
        listener(data);
      } catch (error) {
        this.logger.error({ event: `${this.kind.event}.listener_failed`, error: error instanceof Error ? error.name : 'unknown' }, `A ${this.kind.event} reload listener failed`);
      }
    }
  }
}

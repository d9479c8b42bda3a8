import { watch as watchDirectory, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import type { Logger } from '../../logger.js';
import type { Catalog, CatalogMeta, Program } from './schema.js';
import { CatalogError, parseCatalog, parseJsonText } from './validate.js';

export { CatalogError } from './validate.js';

/**
 * The file's parsed JSON, boxed so that a file holding `null` is not mistaken for
 * lowdb's "no such file" (null), and so Low never skips falsy data.
 */
interface Parsed {
  json: unknown;
}

/**
 * The catalog file, read and written through lowdb. Writes go through steno
 * (temp file + rename), so a reader never sees a half-written catalog.
 */
function catalogFile(filePath: string): DataFile<Parsed> {
  return new DataFile<Parsed>(filePath, {
    parse: (text) => ({ json: parseJsonText(text, filePath) }),
    stringify: (data) => `${JSON.stringify(data.json, null, 2)}\n`,
  });
}

/** Reads through the adapter rather than Low.read(), which keeps stale data when the file is gone. */
async function readValidated(file: DataFile<Parsed>, filePath: string): Promise<Catalog> {
  let parsed: Parsed | null;
  try {
    parsed = await file.read();
  } catch (error) {
    if (error instanceof CatalogError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CatalogError(`Catalog file ${filePath} cannot be read (${code ?? 'unknown error'})`);
  }
  if (parsed === null) throw new CatalogError(`Catalog file not found: ${filePath}`);
  return parseCatalog(parsed.json, filePath);
}

/** Reads and validates a catalog file; throws CatalogError naming the file, record, field and problem. */
export async function loadCatalog(filePath: string): Promise<Catalog> {
  return readValidated(catalogFile(filePath), filePath);
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

export type ReloadListener = (catalog: Catalog) => void;

export interface WatchOptions {
  /** Quiet time after the last change before reloading; editors write in bursts. */
  debounceMs?: number;
}

/**
 * The catalog in service. A bad edit never replaces a good catalog: the bot keeps
 * answering from the last good one and the problem is logged (id, field, problem only).
 */
export class CatalogStore {
  #current: Catalog;
  #db: Low<Parsed>;
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #reloading: Promise<void> = Promise.resolve();
  #listeners = new Set<ReloadListener>();
  /** The file version last loaded, refused or written by us. */
  #handledVersion: string | undefined;

  private constructor(
    readonly filePath: string,
    private readonly file: DataFile<Parsed>,
    private readonly logger: Logger,
    initial: Catalog,
  ) {
    this.#current = initial;
    this.#db = new Low<Parsed>(file, { json: initial });
  }

  /** Loads and validates the file; throws CatalogError if it is missing or invalid. */
  static async open(filePath: string, logger: Logger): Promise<CatalogStore> {
    const file = catalogFile(filePath);
    const version = await fileVersion(filePath);
    const catalog = await readValidated(file, filePath);
    logger.info({ event: 'catalog.loaded', file: filePath, programs: catalog.programs.length, sample: catalog.meta.sample }, 'Catalog loaded');
    const store = new CatalogStore(filePath, file, logger, catalog);
    store.#handledVersion = version;
    return store;
  }

  /** The current good catalog's programs. */
  programs(): readonly Program[] {
    return this.#current.programs;
  }

  meta(): CatalogMeta {
    return this.#current.meta;
  }

  catalog(): Catalog {
    return this.#current;
  }

  /** Called with the new catalog after every successful reload or save; returns an unsubscribe function. */
  onReload(listener: ReloadListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Reloads when the file changes. Watches the directory, not the file, because
   * editors and lowdb itself replace the file by renaming a new one over it.
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
      this.logger.error({ event: 'catalog.watch_failed', file: this.filePath, code: (error as NodeJS.ErrnoException).code }, 'Catalog watch failed; hot reload stopped');
    });
  }

  /** Our own save, or an event that changed nothing (touch, chmod), needs no reload or second log line. */
  async #reloadIfChanged(): Promise<void> {
    const version = await fileVersion(this.filePath);
    if (version !== undefined && version === this.#handledVersion) return;
    await this.reload();
  }

  /** Re-reads the file now; keeps the current catalog if the file is bad. Returns whether it was accepted. */
  async reload(): Promise<boolean> {
    this.#handledVersion = await fileVersion(this.filePath);
    let next: Catalog;
    try {
      next = await readValidated(this.file, this.filePath);
    } catch (error) {
      const problems = error instanceof CatalogError ? error.problems : [];
      const reason = error instanceof CatalogError ? error.message.split('\n')[0] : 'unexpected error';
      this.logger.error(
        { event: 'catalog.reload_refused', file: this.filePath, reason, problems: problems.slice(0, 20), problemCount: problems.length, programsInService: this.#current.programs.length },
        'Catalog edit refused; the last good catalog stays in service',
      );
      return false;
    }
    this.#replace(next);
    this.logger.info({ event: 'catalog.reloaded', file: this.filePath, programs: next.programs.length }, 'Catalog reloaded');
    return true;
  }

  /** Validates and writes the catalog atomically, then serves it. Throws CatalogError if invalid. */
  async save(catalog: Catalog): Promise<void> {
    const valid = parseCatalog(catalog, this.filePath);
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

  #replace(catalog: Catalog): void {
    this.#current = catalog;
    for (const listener of this.#listeners) {
      try {
        listener(catalog);
      } catch (error) {
        this.logger.error({ event: 'catalog.listener_failed', error: error instanceof Error ? error.name : 'unknown' }, 'A catalog reload listener failed');
      }
    }
  }
}

/** Writes a catalog file through lowdb (atomic), validating it first. */
export async function saveCatalog(filePath: string, catalog: Catalog): Promise<void> {
  const valid = parseCatalog(catalog, filePath);
  await new Low<Parsed>(catalogFile(filePath), { json: valid }).write();
}

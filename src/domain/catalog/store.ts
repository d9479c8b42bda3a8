import type { Logger } from '../../logger.js';
import { loadValidated, saveValidated, ValidatedJsonStore, type JsonFileKind, type WatchOptions } from '../validatedJsonStore.js';
import type { Catalog, CatalogMeta, Program } from './schema.js';
import { CatalogError, parseCatalog } from './validate.js';

export { CatalogError } from './validate.js';
export type { WatchOptions } from '../validatedJsonStore.js';

/** The program catalog (data/programs.json) as a validated lowdb JSON file (src/domain/validatedJsonStore.ts). */
const CATALOG_FILE: JsonFileKind<Catalog> = {
  event: 'catalog',
  title: 'Catalog',
  fileNoun: 'Catalog file',
  error: CatalogError,
  validate: parseCatalog,
  stringify: (catalog) => `${JSON.stringify(catalog, null, 2)}\n`,
  describe: (catalog) => ({ programs: catalog.programs.length, sample: catalog.meta.sample }),
  inService: (catalog) => ({ programsInService: catalog.programs.length }),
};

/** Reads and validates a catalog file; throws CatalogError naming the file, record, field and problem. */
export async function loadCatalog(filePath: string): Promise<Catalog> {
  return loadValidated(filePath, CATALOG_FILE);
}

/** Writes a catalog file through lowdb (atomic), validating it first. */
export async function saveCatalog(filePath: string, catalog: Catalog): Promise<void> {
  await saveValidated(filePath, catalog, CATALOG_FILE);
}

export type ReloadListener = (catalog: Catalog) => void;

/**
 * The catalog in service. A bad edit never replaces a good catalog: the bot keeps
 * answering from the last good one and the problem is logged (id, field, problem only).
 */
export class CatalogStore {
  private constructor(private readonly store: ValidatedJsonStore<Catalog>) {}

  /** Loads and validates the file; throws CatalogError if it is missing or invalid. */
  static async open(filePath: string, logger: Logger): Promise<CatalogStore> {
    return new CatalogStore(await ValidatedJsonStore.open(filePath, logger, CATALOG_FILE));
  }

  get filePath(): string {
    return this.store.filePath;
  }

  /** The current good catalog's programs. */
  programs(): readonly Program[] {
    return this.store.current().programs;
  }

  meta(): CatalogMeta {
    return this.store.current().meta;
  }

  catalog(): Catalog {
    return this.store.current();
  }

  /** Called with the new catalog after every successful reload or save; returns an unsubscribe function. */
  onReload(listener: ReloadListener): () => void {
    return this.store.onReload(listener);
  }

  /** Reloads when the file changes (debounced). */
  watch(options: WatchOptions = {}): void {
    this.store.watch(options);
  }

  /** Re-reads the file now; keeps the current catalog if the file is bad. Returns whether it was accepted. */
  reload(): Promise<boolean> {
    return this.store.reload();
  }

  /** Validates and writes the catalog atomically, then serves it. Throws CatalogError if invalid. */
  save(catalog: Catalog): Promise<void> {
    return this.store.save(catalog);
  }

  /** Stops watching; waits for a reload in progress. */
  close(): Promise<void> {
    return this.store.close();
  }
}

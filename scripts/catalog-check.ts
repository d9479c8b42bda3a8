/**
 * Validates a catalog file the way start-up does.
 *   npx tsx scripts/catalog-check.ts [path]   (default: $CATALOG_PATH or data/programs.json)
 * Prints "OK: N programs" and exits 0, or prints the start-up error and exits 1.
 */
import { CatalogError, loadCatalog } from '../src/domain/catalog/store.js';
import { knownFailure, runCommand } from './importReport.js';

async function main(): Promise<number> {
  const args = process.argv.slice(2).filter((arg) => arg !== '--');
  if (args.length > 1) {
    process.stderr.write('Usage: catalog-check [path-to-catalog.json]\n');
    return 2;
  }
  const envPath = process.env.CATALOG_PATH?.trim();
  const filePath = args[0] ?? (envPath !== undefined && envPath !== '' ? envPath : 'data/programs.json');
  try {
    const catalog = await loadCatalog(filePath);
    const sample = catalog.meta.sample ? ' (sample data)' : '';
    process.stdout.write(`OK: ${catalog.programs.length} programs${sample} in ${filePath}\n`);
    return 0;
  } catch (error) {
    return knownFailure(error, [CatalogError]);
  }
}

runCommand(main);

/**
 * Imports a FindTreatment.gov locator export into a catalog file (IOP programs only).
 *   npm run catalog:import -- <export.json> --out <catalog.json> [--verified YYYY-MM-DD]
 * Prints what was kept and skipped and why. Exit 1 if the file is not a locator export
 * or the output cannot be written; bad rows are skipped, never fatal.
 */
import cliProgress from 'cli-progress';
import { z } from 'zod';
import { formatImportReport, importLocatorFile, LocatorFormatError, type ImportProgress } from './catalog/locatorImport.js';
import { saveCatalog } from '../src/domain/catalog/store.js';
import { CatalogError } from '../src/domain/catalog/validate.js';
import { knownFailure, readArgs, runCommand, UsageError } from './importReport.js';

const USAGE = 'Usage: catalog-import <locator-export.json> --out <catalog.json> [--verified YYYY-MM-DD]';

const Args = z.object({
  input: z.string({ error: 'the locator export file is required' }).min(1),
  out: z.string({ error: '--out <catalog.json> is required' }).min(1),
  verified: z.iso.date({ error: '--verified must be a date like 2024-05-31' }).optional(),
});

function parseArgs(argv: readonly string[]): z.infer<typeof Args> {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--') continue;
    if (arg === '--out' || arg === '--verified') {
      const value = argv[i + 1];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      raw[arg.slice(2)] = value;
      i += 1;
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else if (raw.input === undefined) raw.input = arg;
    else throw new UsageError(`unexpected argument ${arg}`);
  }
  const parsed = Args.safeParse(raw);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => issue.message).join('; '));
  return parsed.data;
}

/** A progress bar only for people watching a terminal, never in logs or CI output. */
function progressReporter(): { update: (p: ImportProgress) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'Importing [{bar}] {percentage}% | {rows} rows, {kept} kept', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (p) => {
      if (!started) {
        bar.start(p.totalBytes, 0, { rows: 0, kept: 0 });
        started = true;
      }
      bar.update(p.bytesRead, { rows: p.rows, kept: p.kept });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

async function main(): Promise<number> {
  const args = readArgs(parseArgs, USAGE);
  if (!args) return 2;
  const progress = progressReporter();
  try {
    const { catalog, report } = await importLocatorFile(args.input, {
      onProgress: progress.update,
      ...(args.verified ? { verifiedDate: args.verified } : {}),
    });
    progress.stop();
    // The report first: when nothing was kept the save is refused, and the report says why.
    process.stdout.write(`${formatImportReport(report)}\n`);
    await saveCatalog(args.out, catalog);
    process.stdout.write(`Wrote ${catalog.programs.length} programs to ${args.out}\n`);
    return 0;
  } catch (error) {
    progress.stop();
    return knownFailure(error, [LocatorFormatError, CatalogError]);
  }
}

runCommand(main);

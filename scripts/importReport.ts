/**
 * What the import and check commands share: reading arguments (a usage error, exit 2), the
 * end of an import report (what was skipped and why, notes, example rows) and how a command
 * ends (its exit code; a known failure as its message; anything else as one line). scripts/catalog-import.ts, meetings-import.ts and
 * catalog-check.ts print through these, so their reports read alike.
 */

/** "  skipped 3: no_slug", "  note 30: geocoded_from_zip", then one line per example row. */
export function reportTail(counts: { skipped: Readonly<Record<string, number>>; notes: Readonly<Record<string, number>> }, examples: readonly string[]): string[] {
  const lines: string[] = [];
  for (const [reason, count] of Object.entries(counts.skipped)) if (count > 0) lines.push(`  skipped ${count}: ${reason}`);
  for (const [note, count] of Object.entries(counts.notes)) if (count > 0) lines.push(`  note ${count}: ${note}`);
  for (const example of examples) lines.push(`  ${example}`);
  return lines;
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** A command called the wrong way: its message and the usage line are printed, exit 2. */
export class UsageError extends Error {}

/** The command's arguments, or undefined once what was wrong and how to call it are printed. */
export function readArgs<T>(parse: (argv: readonly string[]) => T, usage: string): T | undefined {
  try {
    return parse(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${usage}\n`);
    return undefined;
  }
}

/** A failure the command expects (a file that is not a feed, a store that refuses the data): its message, exit 1. Others are rethrown. */
export function knownFailure(error: unknown, known: readonly ErrorClass[]): number {
  if (!known.some((kind) => error instanceof kind)) throw error;
  process.stderr.write(`${(error as Error).message}\n`);
  return 1;
}

/** Runs a command: its exit code as the process's; an unexpected error is one line, exit 1. */
export function runCommand(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`Unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

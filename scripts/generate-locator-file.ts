/**
 * Writes an N-row locator export built from the shared fixture (for tests and the benchmark).
 *   npx tsx scripts/generate-locator-file.ts <count> <out.json> [--fixture path] [--seed N]
 */
import { z } from 'zod';
import { DEFAULT_FIXTURE, generateLocatorFile } from './catalog/locatorFileGenerator.js';

const Args = z.object({
  count: z.coerce.number().int().positive().max(5_000_000),
  out: z.string().min(1),
  fixture: z.string().min(1).default(DEFAULT_FIXTURE),
  seed: z.coerce.number().int().nonnegative().default(7),
});

async function main(): Promise<void> {
  const argv = process.argv.slice(2).filter((arg) => arg !== '--');
  const raw: Record<string, string | undefined> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--fixture' || arg === '--seed') raw[arg.slice(2)] = argv[(i += 1)];
    else positional.push(arg);
  }
  [raw.count, raw.out] = positional;
  const parsed = Args.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`${problems}\nUsage: generate-locator-file <count> <out.json> [--fixture path] [--seed N]`);
  }
  const started = performance.now();
  await generateLocatorFile(parsed.data);
  process.stdout.write(`Wrote ${parsed.data.count} locator rows to ${parsed.data.out} in ${Math.round(performance.now() - started)} ms\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

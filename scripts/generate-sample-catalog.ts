/**
 * Writes the fictional sample catalog (deterministic: same output every run).
 *   npx tsx scripts/generate-sample-catalog.ts [out=data/programs.json] [--count N] [--seed N]
 */
import { z } from 'zod';
import { generateSampleCatalog } from './catalog/sampleCatalog.js';
import { saveCatalog } from '../src/domain/catalog/store.js';

const Args = z.object({
  out: z.string().min(1).default('data/programs.json'),
  count: z.coerce.number().int().positive().max(1_000_000).optional(),
  seed: z.coerce.number().int().nonnegative().optional(),
});

function parseArgs(argv: readonly string[]): z.infer<typeof Args> {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--count' || arg === '--seed') raw[arg.slice(2)] = argv[(i += 1)] ?? '';
    else raw.out = arg;
  }
  const parsed = Args.safeParse(raw);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n'));
  }
  return parsed.data;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const catalog = generateSampleCatalog({ count: args.count, seed: args.seed });
  await saveCatalog(args.out, catalog);
  const states = new Set(catalog.programs.map((p) => p.address.state));
  process.stdout.write(`Wrote ${catalog.programs.length} sample programs in ${states.size} states to ${args.out}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

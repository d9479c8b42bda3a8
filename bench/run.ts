import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';

/**
 * `npm run bench`: runs every bench/*.bench.ts module that exports `run()` (one after
 * the other, so they never compete for the CPU), prints one table, and writes
 * bench/results/<timestamp>.json and bench/results/latest.json. The table shows the
 * previous latest.json's figure next to each new one, so runs can be compared.
 *
 * Order: the small in-process benches first, then the HTTP bench, then memory, then the
 * hostile soak (the longest: SOAK_SECONDS, 180 by default). `npm run bench -- http memory`
 * runs only the named ones; `SOAK_SECONDS=60 npm run bench -- soak` the soak alone.
 */

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = join(BENCH_DIR, 'results');
const LAST = ['http', 'tuning', 'memory', 'soak'];

const Figures = z.record(z.string(), z.number());
const ResultsFile = z.object({
  startedAt: z.string(),
  benches: z.record(z.string(), z.object({ seconds: z.number(), figures: Figures.optional(), error: z.string().optional() })),
});
type ResultsFile = z.infer<typeof ResultsFile>;

function benchNames(only: readonly string[]): string[] {
  const names = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.slice(0, -'.bench.ts'.length))
    .sort((a, b) => Number(LAST.includes(a)) - Number(LAST.includes(b)) || LAST.indexOf(a) - LAST.indexOf(b) || a.localeCompare(b));
  return only.length > 0 ? names.filter((n) => only.includes(n)) : names;
}

function previousResults(): ResultsFile | undefined {
  const path = join(RESULTS_DIR, 'latest.json');
  if (!existsSync(path)) return undefined;
  const parsed = ResultsFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  return parsed.success ? parsed.data : undefined;
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: BENCH_DIR, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const previous = previousResults();
  const startedAt = new Date().toISOString();
  const results: ResultsFile & Record<string, unknown> = {
    startedAt,
    commit: gitCommit(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    totalMemMb: Math.round(totalmem() / 1024 / 1024),
    benches: {},
  };
  const overall = performance.now();

  for (const name of benchNames(only)) {
    const started = performance.now();
    process.stderr.write(`bench ${name} … `);
    try {
      const module = (await import(pathToFileURL(join(BENCH_DIR, `${name}.bench.ts`)).href)) as { run?: unknown };
      if (typeof module.run !== 'function') {
        process.stderr.write('no run() export, skipped\n');
        continue;
      }
      const figures = Figures.parse(await (module.run as () => Promise<unknown>)());
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      results.benches[name] = { seconds, figures };
      process.stderr.write(`${seconds} s\n`);
    } catch (error) {
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      const message = error instanceof Error ? error.message : String(error);
      results.benches[name] = { seconds, error: message };
      process.stderr.write(`FAILED after ${seconds} s: ${message}\n`);
    }
  }
  results.totalSeconds = Math.round((performance.now() - overall) / 1000);

  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(join(RESULTS_DIR, `${startedAt.replace(/[:.]/g, '-')}.json`), json);
  writeFileSync(join(RESULTS_DIR, 'latest.json'), json);
  printTable(results, previous);
  console.log(`\n${results.totalSeconds} s in all; results in bench/results/latest.json`);
  if (Object.values(results.benches).some((b) => b.error)) process.exitCode = 1;
}

function printTable(results: ResultsFile, previous: ResultsFile | undefined): void {
  const rows: string[][] = [['bench', 'figure', 'value', 'previous']];
  for (const [name, bench] of Object.entries(results.benches)) {
    if (bench.error) {
      rows.push([name, 'ERROR', bench.error.slice(0, 60), '']);
      continue;
    }
    for (const [figure, value] of Object.entries(bench.figures ?? {})) {
      const before = previous?.benches[name]?.figures?.[figure];
      rows.push([name, figure, String(value), before === undefined ? '' : String(before)]);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, c) => (c >= 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  const http = results.benches.http?.figures;
  if (http) {
    console.log('\nHTTP ratios to the echo bot in the same configuration: turns per second (turns per CPU second)');
    console.log('  load     conc  full          as started    full, prod    as started, prod');
    for (const load of ['ongoing', 'first']) {
      for (const c of [1, 10, 50]) {
        const pair = (kind: string, echo: string) => `${http[`${kind}_vs_${echo}_${load}_c${c}_throughput_ratio`]} (${http[`${kind}_vs_${echo}_${load}_c${c}_cpu_ratio`]})`.padEnd(14);
        console.log(`  ${load.padEnd(8)} ${String(c).padStart(4)}  ${pair('full', 'echo')}${pair('start', 'echo')}${pair('full_prod', 'echo_prod')}${pair('start_prod', 'echo_prod')}`);
      }
    }
  }
  const soak = results.benches.soak?.figures;
  if (soak) {
    const verdict = (name: string): string => `${soak[`target_${name}`] === 1 ? 'PASS' : 'FAIL'} ${name}`;
    console.log(`\nSoak targets (details in bench/results/soak-latest.json): ${['no_crash', 'rss_le_300mb', 'answered_ge_99pct', 'no_real_5xx', 'crisis_988'].map(verdict).join(', ')}`);
  }
}

await main();

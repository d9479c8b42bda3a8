import { SDK_TUNING_PIECES, type SdkTuningPiece } from '../src/botframework/sdkTuning.js';
import { LOADS, ratio, runSideBySide, type BenchConfig, type ServerSpec } from './http.bench.js';

/**
 * What each SDK tuning piece (src/botframework/sdkTuning.ts) is worth, over real HTTP, at
 * 10 concurrent, for both loads (ongoing conversations; first turns), in the production
 * configuration (a MicrosoftAppId, tokens checked; see bench/http.bench.ts) and, with
 * BENCH_TUNING_CONFIGS=prod,anon, the anonymous one too.
 *
 * Each piece is measured as a pair side by side, alternating in short stretches:
 *
 *   full      every piece on (SDK_TUNING=on)
 *   no_<p>    every piece but <p> (SDK_TUNING_SKIP=<p>)
 *
 * plus two control pairs: full against a second full server (the noise floor: its "gain"
 * should be 1.00) and full against the SDK as shipped (SDK_TUNING=off: all pieces at once).
 *
 * `${config}_${load}_gain_<p>` is the server's CPU time per turn without <p> over that with
 * every piece: what taking <p> away costs (1.10 = a turn takes 10% more CPU without it). CPU
 * per turn, not turns per second, because the machine is shared: other work stretches
 * wall-clock time a lot and CPU time less; `_tput_gain_<p>` is the same from turns per second.
 * A piece stays only if it gains at least 10% in the production configuration.
 *
 *   npm run bench -- tuning      (BENCH_TUNING_DURATION_MS per server and load, default 4 s)
 */

const CONCURRENCY = 10;
type Variant = SdkTuningPiece | 'control' | 'all';

function pair(config: BenchConfig, variant: Variant): ServerSpec[] {
  const env: Record<string, string> = variant === 'control' ? {} : variant === 'all' ? { SDK_TUNING: 'off' } : { SDK_TUNING_SKIP: variant };
  return [
    { name: 'full', kind: 'full', config },
    { name: 'other', kind: 'full', config, env },
  ];
}

export async function run(): Promise<Record<string, number>> {
  const durationMs = Number(process.env.BENCH_TUNING_DURATION_MS ?? 4_000);
  const configs = (process.env.BENCH_TUNING_CONFIGS ?? 'prod').split(',') as BenchConfig[];
  const only = process.env.BENCH_TUNING_PIECES?.split(',') as Variant[] | undefined;
  const variants: Variant[] = only ?? ['control', 'all', ...SDK_TUNING_PIECES];
  const figures: Record<string, number> = {};
  for (const config of configs) {
    for (const variant of variants) {
      const raw = await runSideBySide(pair(config, variant), { durationMs, concurrency: [CONCURRENCY], loads: LOADS, rounds: 8 });
      for (const load of LOADS) {
        const at = (name: string, figure: string) => raw[`${name}_${load}_c${CONCURRENCY}_${figure}`];
        figures[`${config}_${load}_gain_${variant}`] = ratio(at('other', 'cpu_us_per_turn'), at('full', 'cpu_us_per_turn'));
        figures[`${config}_${load}_tput_gain_${variant}`] = ratio(at('full', 'turns_per_sec'), at('other', 'turns_per_sec'));
        figures[`${config}_${load}_full_cpu_us_per_turn_${variant}`] = at('full', 'cpu_us_per_turn') ?? Number.NaN;
        figures[`${config}_${load}_errors_${variant}`] = (at('full', 'errors') ?? 0) + (at('other', 'errors') ?? 0);
      }
      process.stderr.write(`${config} ${variant}: ${LOADS.map((l) => `${l} ${figures[`${config}_${l}_gain_${variant}`]} (tput ${figures[`${config}_${l}_tput_gain_${variant}`]})`).join(', ')}\n`);
    }
  }
  return figures;
}

if (process.argv[1]?.endsWith('tuning.bench.ts')) {
  const figures = await run();
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(48)} ${value}`);
}

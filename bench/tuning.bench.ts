import { SDK_TUNING_PIECES } from '../src/botframework/sdkTuning.js';
import { LOADS, ratio, runSideBySide, type BenchConfig, type ServerSpec } from './http.bench.js';

/**
 * What each SDK tuning piece (src/botframework/sdkTuning.ts) is worth, side by side over
 * real HTTP, in both configurations (anonymous; production: a MicrosoftAppId with tokens
 * checked) and both loads (ongoing conversations; first turns), at 10 concurrent:
 *
 *   full      every piece on (SDK_TUNING=on)
 *   plain     the SDK as shipped (SDK_TUNING=off)
 *   no_<p>    every piece but <p> (SDK_TUNING_SKIP=<p>)
 *   echo      the echo bot, for the ratio
 *
 *   npm run bench -- tuning        (BENCH_TUNING_DURATION_MS per server and load, default 3 s)
 *
 * `${config}_${load}_gain_<p>` is the server's CPU time per turn without <p> over that with
 * every piece: what taking <p> away costs (1.10 = a turn takes 10% more CPU without it). CPU
 * per turn, not turns per second, because the machine is shared: other work stretches
 * wall-clock time a lot and CPU time little; `_tput_gain_<p>` is the same from turns per
 * second. A piece stays only if it gains at least 10% in the production configuration.
 */

const CONCURRENCY = 10;

function specsFor(config: BenchConfig): ServerSpec[] {
  const suffix = config === 'prod' ? '_prod' : '';
  return [
    { name: `full${suffix}`, kind: 'full', config },
    { name: `plain${suffix}`, kind: 'full', config, env: { SDK_TUNING: 'off' } },
    ...SDK_TUNING_PIECES.map((p): ServerSpec => ({ name: `no_${p}${suffix}`, kind: 'full', config, env: { SDK_TUNING_SKIP: p } })),
    { name: `echo${suffix}`, kind: 'echo', config },
  ];
}

export async function run(): Promise<Record<string, number>> {
  const durationMs = Number(process.env.BENCH_TUNING_DURATION_MS ?? 3_000);
  const configs = (process.env.BENCH_TUNING_CONFIGS ?? 'prod,anon').split(',') as BenchConfig[];
  const figures: Record<string, number> = {};
  for (const config of configs) {
    const suffix = config === 'prod' ? '_prod' : '';
    const raw = await runSideBySide(specsFor(config), { durationMs, concurrency: [CONCURRENCY], loads: LOADS });
    for (const load of LOADS) {
      const tps = (name: string) => raw[`${name}${suffix}_${load}_c${CONCURRENCY}_turns_per_sec`];
      const cpu = (name: string) => raw[`${name}${suffix}_${load}_c${CONCURRENCY}_cpu_us_per_turn`];
      figures[`${config}_${load}_full_turns_per_sec`] = tps('full') ?? Number.NaN;
      figures[`${config}_${load}_full_cpu_us_per_turn`] = cpu('full') ?? Number.NaN;
      figures[`${config}_${load}_echo_cpu_us_per_turn`] = cpu('echo') ?? Number.NaN;
      figures[`${config}_${load}_full_vs_echo`] = ratio(tps('full'), tps('echo'));
      figures[`${config}_${load}_plain_vs_echo`] = ratio(tps('plain'), tps('echo'));
      figures[`${config}_${load}_full_vs_echo_cpu`] = ratio(cpu('echo'), cpu('full'));
      figures[`${config}_${load}_plain_vs_echo_cpu`] = ratio(cpu('echo'), cpu('plain'));
      figures[`${config}_${load}_gain_all`] = ratio(cpu('plain'), cpu('full'));
      for (const p of SDK_TUNING_PIECES) figures[`${config}_${load}_gain_${p}`] = ratio(cpu(`no_${p}`), cpu('full'));
      figures[`${config}_${load}_tput_gain_all`] = ratio(tps('full'), tps('plain'));
      for (const p of SDK_TUNING_PIECES) figures[`${config}_${load}_tput_gain_${p}`] = ratio(tps('full'), tps(`no_${p}`));
      figures[`${config}_${load}_errors`] = Object.entries(raw)
        .filter(([k]) => k.includes(`_${load}_`) && k.endsWith('_errors'))
        .reduce((sum, [, v]) => sum + v, 0);
    }
  }
  return figures;
}

if (process.argv[1]?.endsWith('tuning.bench.ts')) {
  const figures = await run();
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(44)} ${value}`);
}

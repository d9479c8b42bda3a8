import { pathToFileURL } from 'node:url';
import { SeededRandom } from '../scripts/catalog/seededRandom.js';
import { generatedRow, generatedTowns } from '../scripts/meetings/feedGenerator.js';
import { mapFeedRow } from '../scripts/meetings/feedRow.js';
import type { Meeting } from '../src/domain/meetings/schema.js';
import { MeetingIndex, type MeetingQuery } from '../src/domain/meetings/search.js';

/**
 * Meeting search speed on 100,000 generated meetings (400 towns, five US time zones, a sixth
 * online only): "the next 3 within 10 miles or online, starting in the next 6 hours", from a
 * town at a random hour of the week. Target: p95 ≤ 10 ms. Run: npx tsx bench/meetings.bench.ts
 */

const MEETINGS = 100_000;
const QUERIES = 2_000;
const WARMUP = 200;

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (ms: number): number => Math.round(ms * 1000) / 1000;

export async function run(): Promise<Record<string, number>> {
  const random = new SeededRandom(19);
  const towns = generatedTowns();
  const meetings: Meeting[] = [];
  for (let i = 0; i < MEETINGS; i += 1) {
    const mapped = mapFeedRow(generatedRow(i, random, towns), { fellowship: 'AA' });
    if (mapped.ok) meetings.push(mapped.meeting);
  }
  const buildStart = performance.now();
  const index = new MeetingIndex(meetings);
  const buildMs = performance.now() - buildStart;

  const base = Date.parse('2026-12-07T00:00:00Z');
  const wall: number[] = [];
  const cpu: number[] = [];
  let found = 0;
  let inPerson = 0;
  for (let q = 0; q < WARMUP + QUERIES; q += 1) {
    const town = random.pick(towns);
    const now = new Date(base + random.int(0, 7 * 24 * 60) * 60_000);
    const query: MeetingQuery = {
      near: { latitude: town.latitude + (random.next() - 0.5) * 0.1, longitude: town.longitude + (random.next() - 0.5) * 0.1 },
      radiusMiles: 10,
      mode: 'any',
      when: 'week',
      withinHours: 6,
      limit: 3,
    };
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const hits = index.search(query, now);
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpuStart);
    if (q < WARMUP) continue;
    wall.push(ms);
    cpu.push((used.user + used.system) / 1000);
    found += hits.length;
    inPerson += hits.filter((h) => h.inPersonHere).length;
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    meetings: meetings.length,
    index_build_ms: Math.round(buildMs),
    search_p50_ms: round(percentile(wall, 50)),
    search_p95_ms: round(percentile(wall, 95)),
    search_p99_ms: round(percentile(wall, 99)),
    search_cpu_p95_ms: round(percentile(cpu, 95)),
    hits_per_query: Math.round((found / QUERIES) * 100) / 100,
    in_person_hits_share: Math.round((inPerson / Math.max(1, found)) * 100) / 100,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await run());
}

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { SeededRandom } from '../catalog/seededRandom.js';

/**
 * A large, fictional Meeting Guide feed for tests and the bench: meetings clustered around
 * 400 invented towns across the continental US, in their real time zones, a sixth online only.
 * Deterministic for a seed. Streams to disk, so even a huge feed is never one string in memory.
 */

const ZONES: ReadonlyArray<readonly [number, string]> = [
  [-115, 'America/Los_Angeles'],
  [-111, 'America/Phoenix'],
  [-102, 'America/Denver'],
  [-87, 'America/Chicago'],
  [-60, 'America/New_York'],
];
const TYPES = ['O', 'C', 'D', 'SP', 'BE', 'W', 'M', 'S', 'Y', 'LGBTQ', 'X', 'ST', 'B', 'MED'];

export interface GeneratedTown {
  latitude: number;
  longitude: number;
  timezone: string;
}

export function generatedTowns(seed = 7): GeneratedTown[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: 400 }, () => {
    const longitude = -122 + random.next() * 47;
    return { latitude: 30 + random.next() * 17, longitude, timezone: ZONES.find(([edge]) => longitude < edge)![1] };
  });
}

export function generatedRow(i: number, random: SeededRandom, towns: readonly GeneratedTown[]): Record<string, unknown> {
  const town = towns[i % towns.length]!;
  const hour = random.int(6, 22);
  const minute = random.pick([0, 0, 15, 30, 30, 45]);
  const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  const end = `${String(Math.min(23, hour + 1)).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  const online = random.chance(1 / 6);
  const dayCount = random.int(1, 3);
  const days = [...new Set(Array.from({ length: dayCount }, () => random.int(0, 6)))];
  const row: Record<string, unknown> = {
    name: `Generated Group ${i}`,
    slug: `generated-${i}`,
    day: days.length === 1 ? days[0] : days,
    time,
    end_time: end,
    timezone: town.timezone,
    types: random.subset(TYPES, 0.2),
    city: `Town ${i % towns.length}`,
    state: 'ZZ',
    updated: '2026-10-01 12:00:00',
  };
  if (online) {
    row.conference_url = `https://example.org/meet/generated-${i}`;
    row.approximate = 'yes';
  } else {
    row.address = `${100 + (i % 900)} Main Street`;
    row.latitude = Math.round((town.latitude + (random.next() - 0.5) * 0.3) * 1e5) / 1e5;
    row.longitude = Math.round((town.longitude + (random.next() - 0.5) * 0.3) * 1e5) / 1e5;
  }
  return row;
}

/** Writes `count` generated meetings as a Meeting Guide feed (a JSON array) to `file`. */
export async function writeGeneratedFeed(file: string, count: number, seed = 11): Promise<void> {
  const random = new SeededRandom(seed);
  const towns = generatedTowns();
  const out = createWriteStream(file);
  out.write('[\n');
  for (let i = 0; i < count; i += 1) {
    const line = `${JSON.stringify(generatedRow(i, random, towns))}${i < count - 1 ? ',\n' : '\n'}`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end(']\n');
  await once(out, 'finish');
}

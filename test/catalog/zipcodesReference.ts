/**
 * The ZIP and place lookups as they were when they read the zipcodes package directly
 * (src/domain/assessment/location.ts and src/domain/catalog/geo.ts before data/zip-centroids.tsv),
 * kept unchanged as the reference test/catalog/zipTable.test.ts compares the
 * table-backed lookups with. Tests only: zipcodes is a devDependency.
 */
import zipcodes, { type ZipCode } from 'zipcodes';
import { GeoGrid, geoPoint, haversineMiles } from '../../src/domain/catalog/geo.js';
import type { Location } from '../../src/domain/profile/profile.js';
import { normalizeAnswer } from '../../src/domain/assessment/textMatch.js';
import { TERRITORIES } from '../../src/domain/assessment/location.js';

/**
 * Turns a typed ZIP code or city into a Location with coordinates, using only the
 * zipcodes database. The stored city and state are the database's spelling, never
 * the person's text.
 */
export type PlaceResult =
  | { kind: 'found'; location: Location }
  | { kind: 'unknown_zip'; zip: string }
  /** `states`: where a place of that name exists, the likeliest first. */
  | { kind: 'ambiguous'; city: string; states: string[] }
  | { kind: 'unknown' };

const ZIP = /(?<!\d)(\d{5})(?:-\d{4})?(?!\d)/;

/**
 * Words people put around a place: "I live in", "near", "I'm from". A lead-in is a whole word
 * (65ef13b, #16: "Indianapolis" and "Byers" no longer lose "in" and "by"), here as in location.ts.
 */
const LEAD_IN = /^(?:(?:i|we)\s+(?:live|stay|am|m|are)\s+)?(?:(?:im|i m|were)\s+)?(?:living\s+|staying\s+|located\s+|based\s+)?(?:(?:in|near|from|around|by|at|outside|outside of)(?:\s+|$))?\s*/;

/** Abbreviations the database spells both ways ("St Louis", "Saint Louis"); accents off, here as in location.ts (#16). */
const cityKey = (city: string): string =>
  normalizeAnswer(city)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/\bst\b/g, 'saint')
    .replace(/\bste\b/g, 'sainte')
    .replace(/\bmt\b/g, 'mount')
    .replace(/\bft\b/g, 'fort');

interface CityIndex {
  /** city key → state → that city's ZIP entries */
  byCity: Map<string, Map<string, ZipCode[]>>;
}

let index: CityIndex | undefined;

/** Built once on first use (~44k ZIP codes). */
function cityIndex(): CityIndex {
  if (index) return index;
  const byCity = new Map<string, Map<string, ZipCode[]>>();
  for (const entry of Object.values(zipcodes.codes)) {
    if (entry.country !== 'US') continue;
    const key = cityKey(entry.city);
    const states = byCity.get(key) ?? new Map<string, ZipCode[]>();
    const list = states.get(entry.state) ?? [];
    list.push(entry);
    states.set(entry.state, list);
    byCity.set(key, states);
  }
  index = { byCity };
  return index;
}

/** "OR", "or", "Oregon", "new york" → "OR"; undefined when it is not a state. Territories the package's list lacks, here as in location.ts (#16). */
export function stateCode(text: string): string | undefined {
  const t = normalizeAnswer(text).toUpperCase();
  if (t.length === 0) return undefined;
  const territory = TERRITORIES.get(t);
  if (territory) return territory;
  if (t.length === 2) return zipcodes.states.abbr[t] ? t : undefined;
  return zipcodes.states.full[t];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const round = (n: number): number => Math.round(n * 10000) / 10000;

function cityLocation(entries: readonly ZipCode[]): Location | undefined {
  const first = entries[0];
  if (!first) return undefined;
  // The median, not the mean: a few ZIP entries in the database sit far from their city.
  const latitude = median(entries.map((e) => e.latitude));
  const longitude = median(entries.map((e) => e.longitude));
  return { city: first.city.slice(0, 80), state: first.state, latitude: round(latitude), longitude: round(longitude) };
}

export function lookupZip(zip: string): PlaceResult {
  const found = zipcodes.lookup(zip);
  if (!found || found.country !== 'US') return { kind: 'unknown_zip', zip };
  return {
    kind: 'found',
    location: { zip: found.zip, city: found.city.slice(0, 80), state: found.state, latitude: found.latitude, longitude: found.longitude },
  };
}

/** Splits "Portland, OR", "Portland OR" or "Portland Oregon" into city and state. */
function splitCityState(text: string): { city: string; state?: string } {
  const comma = text.lastIndexOf(',');
  if (comma > 0) {
    const state = stateCode(text.slice(comma + 1));
    if (state) return { city: text.slice(0, comma), state };
  }
  const words = normalizeAnswer(text).split(' ');
  for (const take of [2, 1]) {
    if (words.length <= take) continue;
    const state = stateCode(words.slice(-take).join(' '));
    if (state) return { city: words.slice(0, -take).join(' '), state };
  }
  return { city: text };
}

/** A typed ZIP code or city and state, resolved to a place with coordinates. */
export function resolvePlace(text: string): PlaceResult {
  const zip = ZIP.exec(text)?.[1];
  if (zip) return lookupZip(zip);

  const { city, state } = splitCityState(text);
  const key = cityKey(normalizeAnswer(city).replace(LEAD_IN, ''));
  if (key.length < 2) return { kind: 'unknown' };
  const states = cityIndex().byCity.get(key);
  if (!states) return { kind: 'unknown' };
  if (state) {
    const location = cityLocation(states.get(state) ?? []);
    return location ? { kind: 'found', location } : { kind: 'unknown' };
  }
  if (states.size === 1) {
    const location = cityLocation([...states.values()][0] ?? []);
    return location ? { kind: 'found', location } : { kind: 'unknown' };
  }
  const display = [...states.values()][0]?.[0]?.city ?? city;
  // Most ZIP codes first: a rough stand-in for the best-known place of that name.
  const byZipCount = [...states.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])).map(([s]) => s);
  return { kind: 'ambiguous', city: display, states: byZipCount };
}

const MILITARY_MAIL_STATES = new Set(['AA', 'AE', 'AP']);

let zipIndex: { grid: GeoGrid; zips: ZipCode[] } | undefined;

/** zipcodes.lookupByCoords scans every ZIP (~8 ms); this grid, built once on first use, answers in microseconds. */
export function nearestZip(latitude: number, longitude: number): ZipCode | undefined {
  if (!zipIndex) {
    // Military mail codes (AA/AE/AP) have no place on the map.
    const zips = Object.values(zipcodes.codes).filter(
      (z) => z.country === 'US' && !MILITARY_MAIL_STATES.has(z.state) && Number.isFinite(z.latitude) && Number.isFinite(z.longitude),
    );
    zipIndex = { grid: new GeoGrid(zips), zips };
  }
  const { grid, zips } = zipIndex;
  const here = geoPoint(latitude, longitude);
  let best: { zip: ZipCode; miles: number } | undefined;
  for (const radius of [25, 100, 400]) {
    grid.forEachNear(latitude, longitude, radius, (i) => {
      const zip = zips[i];
      if (!zip) return;
      const miles = haversineMiles(here, geoPoint(zip.latitude, zip.longitude));
      if (miles <= radius && (!best || miles < best.miles)) best = { zip, miles };
    });
    if (best) return best.zip;
  }
  return undefined;
}

/**
 * The person's state, used for telehealth licensing: as given, else from their ZIP,
 * else from the nearest ZIP to their coordinates. Undefined when nothing is known.
 */
export function stateOf(location: Location | undefined): string | undefined {
  if (!location) return undefined;
  if (location.state) return location.state.toUpperCase();
  const byZip = location.zip ? zipcodes.lookup(location.zip) : undefined;
  if (byZip) return byZip.state;
  return nearestZip(location.latitude, location.longitude)?.state;
}

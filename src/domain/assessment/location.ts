import { zipTable, type ZipTable } from '../catalog/zipTable.js';
import type { Location } from '../profile/profile.js';
import { normalizeAnswer } from './textMatch.js';

/**
 * Turns a typed ZIP code or city into a Location with coordinates, using only the
 * zipcodes database (as the compact table data/zip-centroids.tsv, see zipTable.ts).
 * The stored city and state are the database's spelling, never the person's text.
 */
export type PlaceResult =
  | { kind: 'found'; location: Location }
  | { kind: 'unknown_zip'; zip: string }
  /** `states`: where a place of that name exists, the likeliest first. */
  | { kind: 'ambiguous'; city: string; states: string[] }
  | { kind: 'unknown' };

const ZIP = /(?<!\d)(\d{5})(?:-\d{4})?(?!\d)/;

/** Words people put around a place: "I live in", "near", "I'm from". */
const LEAD_IN = /^(?:(?:i|we)\s+(?:live|stay|am|m|are)\s+)?(?:(?:im|i m|were)\s+)?(?:living\s+|staying\s+|located\s+|based\s+)?(?:(?:in|near|from|around|by|at|outside|outside of)(?:\s+|$))?\s*/;

/**
 * Abbreviations the database spells both ways ("St Louis", "Saint Louis"); accents off, as the
 * database writes Puerto Rico's towns ("Bayamón" is "Bayamon", "Mayagüez" "Mayaguez").
 */
const cityKey = (city: string): string =>
  normalizeAnswer(city)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/\bst\b/g, 'saint')
    .replace(/\bste\b/g, 'sainte')
    .replace(/\bmt\b/g, 'mount')
    .replace(/\bft\b/g, 'fort');

interface CityIndex {
  table: ZipTable;
  /** city key → its group number */
  groups: Map<string, number>;
  /** group g is rows[starts[g] .. starts[g + 1]): its rows in the ZIP table, in table order */
  starts: Int32Array;
  rows: Int32Array;
}

let index: CityIndex | undefined;

/** Built once on first use (~42k ZIP codes, ~19k city names) into flat arrays: ~1.5 MB, not the ~10 MB of a Map per city. */
function cityIndex(): CityIndex {
  if (index) return index;
  const table = zipTable();
  const keyOfCity = new Map<string, string>();
  const groups = new Map<string, number>();
  const groupOfRow = new Int32Array(table.size);
  const counts: number[] = [];
  for (let row = 0; row < table.size; row++) {
    const city = table.city(row);
    let key = keyOfCity.get(city);
    if (key === undefined) keyOfCity.set(city, (key = cityKey(city)));
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = groups.size));
    groupOfRow[row] = group;
    counts[group] = (counts[group] ?? 0) + 1;
  }
  const starts = new Int32Array(groups.size + 1);
  for (let g = 0; g < groups.size; g++) starts[g + 1] = (starts[g] ?? 0) + (counts[g] ?? 0);
  const next = starts.slice(0, groups.size);
  const rows = new Int32Array(table.size);
  for (let row = 0; row < table.size; row++) {
    const group = groupOfRow[row] ?? 0;
    rows[next[group] ?? 0] = row;
    next[group] = (next[group] ?? 0) + 1;
  }
  index = { table, groups, starts, rows };
  return index;
}

/** A city key's rows by state: states in order of their first row, rows in table order. */
function statesOfCity({ table, groups, starts, rows }: CityIndex, key: string): Map<string, number[]> | undefined {
  const group = groups.get(key);
  if (group === undefined) return undefined;
  const byState = new Map<string, number[]>();
  for (let i = starts[group] ?? 0; i < (starts[group + 1] ?? 0); i++) {
    const row = rows[i] ?? 0;
    const state = table.state(row);
    const list = byState.get(state);
    if (list) list.push(row);
    else byState.set(state, [row]);
  }
  return byState;
}

/**
 * US territories whose ZIP codes the table holds (Puerto Rico's 006xx-009xx, the Virgin
 * Islands', Guam's) but whose names the zipcodes package's state list lacks: without them
 * "San Juan, PR" or "Ponce, Puerto Rico" could not be placed, though "00901" could.
 */
export const TERRITORIES: ReadonlyMap<string, string> = new Map([
  ['PUERTO RICO', 'PR'],
  ['PR', 'PR'],
  ['VIRGIN ISLANDS', 'VI'],
  ['US VIRGIN ISLANDS', 'VI'],
  ['U S VIRGIN ISLANDS', 'VI'],
  ['VI', 'VI'],
  ['GUAM', 'GU'],
  ['GU', 'GU'],
]);

/** "OR", "or", "Oregon", "new york", "Puerto Rico" → "OR" ... "PR"; undefined when it is not a state. */
export function stateCode(text: string): string | undefined {
  const t = normalizeAnswer(text).toUpperCase();
  if (t.length === 0) return undefined;
  const { stateAbbreviations, stateByName } = zipTable();
  const territory = TERRITORIES.get(t);
  if (territory) return territory;
  if (t.length === 2) return stateAbbreviations.has(t) ? t : undefined;
  return stateByName.get(t);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const round = (n: number): number => Math.round(n * 10000) / 10000;

function cityLocation(table: ZipTable, rows: readonly number[]): Location | undefined {
  const first = rows[0];
  if (first === undefined) return undefined;
  // The median, not the mean: a few ZIP entries in the database sit far from their city.
  const latitude = median(rows.map((row) => table.latitude(row)));
  const longitude = median(rows.map((row) => table.longitude(row)));
  return { city: table.city(first).slice(0, 80), state: table.state(first), latitude: round(latitude), longitude: round(longitude) };
}

export function lookupZip(zip: string): PlaceResult {
  const table = zipTable();
  const row = table.rowOf(zip);
  if (row < 0) return { kind: 'unknown_zip', zip };
  return {
    kind: 'found',
    location: { zip: table.zip(row), city: table.city(row).slice(0, 80), state: table.state(row), latitude: table.latitude(row), longitude: table.longitude(row) },
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
  const cities = cityIndex();
  const { table } = cities;
  const states = statesOfCity(cities, key);
  if (!states) return { kind: 'unknown' };
  if (state) {
    const location = cityLocation(table, states.get(state) ?? []);
    return location ? { kind: 'found', location } : { kind: 'unknown' };
  }
  if (states.size === 1) {
    const location = cityLocation(table, [...states.values()][0] ?? []);
    return location ? { kind: 'found', location } : { kind: 'unknown' };
  }
  const firstRow = [...states.values()][0]?.[0];
  const display = firstRow === undefined ? city : table.city(firstRow);
  // Most ZIP codes first: a rough stand-in for the best-known place of that name.
  const byZipCount = [...states.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])).map(([s]) => s);
  return { kind: 'ambiguous', city: display, states: byZipCount };
}

/**
 * When a second place of the same name is one someone may mean: a city of its own (this many
 * ZIP codes or more), or about as big as the first. "Dayton" is Dayton, OH (49 ZIP codes; the
 * next has one), "Cleveland" Cleveland, OH (41 to Tennessee's 5); Portland, ME (9), Kansas
 * City, KS (15), Springfield, MO (16) or Burlington, NC (4 to Vermont's 5) are asked about.
 */
const RIVAL_ZIPS = 8;
const RIVAL_SHARE = 0.4;

/**
 * A place as a person names it: resolvePlace, except that a name that is mostly one place's
 * is that place, so it is not asked about. Names shared by places of a size stay ambiguous:
 * the bot asks which state rather than guess.
 */
export function placeNamed(text: string): PlaceResult {
  const place = resolvePlace(text);
  if (place.kind !== 'ambiguous') return place;
  const states = statesOfCity(cityIndex(), cityKey(place.city));
  const counts = place.states.map((state) => states?.get(state)?.length ?? 0);
  const [first = 0, second = 0] = counts;
  if (second >= RIVAL_ZIPS || second >= first * RIVAL_SHARE) return place;
  const location = cityLocation(cityIndex().table, states?.get(place.states[0] ?? '') ?? []);
  return location ? { kind: 'found', location } : place;
}

/**
 * The state a short answer names ("Maine", "MO", "in Kansas", "es en Illinois"), as the answer
 * to "which state is it in?"; undefined when the words are more than a state.
 */
export function stateAnswered(text: string): string | undefined {
  const all = normalizeAnswer(text);
  const words = all.split(' ').filter((w) => !STATE_ANSWER_FILLER.has(w));
  // "IN" and "DE" alone are Indiana and Delaware, not filler.
  if (words.length === 0) return stateCode(all);
  return words.length > 4 ? undefined : stateCode(words.join(' '));
}

/** Words around a state named alone: "it's in Maine", "the state of Kansas", "es en Illinois, gracias". */
const STATE_ANSWER_FILLER: ReadonlySet<string> = new Set([
  'its', 'it', 'is', 'in', 'the', 'state', 'of', 'um', 'uh', 'sorry', 'please', 'thanks', 'yes', 'yeah', 'actually', 'i', 'im', 'am', 'mean', 'meant',
  'es', 'en', 'el', 'estado', 'de', 'perdon', 'perdón', 'gracias', 'por', 'favor', 'si', 'sí', 'estoy', 'vivo',
]);

/** How a location reads back to the person: "97201 (Portland, OR)" or "Portland, OR". */
export function describeLocation(location: Location): string {
  const place = [location.city, location.state].filter(Boolean).join(', ');
  if (location.zip) return place ? `${location.zip} (${place})` : location.zip;
  return place || 'your area';
}

/** A ZIP code written anywhere in a longer message ("I'm in 97201, no car"). */
export function zipInText(text: string): string | undefined {
  return ZIP.exec(text)?.[1];
}

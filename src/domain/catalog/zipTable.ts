import { readFileSync } from 'node:fs';
import { fromRoot } from '../../paths.js';

/**
 * US ZIP codes with their coordinates, city and state, and the state names, read from
 * data/zip-centroids.tsv: a table generated from the zipcodes package by
 * scripts/generate-zip-table.ts. The package itself is a 5 MB object literal that
 * costs ~80 MB of resident memory; this table is read on first use into typed arrays
 * (~3 MB) and nothing at start-up loads it.
 */
export const ZIP_TABLE_PATH = 'data/zip-centroids.tsv';

export interface ZipPlace {
  readonly zip: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly city: string;
  readonly state: string;
}

const ZIP = /^\d{5}$/;

export class ZipTableError extends Error {
  override name = 'ZipTableError';
}

/** Rows keep the package's order, so anything that depends on it (first city entry, grid ties) is unchanged. */
export class ZipTable {
  /** Upper-case state or province name → abbreviation ("NEW YORK" → "NY"), as zipcodes.states.full. */
  readonly stateByName: ReadonlyMap<string, string>;
  /** Every abbreviation in stateByName, as the keys of zipcodes.states.abbr. */
  readonly stateAbbreviations: ReadonlySet<string>;
  readonly size: number;
  private readonly zips: Int32Array;
  private readonly latitudes: Float64Array;
  private readonly longitudes: Float64Array;
  private readonly cityIds: Uint32Array;
  private readonly cities: readonly string[];
  private readonly stateIds: Uint8Array;
  private readonly states: readonly string[];
  /** ZIP as a number (0–99999) → row + 1; 0 where there is none. */
  private readonly rowByZip = new Int32Array(100_000);

  private constructor(stateRows: ReadonlyArray<readonly [string, string]>, zipRows: ReadonlyArray<readonly string[]>) {
    this.stateByName = new Map(stateRows);
    this.stateAbbreviations = new Set(stateRows.map(([, abbr]) => abbr));
    this.size = zipRows.length;
    this.zips = new Int32Array(this.size);
    this.latitudes = new Float64Array(this.size);
    this.longitudes = new Float64Array(this.size);
    this.cityIds = new Uint32Array(this.size);
    this.stateIds = new Uint8Array(this.size);
    const cityIds = new Map<string, number>();
    const stateIds = new Map<string, number>();
    zipRows.forEach(([zip = '', latitude = '', longitude = '', city = '', state = ''], row) => {
      const lat = Number(latitude);
      const lon = Number(longitude);
      if (!ZIP.test(zip) || latitude === '' || longitude === '' || !Number.isFinite(lat) || !Number.isFinite(lon) || city === '' || state === '') {
        throw new ZipTableError(`${ZIP_TABLE_PATH}: bad row ${row + 1}: ${zipRows[row]?.join(' | ')}`);
      }
      const n = Number(zip);
      if (this.rowByZip[n] !== 0) throw new ZipTableError(`${ZIP_TABLE_PATH}: ZIP ${zip} appears twice`);
      this.rowByZip[n] = row + 1;
      this.zips[row] = n;
      this.latitudes[row] = lat;
      this.longitudes[row] = lon;
      let cityId = cityIds.get(city);
      if (cityId === undefined) cityIds.set(city, (cityId = cityIds.size));
      this.cityIds[row] = cityId;
      let stateId = stateIds.get(state);
      if (stateId === undefined) stateIds.set(state, (stateId = stateIds.size));
      if (stateId > 255) throw new ZipTableError(`${ZIP_TABLE_PATH}: more than 256 states`);
      this.stateIds[row] = stateId;
    });
    // Copies, so the strings no longer point into the whole file's text.
    this.cities = [...cityIds.keys()].map((c) => [...c].join(''));
    this.states = [...stateIds.keys()].map((s) => [...s].join(''));
  }

  /** Parses the generated file's text: `[states]` then `[zips]` sections of tab-separated rows; `#` lines are comments. */
  static parse(text: string): ZipTable {
    const stateRows: Array<readonly [string, string]> = [];
    const zipRows: string[][] = [];
    let section: 'states' | 'zips' | undefined;
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      if (line === '[states]' || line === '[zips]') {
        section = line === '[states]' ? 'states' : 'zips';
        continue;
      }
      const fields = line.split('\t');
      if (section === 'states' && fields.length === 2 && fields[0] && fields[1]) stateRows.push([fields[0], fields[1]]);
      else if (section === 'zips' && fields.length === 5) zipRows.push(fields);
      else throw new ZipTableError(`${ZIP_TABLE_PATH}: unexpected line: ${line.slice(0, 80)}`);
    }
    if (stateRows.length === 0 || zipRows.length === 0) throw new ZipTableError(`${ZIP_TABLE_PATH}: no states or no ZIP codes`);
    return new ZipTable(stateRows, zipRows);
  }

  /** The row of a five-digit ZIP code; -1 when the table has none. */
  rowOf(zip: string): number {
    return ZIP.test(zip) ? (this.rowByZip[Number(zip)] ?? 0) - 1 : -1;
  }

  zip(row: number): string {
    return String(this.zips[row]).padStart(5, '0');
  }

  latitude(row: number): number {
    return this.latitudes[row] ?? Number.NaN;
  }

  longitude(row: number): number {
    return this.longitudes[row] ?? Number.NaN;
  }

  city(row: number): string {
    return this.cities[this.cityIds[row] ?? -1] ?? '';
  }

  state(row: number): string {
    return this.states[this.stateIds[row] ?? -1] ?? '';
  }

  place(row: number): ZipPlace {
    return { zip: this.zip(row), latitude: this.latitude(row), longitude: this.longitude(row), city: this.city(row), state: this.state(row) };
  }
}

let loaded: ZipTable | undefined;

/** The table, read from disk on first call. */
export function zipTable(): ZipTable {
  loaded ??= ZipTable.parse(readFileSync(fromRoot(ZIP_TABLE_PATH), 'utf8'));
  return loaded;
}

/** A US ZIP code's place; undefined when unknown. */
export function lookupZipPlace(zip: string): ZipPlace | undefined {
  const table = zipTable();
  const row = table.rowOf(zip);
  return row < 0 ? undefined : table.place(row);
}

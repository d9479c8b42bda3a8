import type { Location } from '../profile/profile.js';
import { lookupZipPlace, zipTable, type ZipPlace } from './zipTable.js';

/** Mean Earth radius in miles, for great-circle (haversine) distances. */
export const EARTH_RADIUS_MILES = 3958.8;
const RAD = Math.PI / 180;

/** A point with its trigonometry precomputed, so each distance costs one sqrt and a few multiplies. */
export interface GeoPoint {
  readonly latRad: number;
  readonly lonRad: number;
  readonly cosLat: number;
}

export function geoPoint(latitude: number, longitude: number): GeoPoint {
  const latRad = latitude * RAD;
  return { latRad, lonRad: longitude * RAD, cosLat: Math.cos(latRad) };
}

export function haversineMiles(a: GeoPoint, b: GeoPoint): number {
  const sinLat = Math.sin((b.latRad - a.latRad) / 2);
  const sinLon = Math.sin((b.lonRad - a.lonRad) / 2);
  const h = sinLat * sinLat + a.cosLat * b.cosLat * sinLon * sinLon;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Grid cell size in degrees. 0.5° is about 35 miles north–south: a 25-mile search touches a few cells. */
const CELL_DEGREES = 0.5;
const MILES_PER_DEGREE_LAT = 69.0;

const cellOf = (degrees: number): number => Math.floor(degrees / CELL_DEGREES);
/** Longitude cells stay within ±360, so this key is unique per cell. */
const cellKey = (latCell: number, lonCell: number): number => latCell * 1024 + lonCell;

/**
 * Buckets points by lat/lon cell so a radius search only looks at nearby programs.
 * Built once per catalog version. Does not wrap at the antimeridian (US catalog).
 */
export class GeoGrid {
  private readonly cells = new Map<number, number[]>();

  constructor(points: ReadonlyArray<{ latitude: number; longitude: number }>) {
    points.forEach((p, index) => {
      const key = cellKey(cellOf(p.latitude), cellOf(p.longitude));
      const bucket = this.cells.get(key);
      if (bucket) bucket.push(index);
      else this.cells.set(key, [index]);
    });
  }

  /** Calls visit(index) for every point in cells overlapping the radius; callers check the exact distance. */
  forEachNear(latitude: number, longitude: number, radiusMiles: number, visit: (index: number) => void): void {
    const dLat = radiusMiles / MILES_PER_DEGREE_LAT;
    const cosLat = Math.max(0.01, Math.cos(latitude * RAD));
    const dLon = Math.min(180, dLat / cosLat);
    const lat0 = cellOf(Math.max(-90, latitude - dLat));
    const lat1 = cellOf(Math.min(90, latitude + dLat));
    const lon0 = cellOf(longitude - dLon);
    const lon1 = cellOf(longitude + dLon);
    for (let la = lat0; la <= lat1; la++) {
      for (let lo = lon0; lo <= lon1; lo++) {
        const bucket = this.cells.get(cellKey(la, lo));
        if (bucket) for (const index of bucket) visit(index);
      }
    }
  }
}

const MILITARY_MAIL_STATES = new Set(['AA', 'AE', 'AP']);

let zipIndex: { grid: GeoGrid; rows: Int32Array } | undefined;

/**
 * The nearest US ZIP code (military mail codes aside) within 400 miles of a point.
 * zipcodes.lookupByCoords scans every ZIP (~8 ms); this grid, built once on first use, answers in microseconds.
 */
export function nearestZip(latitude: number, longitude: number): ZipPlace | undefined {
  const table = zipTable();
  if (!zipIndex) {
    // Military mail codes (AA/AE/AP) have no place on the map.
    const rows: number[] = [];
    for (let row = 0; row < table.size; row++) if (!MILITARY_MAIL_STATES.has(table.state(row))) rows.push(row);
    // The grid keeps only indices into `rows`; the point objects are garbage once it is built.
    const grid = new GeoGrid(rows.map((row) => ({ latitude: table.latitude(row), longitude: table.longitude(row) })));
    zipIndex = { grid, rows: Int32Array.from(rows) };
  }
  const { grid, rows } = zipIndex;
  const here = geoPoint(latitude, longitude);
  let best: { row: number; miles: number } | undefined;
  for (const radius of [25, 100, 400]) {
    grid.forEachNear(latitude, longitude, radius, (i) => {
      const row = rows[i];
      if (row === undefined) return;
      const miles = haversineMiles(here, geoPoint(table.latitude(row), table.longitude(row)));
      if (miles <= radius && (!best || miles < best.miles)) best = { row, miles };
    });
    if (best) return table.place(best.row);
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
  const byZip = location.zip ? lookupZipPlace(location.zip) : undefined;
  if (byZip) return byZip.state;
  return nearestZip(location.latitude, location.longitude)?.state;
}

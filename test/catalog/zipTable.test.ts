import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import zipcodes from 'zipcodes';
import { lookupZip, resolvePlace, stateCode } from '../../src/domain/assessment/location.js';
import { nearestZip, stateOf } from '../../src/domain/catalog/geo.js';
import { ZIP_TABLE_PATH, ZipTable, ZipTableError, lookupZipPlace, zipTable } from '../../src/domain/catalog/zipTable.js';
import { fromRoot } from '../../src/paths.js';
import * as reference from './zipcodesReference.js';

const usEntries = Object.values(zipcodes.codes).filter((z) => z.country === 'US');

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('ZIP table (data/zip-centroids.tsv, generated from zipcodes)', () => {
  it('holds every US ZIP of the package, in its order, with the same coordinates, city and state', () => {
    const table = zipTable();
    expect(table.size).to.equal(usEntries.length);
    usEntries.forEach((entry, row) => {
      const place = table.place(row);
      if (place.zip !== entry.zip || place.latitude !== entry.latitude || place.longitude !== entry.longitude || place.city !== entry.city || place.state !== entry.state) {
        expect(place, `row ${row}`).to.deep.equal({ zip: entry.zip, latitude: entry.latitude, longitude: entry.longitude, city: entry.city, state: entry.state });
      }
      expect(table.rowOf(entry.zip)).to.equal(row);
    });
  });

  it('holds the package state and province names', () => {
    const { stateByName, stateAbbreviations } = zipTable();
    expect(Object.fromEntries(stateByName)).to.deep.equal(zipcodes.states.full);
    expect([...stateAbbreviations].sort()).to.deep.equal(Object.keys(zipcodes.states.abbr).sort());
  });

  it('knows no ZIP the package lacks (nor Canadian postal prefixes)', () => {
    const table = zipTable();
    const known = new Set(usEntries.map((z) => z.zip));
    for (let n = 0; n < 100_000; n++) {
      const zip = String(n).padStart(5, '0');
      if (!known.has(zip)) expect(table.rowOf(zip), zip).to.equal(-1);
    }
    for (const key of Object.keys(zipcodes.codes).filter((k) => zipcodes.codes[k]?.country !== 'US').slice(0, 50)) {
      expect(lookupZipPlace(key), key).to.equal(undefined);
    }
    for (const text of ['', '1234', '123456', ' 97201', '9720a']) expect(table.rowOf(text), text).to.equal(-1);
  });

  it('rejects a malformed file', () => {
    expect(() => ZipTable.parse('[states]\nOREGON\tOR\n')).to.throw(ZipTableError, /no states or no ZIP/);
    expect(() => ZipTable.parse('[states]\nOREGON\tOR\n[zips]\n97201\tx\t-122.69\tPortland\tOR\n')).to.throw(ZipTableError, /bad row 1/);
    expect(() => ZipTable.parse('[states]\nOREGON\tOR\n[zips]\n97201\t45.5\t-122.69\tPortland\n')).to.throw(ZipTableError, /unexpected line/);
    expect(() => ZipTable.parse('[states]\nOREGON\tOR\n[zips]\n97201\t45.5\t-122.6\tPortland\tOR\n97201\t45.5\t-122.6\tPortland\tOR\n')).to.throw(
      ZipTableError,
      /appears twice/,
    );
  });

  it('is the file scripts/generate-zip-table.ts writes today (regenerate after upgrading zipcodes)', () => {
    const text = readFileSync(fromRoot(ZIP_TABLE_PATH), 'utf8');
    const version = /from zipcodes@(\d+\.\d+\.\d+)/.exec(text)?.[1];
    const installed = (JSON.parse(readFileSync(fromRoot('node_modules/zipcodes/package.json'), 'utf8')) as { version: string }).version;
    expect(version).to.equal(installed);
  });
});

describe('place lookups on the ZIP table give what the zipcodes package gave', () => {
  it('ZIP → place, for every key of the package and some that are not', () => {
    const zips = [...Object.keys(zipcodes.codes), '00000', '99999', '00001', '12345', 'A0A', 'K1A'];
    for (const zip of zips) expect(lookupZip(zip), zip).to.deep.equal(reference.lookupZip(zip));
  });

  it('city and state → place, for every city name in the package (with its states, a wrong state, and none)', () => {
    const statesByCity = new Map<string, Set<string>>();
    for (const entry of usEntries) {
      const states = statesByCity.get(entry.city) ?? new Set<string>();
      states.add(entry.state);
      statesByCity.set(entry.city, states);
    }
    let ambiguous = 0;
    const check = (text: string): void => {
      const expected = reference.resolvePlace(text);
      const actual = resolvePlace(text);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual, text).to.deep.equal(expected);
      if (expected.kind === 'ambiguous') ambiguous++;
    };
    for (const [city, states] of statesByCity) {
      check(city);
      check(city.toLowerCase());
      check(`I live in ${city}`);
      check(`${city}, WY`);
      for (const state of states) {
        check(`${city}, ${state}`);
        check(`${city} ${zipcodes.states.abbr[state] ?? state}`);
      }
    }
    expect(ambiguous, 'ambiguous city names exercised').to.be.greaterThan(1000);
    for (const text of ['St. Louis, MO', 'Saint Louis', 'Mt Vernon', 'Ft Worth TX', 'Portland', 'Blahvillezzz', '', 'x', 'Boise, FL', 'Portland, ZZ']) check(text);
  });

  it('state names and abbreviations, as the package spells them', () => {
    const words = [...Object.keys(zipcodes.states.full), ...Object.keys(zipcodes.states.abbr), 'new york', 'or', 'xx', 'zz', 'Oregon', 'NORTHEWEST TERRITORIES', 'constructor', ''];
    for (const text of words) expect(stateCode(text), text).to.equal(reference.stateCode(text));
  });

  it('nearest ZIP and state of a point: at every ZIP, near them, and across the map', () => {
    const rand = random(11);
    const points: Array<[number, number]> = usEntries.map((z) => [z.latitude, z.longitude]);
    for (let i = 0; i < 5000; i++) {
      const z = usEntries[Math.floor(rand() * usEntries.length)];
      if (z) points.push([z.latitude + (rand() - 0.5) * 0.2, z.longitude + (rand() - 0.5) * 0.2]);
    }
    for (let i = 0; i < 5000; i++) points.push([15 + rand() * 60, -170 + rand() * 110]); // the US and its territories, sea included
    for (const [latitude, longitude] of points) {
      const expected = reference.nearestZip(latitude, longitude);
      const actual = nearestZip(latitude, longitude);
      if (actual?.zip !== expected?.zip) expect(actual?.zip, `${latitude},${longitude}`).to.equal(expected?.zip);
      if (actual?.state !== expected?.state) expect(actual?.state, `${latitude},${longitude}`).to.equal(expected?.state);
    }
    for (const location of [
      { latitude: 0, longitude: 0 },
      { latitude: 47.6062, longitude: -122.3321 },
      { latitude: 0, longitude: 0, zip: '46204' },
      { latitude: 47.6062, longitude: -122.3321, zip: '00000' },
      { latitude: 39.0997, longitude: -94.5786, state: 'mo' },
    ]) {
      expect(stateOf(location), JSON.stringify(location)).to.equal(reference.stateOf(location));
    }
  });
});

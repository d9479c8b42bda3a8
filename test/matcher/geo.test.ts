import { expect } from 'chai';
import { GeoGrid, geoPoint, haversineMiles, stateOf } from '../../src/domain/catalog/geo.js';

describe('geo', () => {
  it('computes great-circle distances', () => {
    const columbus = geoPoint(39.9612, -82.9988);
    const cleveland = geoPoint(41.4993, -81.6944);
    const losAngeles = geoPoint(34.0522, -118.2437);
    const newYork = geoPoint(40.7128, -74.006);
    expect(haversineMiles(columbus, cleveland)).to.be.closeTo(125, 3);
    expect(haversineMiles(newYork, losAngeles)).to.be.closeTo(2445, 10);
    expect(haversineMiles(columbus, columbus)).to.equal(0);
  });

  it('grid search finds exactly what a full scan finds within the radius', () => {
    let seed = 7;
    const rand = (): number => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const points = Array.from({ length: 3000 }, () => ({ latitude: 30 + rand() * 15, longitude: -100 + rand() * 25 }));
    const grid = new GeoGrid(points);
    for (const radius of [5, 25, 100]) {
      for (let q = 0; q < 20; q++) {
        const lat = 31 + rand() * 13;
        const lon = -99 + rand() * 23;
        const origin = geoPoint(lat, lon);
        const within = (i: number): boolean => {
          const p = points[i];
          return p !== undefined && haversineMiles(origin, geoPoint(p.latitude, p.longitude)) <= radius;
        };
        const expected = points.map((_, i) => i).filter(within);
        const found: number[] = [];
        grid.forEachNear(lat, lon, radius, (i) => {
          if (within(i)) found.push(i);
        });
        expect(found.sort((a, b) => a - b)).to.deep.equal(expected);
      }
    }
  });

  it('finds the state from what is known', () => {
    expect(stateOf(undefined)).to.equal(undefined);
    expect(stateOf({ latitude: 0, longitude: 0, state: 'oh' })).to.equal('OH');
    expect(stateOf({ latitude: 0, longitude: 0, zip: '46204' })).to.equal('IN');
    expect(stateOf({ latitude: 39.0997, longitude: -94.5786 })).to.be.oneOf(['MO', 'KS']); // Kansas City, on the line
    expect(stateOf({ latitude: 47.6062, longitude: -122.3321 })).to.equal('WA');
  });
});

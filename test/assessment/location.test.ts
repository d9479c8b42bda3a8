import { expect } from 'chai';
import { describeLocation, resolvePlace, stateCode } from '../../src/domain/assessment/location.js';
import { Location } from '../../src/domain/profile/profile.js';

describe('assessment location: ZIP codes and cities', () => {
  it('places a valid ZIP code, with the database city and coordinates', () => {
    const place = resolvePlace('97201');
    expect(place).to.deep.equal({
      kind: 'found',
      location: { zip: '97201', city: 'Portland', state: 'OR', latitude: 45.5078, longitude: -122.6897 },
    });
    if (place.kind === 'found') expect(Location.safeParse(place.location).success).to.equal(true);
  });

  it('reads a ZIP+4 and a ZIP inside a sentence', () => {
    expect(resolvePlace('97201-1234')).to.have.nested.property('location.zip', '97201');
    expect(resolvePlace("I'm in 10001 now")).to.have.nested.property('location.city', 'New York');
  });

  it('rejects ZIP codes that do not exist', () => {
    expect(resolvePlace('00000')).to.deep.equal({ kind: 'unknown_zip', zip: '00000' });
    expect(resolvePlace('99999')).to.deep.equal({ kind: 'unknown_zip', zip: '99999' });
  });

  it('places "Portland, OR" near Portland, Oregon (not Maine)', () => {
    const place = resolvePlace('Portland, OR');
    expect(place.kind).to.equal('found');
    if (place.kind !== 'found') return;
    expect(place.location).to.include({ city: 'Portland', state: 'OR' });
    expect(place.location.zip).to.equal(undefined);
    expect(place.location.latitude).to.be.closeTo(45.52, 0.1);
    expect(place.location.longitude).to.be.closeTo(-122.68, 0.1);
  });

  it('accepts the state spelled out, without a comma, and "St." for Saint', () => {
    expect(resolvePlace('portland oregon')).to.have.nested.property('location.state', 'OR');
    expect(resolvePlace('Austin TX')).to.have.nested.property('location.city', 'Austin');
    expect(resolvePlace('St. Louis, MO')).to.have.nested.property('location.state', 'MO');
    expect(resolvePlace('I live in Boise')).to.have.nested.property('location.state', 'ID');
  });

  it('uses the median, so a stray ZIP entry does not move New York out to sea', () => {
    const place = resolvePlace('New York, NY');
    expect(place).to.have.nested.property('location.longitude').closeTo(-73.98, 0.2);
  });

  it('asks which state when a city name is in several', () => {
    const place = resolvePlace('Portland');
    expect(place.kind).to.equal('ambiguous');
    if (place.kind !== 'ambiguous') return;
    expect(place.states).to.include.members(['OR', 'ME']);
    expect(place.states[0]).to.equal('OR');
  });

  it('says so when it cannot place the text', () => {
    expect(resolvePlace('Blahvillezzz')).to.deep.equal({ kind: 'unknown' });
    expect(resolvePlace('Portland, ZZ')).to.deep.equal({ kind: 'unknown' });
    expect(resolvePlace('Boise, FL')).to.deep.equal({ kind: 'unknown' });
    expect(resolvePlace('')).to.deep.equal({ kind: 'unknown' });
  });

  it('knows state codes and names', () => {
    expect(stateCode('or')).to.equal('OR');
    expect(stateCode('North Carolina')).to.equal('NC');
    expect(stateCode('xx')).to.equal(undefined);
  });

  it('reads a location back in plain words', () => {
    expect(describeLocation({ zip: '97201', city: 'Portland', state: 'OR', latitude: 45.5, longitude: -122.7 })).to.equal('97201 (Portland, OR)');
    expect(describeLocation({ city: 'Boise', state: 'ID', latitude: 43.5, longitude: -116.2 })).to.equal('Boise, ID');
  });
});

import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import zipcodes from 'zipcodes';
import { generateSampleCatalog } from '../../scripts/catalog/sampleCatalog.js';
import { loadCatalog } from '../../src/domain/catalog/store.js';
import type { Catalog } from '../../src/domain/catalog/schema.js';

const SAMPLE_PATH = 'data/programs.json';

function minutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

describe('sample catalog (data/programs.json)', () => {
  let catalog: Catalog;
  before(async () => {
    catalog = await loadCatalog(SAMPLE_PATH);
  });

  it('passes validation with at least 130 programs in at least 12 states', () => {
    expect(catalog.programs.length).to.be.at.least(130);
    expect(new Set(catalog.programs.map((p) => p.address.state)).size).to.be.at.least(12);
  });

  it('says plainly that it is fictional sample data', () => {
    expect(catalog.meta.sample).to.equal(true);
    expect(catalog.meta.description).to.match(/sample/i).and.match(/not real listings/i);
  });

  it('uses only fictional phone numbers and example.org websites', () => {
    for (const program of catalog.programs) {
      expect(program.phone, program.id).to.match(/^\d{3}-555-01\d\d$/);
      if (program.intakePhone !== undefined) expect(program.intakePhone, program.id).to.match(/^\d{3}-555-01\d\d$/);
      expect(program.website, program.id).to.match(/^https:\/\/example\.org\//);
    }
  });

  it('places programs at real ZIP codes of their cities, in cities and rural towns', () => {
    for (const program of catalog.programs) {
      const place = zipcodes.lookup(program.address.zip);
      expect(place, program.id).not.to.equal(undefined);
      expect(place?.city, program.id).to.equal(program.address.city);
      expect(place?.state, program.id).to.equal(program.address.state);
      expect(Math.abs((place?.latitude ?? 0) - program.address.latitude), program.id).to.be.below(0.02);
      expect(Math.abs((place?.longitude ?? 0) - program.address.longitude), program.id).to.be.below(0.02);
    }
    const cities = new Set(catalog.programs.map((p) => `${p.address.city}, ${p.address.state}`));
    expect(cities).to.include('Bemidji, MN').and.include('Hazard, KY').and.include('Houston, TX');
  });

  it('has varied schedules: morning, evening, weekend and telehealth tracks, 9–19 h/week for adults', () => {
    const tracks = catalog.programs.flatMap((p) => p.iopTracks);
    expect(tracks.some((t) => minutes(t.start) < 12 * 60 && !t.days.includes('sat'))).to.equal(true);
    expect(tracks.some((t) => minutes(t.start) >= 17 * 60)).to.equal(true);
    expect(tracks.some((t) => t.days.includes('sat') || t.days.includes('sun'))).to.equal(true);
    expect(tracks.some((t) => t.format === 'telehealth')).to.equal(true);
    for (const track of tracks.filter((t) => !t.ageGroups?.includes('adolescent'))) {
      expect(track.hoursPerWeek).to.be.within(9, 19);
    }
  });

  it('includes programs without IOP, and IOPs whose schedule is unknown', () => {
    const withoutIop = catalog.programs.filter((p) => !p.levels.includes('intensive_outpatient'));
    expect(withoutIop.length).to.be.at.least(10);
    expect(withoutIop.every((p) => p.iopTracks.length === 0)).to.equal(true);
    expect(catalog.programs.some((p) => p.levels.includes('intensive_outpatient') && p.iopTracks.length === 0)).to.equal(true);
  });

  it('varies payment, languages, populations and services', () => {
    const all = <T>(pick: (p: Catalog['programs'][number]) => readonly T[]): Set<T> => new Set(catalog.programs.flatMap(pick));
    expect([...all((p) => p.paymentAccepted)]).to.have.members(['medicaid', 'medicare', 'private_insurance', 'military', 'self_pay']);
    expect([...all((p) => p.paymentAssistance)]).to.have.members(['sliding_scale', 'free']);
    const languages = all((p) => p.languages);
    for (const code of ['en', 'es', 'vi', 'zh', 'ru', 'ko', 'ar']) expect(languages.has(code), code).to.equal(true);
    expect(all((p) => p.populations).size).to.equal(6);
    expect(all((p) => p.services.complementary).size).to.equal(6);
    expect(all((p) => p.ageGroups)).to.include('adolescent');
    expect(all((p) => p.medications).size).to.be.at.least(4);
  });

  it('is exactly what the generator produces (deterministic, committed output up to date)', async () => {
    const committed = await readFile(SAMPLE_PATH, 'utf8');
    expect(`${JSON.stringify(generateSampleCatalog(), null, 2)}\n`).to.equal(committed);
    expect(JSON.stringify(generateSampleCatalog({ count: 20, seed: 5 }))).to.equal(JSON.stringify(generateSampleCatalog({ count: 20, seed: 5 })));
    expect(JSON.stringify(generateSampleCatalog({ count: 20, seed: 5 }))).not.to.equal(JSON.stringify(generateSampleCatalog({ count: 20, seed: 6 })));
  });
});

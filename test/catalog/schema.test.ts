import { expect } from 'chai';
import { Catalog, Program } from '../../src/domain/catalog/schema.js';
import { CatalogError, parseCatalog } from '../../src/domain/catalog/validate.js';
import type { Program as ProgramType } from '../../src/domain/catalog/schema.js';
import { validCatalog, validProgram } from './fixtures.js';

/** Runs the catalog validation and returns its error (fails the test if there is none). */
function errorFor(raw: unknown): CatalogError {
  try {
    parseCatalog(raw, 'test.json');
  } catch (error) {
    if (error instanceof CatalogError) return error;
    throw error;
  }
  throw new Error('expected the catalog to be rejected');
}

/** A catalog with one program changed by `edit` (working on an untyped copy, as a bad file would be). */
function withEdit(edit: (program: Record<string, unknown>) => void): unknown {
  const program = structuredClone(validProgram()) as unknown as Record<string, unknown>;
  edit(program);
  return { ...validCatalog(), programs: [program] };
}

describe('catalog schema', () => {
  it('accepts a complete program', () => {
    const catalog = parseCatalog(validCatalog(), 'test.json');
    expect(catalog.programs).to.have.length(1);
    expect(catalog.programs[0]?.id).to.equal('oak-ridge-03');
  });

  it('accepts an IOP with no known tracks (schedule unknown) and a detox-only program', () => {
    const unknownSchedule: ProgramType = { ...validProgram('unknown-schedule-01'), iopTracks: [] };
    const detoxOnly: ProgramType = { ...validProgram('detox-only-01'), levels: ['detox'], iopTracks: [] };
    const parsed = Catalog.parse(validCatalog([unknownSchedule, detoxOnly]));
    expect(parsed.programs.map((p) => p.iopTracks.length)).to.deep.equal([0, 0]);
  });

  it('accepts optional fields being absent and keeps extra meta keys', () => {
    const program = validProgram();
    delete program.intakePhone;
    delete program.website;
    delete program.services.individualCounseling;
    const parsed = parseCatalog({ ...validCatalog([program]), meta: { ...validCatalog().meta, seed: 3 } }, 'test.json');
    expect(parsed.programs[0]?.website).to.equal(undefined);
    expect(parsed.meta.seed).to.equal(3);
  });

  it('accepts a phone number with an extension', () => {
    expect(Program.safeParse({ ...validProgram(), phone: '434-971-8454 x1' }).success).to.equal(true);
  });

  const rejections: Array<{ name: string; edit: (p: Record<string, unknown>) => void; expected: string }> = [
    { name: 'a 4-digit ZIP', edit: (p) => ((p.address as Record<string, unknown>).zip = '4321'), expected: 'Program "oak-ridge-03": address.zip: expected 5 digits' },
    { name: 'a state name instead of a code', edit: (p) => ((p.address as Record<string, unknown>).state = 'Ohio'), expected: 'Program "oak-ridge-03": address.state: expected 2 capital letters like "OH"' },
    { name: 'a latitude out of range', edit: (p) => ((p.address as Record<string, unknown>).latitude = 123), expected: 'Program "oak-ridge-03": address.latitude: expected a latitude between -90 and 90' },
    { name: 'a missing phone', edit: (p) => delete p.phone, expected: 'Program "oak-ridge-03": phone: is required but missing' },
    { name: 'a malformed phone', edit: (p) => (p.phone = '5550101'), expected: 'Program "oak-ridge-03": phone: expected a US phone number' },
    { name: 'a non-http website', edit: (p) => (p.website = 'ftp://example.org/x'), expected: 'Program "oak-ridge-03": website: expected an http(s) URL' },
    { name: 'an unknown level of care', edit: (p) => (p.levels = ['spa']), expected: 'Program "oak-ridge-03": levels[0]: Invalid option' },
    { name: 'no levels of care', edit: (p) => ((p.levels = []), (p.iopTracks = [])), expected: 'Program "oak-ridge-03": levels: expected at least one level of care' },
    {
      name: 'a track that ends before it starts',
      edit: (p) => (p.iopTracks = [{ days: ['mon'], start: '18:00', end: '09:00', hoursPerWeek: 3, format: 'in_person' }]),
      expected: 'Program "oak-ridge-03": iopTracks[0].end: expected end after start (18:00)',
    },
    {
      name: 'a time that is not HH:MM',
      edit: (p) => (p.iopTracks = [{ days: ['mon'], start: '6pm', end: '21:00', hoursPerWeek: 3, format: 'in_person' }]),
      expected: 'Program "oak-ridge-03": iopTracks[0].start: expected a 24-hour time like "18:00"',
    },
    {
      name: 'more hours a week than the schedule holds',
      edit: (p) => (p.iopTracks = [{ days: ['mon', 'wed', 'fri'], start: '09:00', end: '12:00', hoursPerWeek: 12, format: 'in_person' }]),
      expected: 'Program "oak-ridge-03": iopTracks[0].hoursPerWeek: expected at most 9 (days × session length)',
    },
    {
      name: 'an unknown weekday',
      edit: (p) => (p.iopTracks = [{ days: ['funday'], start: '09:00', end: '12:00', hoursPerWeek: 3, format: 'in_person' }]),
      expected: 'Program "oak-ridge-03": iopTracks[0].days[0]: Invalid option',
    },
    {
      name: 'the same day twice',
      edit: (p) => (p.iopTracks = [{ days: ['mon', 'mon'], start: '09:00', end: '12:00', hoursPerWeek: 6, format: 'in_person' }]),
      expected: 'Program "oak-ridge-03": iopTracks[0].days: must not list the same value twice',
    },
    {
      name: 'a track format that is not in_person or telehealth',
      edit: (p) => (p.iopTracks = [{ days: ['mon'], start: '09:00', end: '12:00', hoursPerWeek: 3, format: 'hybrid' }]),
      expected: 'Program "oak-ridge-03": iopTracks[0].format: Invalid option',
    },
    {
      name: 'IOP tracks on a program without IOP',
      edit: (p) => (p.levels = ['residential']),
      expected: 'Program "oak-ridge-03": iopTracks: has IOP tracks but levels does not include "intensive_outpatient"',
    },
    { name: 'a repeated language', edit: (p) => (p.languages = ['en', 'es', 'en']), expected: 'Program "oak-ridge-03": languages: must not list the same value twice' },
    {
      name: 'a repeated service',
      edit: (p) => ((p.services as Record<string, unknown>).aftercare = ['alumni_groups', 'alumni_groups']),
      expected: 'Program "oak-ridge-03": services.aftercare: must not list the same value twice',
    },
    { name: 'an unknown payment', edit: (p) => (p.paymentAccepted = ['bitcoin']), expected: 'Program "oak-ridge-03": paymentAccepted[0]: Invalid option' },
    { name: 'a 3-letter language code', edit: (p) => (p.languages = ['eng']), expected: 'Program "oak-ridge-03": languages[0]: expected a 2-letter ISO 639-1 code like "es"' },
    { name: 'no languages', edit: (p) => (p.languages = []), expected: 'Program "oak-ridge-03": languages: expected at least one language' },
    { name: 'an unknown age group', edit: (p) => (p.ageGroups = ['toddler']), expected: 'Program "oak-ridge-03": ageGroups[0]: Invalid option' },
    { name: 'an unknown population', edit: (p) => (p.populations = ['students']), expected: 'Program "oak-ridge-03": populations[0]: Invalid option' },
    {
      name: 'an unknown counseling frequency',
      edit: (p) => ((p.services as Record<string, unknown>).individualCounseling = 'daily'),
      expected: 'Program "oak-ridge-03": services.individualCounseling: Invalid option',
    },
    {
      name: 'a complementary therapy that is not an Interest',
      edit: (p) => ((p.services as Record<string, unknown>).complementary = ['golf']),
      expected: 'Program "oak-ridge-03": services.complementary[0]: Invalid option',
    },
    { name: 'an unknown medication', edit: (p) => (p.medications = ['aspirin']), expected: 'Program "oak-ridge-03": medications[0]: Invalid option' },
    { name: 'an impossible date', edit: (p) => (p.lastVerified = '2024-02-30'), expected: 'Program "oak-ridge-03": lastVerified: expected a date like 2024-05-31' },
    { name: 'a misspelt key', edit: (p) => (p.adress = {}), expected: 'Program "oak-ridge-03": (record): Unrecognized key: "adress"' },
  ];

  for (const { name, edit, expected } of rejections) {
    it(`rejects ${name}, naming id, field and problem`, () => {
      const error = errorFor(withEdit(edit));
      expect(error.problems).to.have.length(1);
      expect(error.problems[0]).to.include(expected);
      expect(error.message).to.include(expected).and.include('test.json');
    });
  }

  it('never quotes the bad value itself (messages reach the logs)', () => {
    const error = errorFor(
      withEdit((p) => {
        p.phone = '5559876543210';
        (p.address as Record<string, unknown>).zip = '98765-4';
      }),
    );
    expect(error.problems).to.have.length(2);
    expect(error.message).not.to.include('5559876543210').and.not.to.include('98765-4');
  });

  it('rejects a catalog with no programs, like a broken one (the bot would suggest nothing)', () => {
    const error = errorFor(validCatalog([]));
    expect(error.problems).to.deep.equal(['programs: expected at least one program (with none, the bot would suggest nothing)']);
    expect(error.message).to.equal('Invalid catalog test.json: programs: expected at least one program (with none, the bot would suggest nothing)');
  });

  it('rejects duplicate ids', () => {
    const error = errorFor(validCatalog([validProgram('same-id'), validProgram('other-id'), validProgram('same-id')]));
    expect(error.problems).to.deep.equal(['Program "same-id": id: duplicate id "same-id"']);
  });

  it('names a record without a usable id by its position', () => {
    const error = errorFor(validCatalog([validProgram('ok-id'), { ...validProgram(), id: 'Not An Id!' }]));
    expect(error.problems).to.deep.equal(['Program #2 (no valid id): id: expected lower-case letters, digits and single hyphens']);
  });

  it('reports every bad record, not just the first', () => {
    const bad = { ...validProgram('second-bad'), phone: 'none' };
    const worse = { ...validProgram('third-bad'), languages: [] };
    const error = errorFor(validCatalog([validProgram('fine'), bad, worse]));
    expect(error.problems.map((p) => p.split(':')[0])).to.deep.equal(['Program "second-bad"', 'Program "third-bad"']);
    expect(error.message).to.match(/\(2 problems\)/);
  });

  it('rejects a catalog without meta.sample, and a file that is not an object', () => {
    const { sample: _omitted, ...meta } = validCatalog().meta;
    expect(errorFor({ meta, programs: [validProgram()] }).problems).to.deep.equal(['meta.sample: is required but missing']);
    expect(errorFor([validProgram()]).message).to.equal('Invalid catalog test.json: expected an object with "meta" and "programs"');
  });
});

import { expect } from 'chai';
import { matchPrograms, type MatchResult } from '../../src/domain/catalog/matcher.js';
import { Program, type IopTrack } from '../../src/domain/catalog/schema.js';
import { loadMessages } from '../../src/domain/content.js';
import { fromRoot } from '../../src/paths.js';
import type { Guidance } from '../../src/domain/guidance/careRules.js';
import type { Profile } from '../../src/domain/profile/profile.js';

/** Hard constraints of issue #17: gender, medication, reach without a car, and what is said when one is loosened. */

const HOME = { latitude: 39.9612, longitude: -82.9988 };
const MILES_PER_DEGREE_LAT = (3958.8 * Math.PI) / 180;
const NOW = new Date('2025-02-01T12:00:00Z');
/** The English texts the reasons are written in. */
const WORDS = loadMessages(fromRoot('data')).reasons;
const here: Profile['location'] = { ...HOME, state: 'OH' };
const IOP: Guidance = { ruleIds: [], levels: ['intensive_outpatient'], extras: [], urgeHelplineNow: false, iopAllowed: true, title: 't', explanation: [] };

const evening = (format: IopTrack['format'] = 'in_person'): IopTrack => ({ days: ['mon', 'wed', 'thu'], start: '18:00', end: '21:00', format, hoursPerWeek: 9 });

function program(id: string, miles: number, extra: Partial<Program> = {}): Program {
  return Program.parse({
    id,
    name: `Test ${id}`,
    organization: 'Test Health',
    address: { street: '1 Main St', city: 'Columbus', state: 'OH', zip: '43215', latitude: HOME.latitude + miles / MILES_PER_DEGREE_LAT, longitude: HOME.longitude },
    phone: '555-010-0100',
    levels: ['intensive_outpatient'],
    iopTracks: [evening()],
    paymentAccepted: ['medicaid'],
    paymentAssistance: [],
    languages: ['en'],
    ageGroups: ['young_adult', 'adult'],
    populations: [],
    services: { groupTherapy: ['cbt'], supportGroups: [], complementary: [], aftercare: [] },
    medications: [],
    accreditation: ['state_licensed'],
    lastVerified: '2025-01-01',
    ...extra,
  });
}

const ids = (r: MatchResult): string[] => r.matches.map((m) => m.program.id);
const match = (catalog: Program[], profile: Profile, options: { ignoreGender?: boolean } = {}): MatchResult =>
  matchPrograms(catalog, { location: here, ...profile }, IOP, { now: NOW, limit: 10, ...options }, WORDS);

describe('matcher: hard constraints (#17)', () => {
  const menOnly = program('men-only', 1, { populations: ['men'], servesOnly: 'men' });
  const womenOnly = program('women-only', 2, { populations: ['women'], servesOnly: 'women' });
  const open = program('open', 3);

  it("a men's program is never shown to a woman, nor a women's program to a man", () => {
    expect(ids(match([menOnly, womenOnly, open], { gender: 'woman' }))).to.deep.equal(['women-only', 'open']);
    expect(ids(match([menOnly, womenOnly, open], { gender: 'man' }))).to.deep.equal(['men-only', 'open']);
  });

  it('with gender unknown or "prefer not to say", one-gender programs are left out (and ignoreGender shows whether asking would matter)', () => {
    expect(ids(match([menOnly, womenOnly, open], {}))).to.deep.equal(['open']);
    expect(ids(match([menOnly, womenOnly, open], { gender: 'prefer_not' }))).to.deep.equal(['open']);
    expect(ids(match([menOnly, womenOnly, open], {}, { ignoreGender: true }))).to.have.members(['men-only', 'women-only', 'open']);
  });

  it('a wished-for medication filters, and is a reason; loosened only with a note and a caveat on each card', () => {
    const bup = program('bup', 4, { medications: ['buprenorphine', 'naltrexone'] });
    const none = program('none', 1);
    const r = match([bup, none], { medication: 'buprenorphine' });
    expect(ids(r)).to.deep.equal(['bup']);
    expect(r.matches[0]?.reasons).to.include('offers buprenorphine (Suboxone)');
    const loosened = match([none], { medication: 'methadone' });
    expect(ids(loosened)).to.deep.equal(['none']);
    expect(loosened.relaxed.map((x) => x.note.key)).to.deep.equal(['medication']);
    expect(loosened.matches[0]?.caveats).to.deep.equal([{ key: 'medicationNotListed', values: { medication: 'methadone' } }]);
  });

  it('without a car: in person only within reach, telehealth ranked first', () => {
    const near = program('near', 2);
    const far = program('far', 12);
    const tele = program('tele', 40, { iopTracks: [evening('telehealth')] });
    const r = match([near, far, tele], { transport: 'none' });
    expect(ids(r)).to.deep.equal(['tele', 'near']);
    expect(ids(match([near, far, tele], { transport: 'car' }))).to.include('far');
  });

  it('without a car and nothing in reach: further programs come only with the no-car note', () => {
    const r = match([program('far', 12)], { transport: 'none', format: 'in_person' });
    expect(ids(r)).to.deep.equal(['far']);
    expect(r.relaxed.map((x) => x.note.key)).to.include('widerNoCar');
  });

  it('a payment not accepted is said plainly on the card', () => {
    const r = match([program('private', 2, { paymentAccepted: ['private_insurance'] })], { payment: 'medicaid' });
    expect(r.relaxed.map((x) => x.note.key)).to.deep.equal(['payment']);
    expect(r.matches[0]?.caveats).to.deep.equal([{ key: 'paymentNotListed', values: { payment: 'Medicaid' } }]);
  });

  it('age: a teen sees teen programs only, an adult never a teen-only one', () => {
    const teen = program('teen', 2, { ageGroups: ['adolescent'] });
    expect(ids(match([teen, open], { ageGroup: 'adolescent' }))).to.deep.equal(['teen']);
    expect(ids(match([teen, open], { ageGroup: 'adult' }))).to.deep.equal(['open']);
    expect(ids(match([teen, open], {}))).to.deep.equal(['open']);
  });
});

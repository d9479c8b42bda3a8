import { expect } from 'chai';
import type { CareLevel } from '../../src/domain/profile/careLevels.js';
import { createMatcher as createBareMatcher, matchPrograms as matchWith, type Matcher, type MatchOptions, type MatchResult, type RelaxedConstraint } from '../../src/domain/catalog/matcher.js';
import { Program, type IopTrack, type Weekday } from '../../src/domain/catalog/schema.js';
import type { Guidance } from '../../src/domain/guidance/careRules.js';
import type { GuidanceExtra } from '../../src/domain/guidance/ruleSchema.js';
import type { Profile } from '../../src/domain/profile/profile.js';
import type { RelaxationNote } from '../../src/domain/catalog/relaxation.js';
import { loadMessages } from '../../src/domain/content.js';
import { fill } from '../../src/domain/template.js';
import { fromRoot } from '../../src/paths.js';

/** What the person reads for a loosened constraint: the note filled into data/messages.json. */
const messages = loadMessages(fromRoot('data'));
const relaxedTexts = messages.relaxed;
const said = (note: RelaxationNote): string => fill(relaxedTexts[note.key], note.values);

/** Matches with their reasons in the English texts (data/messages.json "reasons"), as the dialog asks for them. */
const matchPrograms = (programs: readonly Program[], profile: Profile, guidance: Guidance, options?: MatchOptions): MatchResult =>
  matchWith(programs, profile, guidance, options, messages.reasons);
function createMatcher(programs: readonly Program[]): Pick<Matcher, 'size'> & { match(profile: Profile, guidance: Guidance, options?: MatchOptions): MatchResult } {
  const matcher = createBareMatcher(programs);
  return { size: matcher.size, match: (profile, guidance, options) => matcher.match(profile, guidance, options, messages.reasons) };
}

// ---- A small hand-made catalog around Columbus, OH -------------------------------------------

const HOME = { latitude: 39.9612, longitude: -82.9988 };
const MILES_PER_DEGREE_LAT = (3958.8 * Math.PI) / 180;
const NOW = new Date('2025-02-01T12:00:00Z');

const here: Profile['location'] = { ...HOME, state: 'OH' };

function track(days: Weekday[], start: string, end: string, format: IopTrack['format'] = 'in_person', extra: Partial<IopTrack> = {}): IopTrack {
  const hours = (Number(end.slice(0, 2)) * 60 + Number(end.slice(3)) - Number(start.slice(0, 2)) * 60 - Number(start.slice(3))) / 60;
  return { days, start, end, format, hoursPerWeek: hours * days.length, ...extra };
}

interface Spec {
  miles: number;
  state?: string;
  /** Overrides the north-of-home placement (for out-of-state programs). */
  coords?: { latitude: number; longitude: number };
  levels?: CareLevel[];
  tracks?: IopTrack[];
  pay?: Program['paymentAccepted'];
  assistance?: Program['paymentAssistance'];
  languages?: string[];
  ages?: Program['ageGroups'];
  populations?: Program['populations'];
  complementary?: Program['services']['complementary'];
  aftercare?: Program['services']['aftercare'];
  offersTelehealth?: boolean;
  lastVerified?: string;
}

/** Builds a program placed `miles` due north of HOME, validated by the real schema. */
function program(id: string, s: Spec): Program {
  const coords = s.coords ?? { latitude: HOME.latitude + s.miles / MILES_PER_DEGREE_LAT, longitude: HOME.longitude };
  return Program.parse({
    id,
    name: `Test ${id}`,
    organization: 'Test Health',
    address: { street: '1 Main St', city: 'Columbus', state: s.state ?? 'OH', zip: '43215', ...coords },
    phone: '555-010-0100',
    levels: s.levels ?? ['intensive_outpatient'],
    iopTracks: s.tracks ?? [],
    ...(s.offersTelehealth === undefined ? {} : { offersTelehealth: s.offersTelehealth }),
    paymentAccepted: s.pay ?? ['private_insurance'],
    paymentAssistance: s.assistance ?? [],
    languages: s.languages ?? ['en'],
    ageGroups: s.ages ?? ['young_adult', 'adult', 'senior'],
    populations: s.populations ?? [],
    services: { groupTherapy: ['cbt'], supportGroups: [], complementary: s.complementary ?? [], aftercare: s.aftercare ?? [] },
    medications: [],
    accreditation: ['state_licensed'],
    lastVerified: s.lastVerified ?? '2025-01-01',
  });
}

const MWTh: Weekday[] = ['mon', 'wed', 'thu'];
const MWF: Weekday[] = ['mon', 'wed', 'fri'];
const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

const CATALOG: Program[] = [
  program('evening-iop', { miles: 4, tracks: [track(MWTh, '18:00', '21:00')], pay: ['medicaid', 'private_insurance'], complementary: ['yoga', 'music'], aftercare: ['alumni_groups'] }),
  program('early-morning-iop', { miles: 2, tracks: [track(WEEKDAYS, '08:00', '11:00')], languages: ['en', 'es'] }),
  program('school-hours-iop', { miles: 3, tracks: [track(MWF, '10:00', '13:00')], pay: ['medicaid', 'self_pay'], assistance: ['sliding_scale'], populations: ['co_occurring'] }),
  program('afternoon-iop', { miles: 7, tracks: [track(MWF, '13:00', '16:00')], pay: ['self_pay', 'private_insurance'] }),
  program('weekend-iop', { miles: 12, tracks: [track(['sat', 'sun'], '09:00', '13:00')], pay: ['military', 'private_insurance'], populations: ['veterans'] }),
  program('telehealth-evening-oh', { miles: 60, tracks: [track(['mon', 'tue', 'thu'], '19:00', '22:00', 'telehealth')], pay: ['medicaid', 'private_insurance'] }),
  program('telehealth-indiana', {
    miles: 0,
    state: 'IN',
    coords: { latitude: 39.7684, longitude: -86.1581 },
    tracks: [track(['mon', 'tue', 'thu'], '19:00', '22:00', 'telehealth')],
    pay: ['medicaid', 'private_insurance'],
    complementary: ['art', 'music', 'yoga', 'fitness'],
    populations: ['co_occurring'],
  }),
  program('detox-only', { miles: 10, levels: ['detox'], pay: ['medicaid', 'private_insurance'] }),
  program('detox-and-iop', { miles: 15, levels: ['detox', 'intensive_outpatient'], tracks: [track(['tue', 'thu'], '18:00', '21:00')] }),
  program('no-schedule-iop', { miles: 5, pay: ['medicaid'] }),
  program('spanish-iop', { miles: 45, tracks: [track(['mon', 'wed', 'sat'], '17:30', '20:30')], pay: ['medicaid'], languages: ['es', 'en'] }),
  program('teen-iop', { miles: 6, ages: ['adolescent'], tracks: [track(['mon', 'tue', 'wed', 'thu'], '15:30', '17:30')], pay: ['medicaid', 'private_insurance'] }),
  program('residential-sober', { miles: 8, levels: ['residential'], pay: ['medicaid'], aftercare: ['sober_living_referrals'] }),
  program('rotating-choices', { miles: 9, tracks: [track(MWF, '09:00', '12:00'), track(['tue', 'thu', 'sat'], '18:00', '21:00')] }),
  program('step-down-outpatient', { miles: 3, levels: ['outpatient'], aftercare: ['alumni_groups', 'family_therapy', 'employment_help'] }),
  program('telehealth-no-tracks-oh', { miles: 70, offersTelehealth: true, pay: ['medicaid'] }),
];

// ---- Guidance shapes the rules produce ------------------------------------------------------

function guidance(levels: CareLevel[], extras: GuidanceExtra[] = [], iopAllowed = true): Guidance {
  return { ruleIds: ['test'], levels, extras, urgeHelplineNow: !iopAllowed, iopAllowed, title: 'test', explanation: [] };
}
const IOP = guidance(['intensive_outpatient']);
const FLEXIBLE_IOP = guidance(['intensive_outpatient'], ['evening_weekend_tracks', 'telehealth']);
const DETOX_FIRST = guidance(['detox'], [], false);
const SOBER_LIVING = guidance(['intensive_outpatient', 'residential'], ['aftercare', 'sober_living']);
const AFTER_IOP = guidance(['outpatient', 'intensive_outpatient'], ['aftercare', 'relapse_prevention']);

const matcher = createMatcher(CATALOG);
const ids = (r: MatchResult): string[] => r.matches.map((m) => m.program.id);
const constraints = (r: MatchResult): RelaxedConstraint[] => r.relaxed.map((x) => x.constraint);

// ---- Profiles → expected top programs and reasons -------------------------------------------

interface Row {
  name: string;
  profile: Profile;
  guidance: Guidance;
  top: string[];
  /** Substrings expected among the first match's reasons, in order. */
  reasons?: string[];
  absent?: string[];
  relaxed?: RelaxedConstraint[];
}

const rows: Row[] = [
  {
    name: 'day-shift worker on Medicaid who likes yoga and music',
    profile: { responsibilities: ['full_time_job'], workShift: 'day', payment: 'medicaid', interests: ['yoga', 'music'], location: here },
    guidance: FLEXIBLE_IOP,
    top: ['evening-iop', 'telehealth-evening-oh', 'no-schedule-iop'],
    reasons: ['evening groups Mon/Wed/Thu fit your day job', 'about 4 miles away', 'accepts Medicaid'],
    absent: ['school-hours-iop', 'telehealth-indiana'],
  },
  {
    name: 'night-shift worker gets daytime tracks',
    profile: { responsibilities: ['full_time_job'], workShift: 'night', payment: 'private_insurance', location: here },
    guidance: IOP,
    top: ['early-morning-iop', 'afternoon-iop', 'rotating-choices'],
    reasons: ['morning groups Mon–Fri fit around your night shifts', 'about 2 miles away', 'takes private insurance'],
    absent: ['evening-iop', 'telehealth-evening-oh', 'detox-and-iop'],
  },
  {
    name: 'parent gets school-hours groups or telehealth',
    profile: { responsibilities: ['caregiving'], payment: 'medicaid', location: here },
    guidance: IOP,
    top: ['school-hours-iop', 'telehealth-evening-oh', 'no-schedule-iop'],
    reasons: ['morning groups Mon/Wed/Fri fit within school hours', 'about 3 miles away', 'accepts Medicaid'],
    absent: ['evening-iop', 'teen-iop'],
  },
  {
    name: 'teen in school gets the adolescent after-school track only',
    profile: { ageGroup: 'adolescent', responsibilities: ['school'], payment: 'private_insurance', location: here },
    guidance: IOP,
    top: ['teen-iop'],
    reasons: ['afternoon groups Mon–Thu fit around school', 'about 6 miles away', 'takes private insurance'],
  },
  {
    name: 'withdrawal risk on Medicaid gets detox only',
    profile: { payment: 'medicaid', location: here },
    guidance: DETOX_FIRST,
    top: ['detox-only'],
    reasons: ['offers medically supervised detox', 'about 10 miles away', 'accepts Medicaid'],
  },
  {
    name: 'withdrawal risk with private insurance prefers detox with an IOP to step into',
    profile: { payment: 'private_insurance', format: 'telehealth', location: here },
    guidance: DETOX_FIRST,
    top: ['detox-and-iop', 'detox-only'],
    reasons: ['offers medically supervised detox and an IOP to step into after', 'about 15 miles away'],
  },
  {
    name: 'unsafe home: IOP first, residential with sober living among the options',
    profile: { payment: 'medicaid', location: here },
    guidance: SOBER_LIVING,
    top: ['evening-iop', 'school-hours-iop', 'residential-sober'],
    absent: ['teen-iop'],
  },
  {
    name: 'already in an IOP: outpatient step-down with aftercare first',
    profile: { payment: 'private_insurance', location: here },
    guidance: AFTER_IOP,
    top: ['step-down-outpatient', 'evening-iop', 'early-morning-iop'],
    reasons: ['offers outpatient sessions, a lighter step after an IOP', 'about 3 miles away', 'takes private insurance'],
  },
  {
    name: 'Spanish speaker: widened to 50 miles rather than dropping language',
    profile: { language: 'es', payment: 'medicaid', location: here },
    guidance: IOP,
    top: ['spanish-iop'],
    reasons: ['evening groups Mon/Wed/Sat', 'about 45 miles away', 'offers services in Spanish'],
    relaxed: ['distance'],
  },
  {
    name: 'veteran with a day job gets the weekend track',
    profile: { responsibilities: ['full_time_job'], payment: 'military', location: here },
    guidance: IOP,
    top: ['weekend-iop'],
    reasons: ['morning groups Sat/Sun fit your day job', 'about 12 miles away', 'accepts TRICARE or VA coverage'],
  },
  {
    name: 'rotating shifts in person need several time options',
    profile: { responsibilities: ['full_time_job'], workShift: 'rotating', payment: 'private_insurance', format: 'in_person', location: here },
    guidance: IOP,
    top: ['rotating-choices'],
    reasons: ['2 group times to choose from as your shifts change', 'about 9 miles away'],
  },
  {
    name: 'rotating shifts with either format also get telehealth',
    profile: { responsibilities: ['full_time_job'], workShift: 'rotating', payment: 'private_insurance', location: here },
    guidance: IOP,
    top: ['rotating-choices', 'telehealth-evening-oh'],
  },
  {
    name: 'needs free or sliding-scale care',
    profile: { payment: 'free_or_sliding', location: here },
    guidance: IOP,
    top: ['school-hours-iop'],
    reasons: ['morning groups Mon/Wed/Fri', 'about 3 miles away', 'offers a sliding-scale fee'],
  },
  {
    name: 'wants co-occurring mental health support',
    profile: { coOccurring: true, payment: 'medicaid', location: here },
    guidance: IOP,
    top: ['school-hours-iop', 'evening-iop', 'telehealth-evening-oh'],
    reasons: ['morning groups Mon/Wed/Fri', 'about 3 miles away', 'support for mental health alongside recovery'],
    absent: ['telehealth-indiana'],
  },
  {
    name: 'telehealth only: in-state tracks first, then "call to ask" telehealth',
    profile: { format: 'telehealth', responsibilities: ['full_time_job'], payment: 'medicaid', location: here },
    guidance: IOP,
    top: ['telehealth-evening-oh', 'telehealth-no-tracks-oh'],
    reasons: ['evening telehealth groups Mon/Tue/Thu fit your day job', 'accepts Medicaid'],
    absent: ['telehealth-indiana', 'no-schedule-iop'],
  },
  {
    name: 'weekends only narrows to weekend tracks',
    profile: { availability: ['weekends'], payment: 'private_insurance', location: here },
    guidance: IOP,
    top: ['weekend-iop'],
    reasons: ['morning groups Sat/Sun fit the times you said work for you', 'about 12 miles away'],
  },
];

describe('matchPrograms: profiles against a hand-made catalog', () => {
  for (const row of rows) {
    it(row.name, () => {
      const result = matcher.match(row.profile, row.guidance, { now: NOW });
      expect(ids(result).slice(0, row.top.length)).to.deep.equal(row.top);
      if (row.top.length < 3) expect(ids(result)).to.deep.equal(row.top);
      expect(constraints(result)).to.deep.equal(row.relaxed ?? []);
      for (const id of row.absent ?? []) expect(ids(result)).not.to.include(id);
      const first = result.matches[0];
      expect(first, 'a first match').to.not.equal(undefined);
      if (row.reasons && first) {
        row.reasons.forEach((reason, i) => expect(first.reasons[i], `reason ${i}`).to.equal(reason));
      }
      for (const m of result.matches) {
        expect(m.reasons.length, m.program.id).to.be.within(2, 3);
        expect(m.score).to.be.a('number');
      }
    });
  }

  it('returns three matches by default and honours limit', () => {
    const profile: Profile = { location: here };
    expect(matcher.match(profile, IOP, { now: NOW }).matches).to.have.length(3);
    expect(matcher.match(profile, IOP, { now: NOW, limit: 5 }).matches).to.have.length(5);
  });

  it('reports distance and the tracks that fit', () => {
    const [first] = matcher.match({ responsibilities: ['full_time_job'], location: here }, IOP, { now: NOW }).matches;
    expect(first?.program.id).to.equal('evening-iop');
    expect(first?.distanceMiles).to.be.closeTo(4, 0.1);
    expect(first?.fittingTracks.map((t) => t.start)).to.deep.equal(['18:00']);
  });

  it('works without a location: no distances, no distance filter', () => {
    const result = matcher.match({ responsibilities: ['full_time_job'], payment: 'medicaid' }, IOP, { now: NOW });
    expect(result.matches.length).to.equal(3);
    expect(result.relaxed).to.deep.equal([]);
    for (const m of result.matches) expect(m.distanceMiles).to.equal(undefined);
    expect(ids(result)).to.include('spanish-iop'); // 45 miles is not filtered when we do not know where they are
  });

  it('gives the same answer on repeated queries (index reused)', () => {
    const profile: Profile = { responsibilities: ['caregiving'], payment: 'medicaid', location: here };
    const first = matcher.match(profile, IOP, { now: NOW });
    matcher.match({ location: here }, DETOX_FIRST, { now: NOW });
    expect(matcher.match(profile, IOP, { now: NOW })).to.deep.equal(first);
    expect(matchPrograms(CATALOG, profile, IOP, { now: NOW })).to.deep.equal(first);
  });

  it('rejects invalid options with a clear message', () => {
    expect(() => matcher.match({}, IOP, { limit: 0 })).to.throw(TypeError, /limit must be at least 1/);
    expect(() => matcher.match({}, IOP, { maxDistanceMiles: -5 })).to.throw(TypeError, /maxDistanceMiles must be a positive number/);
  });
});

// ---- Each hard constraint filters ------------------------------------------------------------

const BASE_PROFILE: Profile = { responsibilities: ['full_time_job'], workShift: 'day', payment: 'medicaid', language: 'es', ageGroup: 'adult', location: here };
const base = (over: Partial<Spec> = {}): Spec => ({
  miles: 5,
  tracks: [track(MWTh, '18:00', '21:00')],
  pay: ['medicaid'],
  languages: ['en', 'es'],
  ...over,
});

const hardConstraints: Array<{ name: string; variant: Spec; profile?: Profile; guidance?: Guidance; fits?: Spec }> = [
  { name: 'level of care', variant: base({ levels: ['outpatient'], tracks: [] }) },
  { name: 'schedule (day job vs morning track)', variant: base({ tracks: [track(MWTh, '09:00', '12:00')] }) },
  { name: 'availability (weekends only)', variant: base(), profile: { ...BASE_PROFILE, availability: ['weekends'] }, fits: base({ tracks: [track(['sat'], '09:00', '13:00')] }) },
  { name: 'format (in person only vs telehealth track)', variant: base({ tracks: [track(MWTh, '18:00', '21:00', 'telehealth')] }), profile: { ...BASE_PROFILE, format: 'in_person' } },
  { name: 'format (telehealth only vs in-person track)', variant: base(), profile: { ...BASE_PROFILE, format: 'telehealth' }, fits: base({ tracks: [track(MWTh, '18:00', '21:00', 'telehealth')] }) },
  { name: 'payment', variant: base({ pay: ['private_insurance'] }) },
  { name: 'free or sliding scale', variant: base({ assistance: [] }), profile: { ...BASE_PROFILE, payment: 'free_or_sliding' }, fits: base({ assistance: ['free'] }) },
  { name: 'language', variant: base({ languages: ['en'] }) },
  { name: 'program age group', variant: base({ ages: ['senior'] }) },
  { name: 'track age group', variant: base({ tracks: [track(MWTh, '18:00', '21:00', 'in_person', { ageGroups: ['adolescent'] })] }) },
  { name: 'distance', variant: base({ miles: 30 }) },
  { name: 'telehealth licensing (other state)', variant: base({ state: 'IN', coords: { latitude: 39.7684, longitude: -86.1581 }, tracks: [track(MWTh, '18:00', '21:00', 'telehealth')] }) },
  { name: 'detox first', variant: base(), guidance: DETOX_FIRST, fits: base({ levels: ['detox'], tracks: [] }) },
];

describe('matchPrograms: each hard constraint filters', () => {
  for (const row of hardConstraints) {
    it(row.name, () => {
      const catalog = [program('fits', row.fits ?? base()), program('variant', row.variant)];
      const result = matchPrograms(catalog, row.profile ?? BASE_PROFILE, row.guidance ?? IOP, { now: NOW });
      expect(ids(result)).to.deep.equal(['fits']);
      expect(result.relaxed).to.deep.equal([]);
    });
  }

  it('"not sure" about payment does not filter', () => {
    const catalog = [program('a', base({ pay: ['private_insurance'] }))];
    expect(ids(matchPrograms(catalog, { ...BASE_PROFILE, payment: 'not_sure' }, IOP, { now: NOW }))).to.deep.equal(['a']);
  });

  it('matches languages beyond the 30 that get their own index bit', () => {
    const codes = Array.from({ length: 34 }, (_, i) => `${String.fromCharCode(97 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`);
    const catalog = codes.map((code) => program(`lang-${code}`, base({ languages: [code] })));
    for (const code of [codes[0], codes[33]] as string[]) {
      const result = matchPrograms(catalog, { ...BASE_PROFILE, language: code }, IOP, { now: NOW });
      expect(ids(result), code).to.deep.equal([`lang-${code}`]);
      expect(result.relaxed).to.deep.equal([]);
    }
  });

  it('respects a custom maxDistanceMiles', () => {
    const catalog = [program('near', base({ miles: 8 })), program('farther', base({ miles: 12 }))];
    expect(ids(matchPrograms(catalog, BASE_PROFILE, IOP, { now: NOW, maxDistanceMiles: 10 }))).to.deep.equal(['near']);
  });
});

// ---- Relaxation, one constraint at a time ---------------------------------------------------

describe('matchPrograms: relaxation when nothing fits', () => {
  it('goes through format, distance 50 and 100, schedule, payment and language in order, and says only what was needed', () => {
    const only = program('far-morning-private-english', {
      miles: 80,
      tracks: [track(MWF, '09:00', '12:00')],
      pay: ['private_insurance'],
      languages: ['en'],
    });
    const profile: Profile = { ...BASE_PROFILE, format: 'in_person' };
    const result = matchPrograms([only], profile, IOP, { now: NOW });
    expect(ids(result)).to.deep.equal(['far-morning-private-english']);
    // Telehealth was tried and did not help (the program is in person): nothing says it was added.
    expect(constraints(result)).to.deep.equal(['distance', 'schedule', 'payment', 'language']);
    const messages = result.relaxed.map((r) => said(r.note));
    expect(messages[0]).to.contain('Nothing fit within 25 miles').and.contain('up to 100 miles');
    expect(messages[1]).to.contain('ask about other times');
    expect(messages[2]).to.contain('Medicaid').and.contain('ask each program about payment options');
    expect(messages[3]).to.contain('Spanish').and.contain('interpreter');
    expect(result.matches[0]?.reasons[0]).to.contain('may not fit your week');
    expect(result.matches[0]?.caveats?.map((c) => c.key)).to.deep.equal(['paymentNotListed', 'languageNotListed']);
  });

  it('stops at the first step that finds something', () => {
    const result = matchPrograms([program('t', base({ tracks: [track(MWTh, '18:00', '21:00', 'telehealth')] }))], { ...BASE_PROFILE, format: 'in_person' }, IOP, {
      now: NOW,
    });
    expect(ids(result)).to.deep.equal(['t']);
    expect(result.relaxed).to.have.length(1);
    expect(said(result.relaxed[0]!.note)).to.equal(
      "None of the in-person programs within 25 miles fit, so I've added telehealth programs you can join from home.",
    );
  });

  it('skips steps that do not apply (format "either", no payment answer)', () => {
    const result = matchPrograms([program('far', base({ miles: 80, tracks: [track(MWF, '09:00', '12:00')] }))], { responsibilities: ['full_time_job'], location: here }, IOP, {
      now: NOW,
    });
    expect(constraints(result)).to.deep.equal(['distance', 'schedule']);
  });

  it('never relaxes detox first or age group, and says what it tried', () => {
    const catalog = [program('iop-only-near', base()), program('adult-detox', base({ levels: ['detox'], tracks: [], ages: ['adult'] }))];
    const detox = matchPrograms(catalog, { ...BASE_PROFILE, location: { latitude: 30, longitude: -90, state: 'LA' } }, DETOX_FIRST, { now: NOW });
    expect(detox.matches).to.deep.equal([]);
    expect(constraints(detox)).to.deep.equal(['distance', 'distance', 'payment', 'language']);
    const teen = matchPrograms(catalog, { ...BASE_PROFILE, ageGroup: 'adolescent' }, IOP, { now: NOW });
    expect(teen.matches).to.deep.equal([]);
  });
});

// ---- Safety, programs without tracks, telehealth ---------------------------------------------

describe('matchPrograms: detox first', () => {
  it('never yields a program without detox, over many profiles and even after relaxing', () => {
    const payments = ['medicaid', 'medicare', 'private_insurance', 'military', 'self_pay', 'free_or_sliding', 'not_sure', undefined] as const;
    const formats = ['in_person', 'telehealth', 'either', undefined] as const;
    let seen = 0;
    for (const payment of payments)
      for (const format of formats)
        for (const responsibilities of [undefined, ['full_time_job' as const], ['caregiving' as const]]) {
          const profile: Profile = { location: here };
          if (payment) profile.payment = payment;
          if (format) profile.format = format;
          if (responsibilities) profile.responsibilities = responsibilities;
          for (const m of matcher.match(profile, DETOX_FIRST, { now: NOW, limit: 10 }).matches) {
            seen++;
            expect(m.program.levels, m.program.id).to.include('detox');
            expect(m.fittingTracks).to.deep.equal([]);
          }
        }
    expect(seen).to.be.greaterThan(50);
  });
});

describe('matchPrograms: programs without known tracks', () => {
  it('are offered as "call to ask" and rank below a fitting track a little farther away', () => {
    const catalog = [program('no-tracks-near', { miles: 2, pay: ['medicaid'], languages: ['es'] }), program('tracks-farther', base({ miles: 10 }))];
    const result = matchPrograms(catalog, BASE_PROFILE, IOP, { now: NOW });
    expect(ids(result)).to.deep.equal(['tracks-farther', 'no-tracks-near']);
    expect(result.matches[1]?.reasons[0]).to.equal('group times are not listed, so call to ask');
    expect(result.matches[1]?.fittingTracks).to.deep.equal([]);
  });

  it('count for telehealth-only people only when the listing says it offers telehealth', () => {
    const catalog = [program('unknown-format', { miles: 2, pay: ['medicaid'] }), program('says-telehealth', { miles: 2, pay: ['medicaid'], offersTelehealth: true })];
    expect(ids(matchPrograms(catalog, { format: 'telehealth', location: here }, IOP, { now: NOW }))).to.deep.equal(['says-telehealth']);
  });
});

describe('matchPrograms: telehealth across distance', () => {
  const evening = [track(MWTh, '18:00', '21:00', 'telehealth')];
  it('includes in-state telehealth however far, and never out-of-state telehealth', () => {
    const catalog = [
      program('oh-telehealth-far', { miles: 180, tracks: evening }),
      program('in-telehealth', { miles: 0, state: 'IN', coords: { latitude: 39.7684, longitude: -86.1581 }, tracks: evening }),
    ];
    const result = matchPrograms(catalog, { location: here }, IOP, { now: NOW });
    expect(ids(result)).to.deep.equal(['oh-telehealth-far']);
    expect(result.relaxed).to.deep.equal([]);
    expect(result.matches[0]?.distanceMiles).to.be.closeTo(180, 0.5);
  });

  it('just across a state line: in-person groups count, telehealth groups do not', () => {
    // A Kentucky program 10 miles from someone in Ohio: close enough to visit, not licensed for their telehealth.
    const kentucky = program('across-the-river', {
      miles: 10,
      state: 'KY',
      tracks: [track(MWTh, '18:00', '21:00', 'telehealth'), track(['tue', 'thu'], '18:00', '21:00')],
    });
    const either = matchPrograms([kentucky], { location: here }, IOP, { now: NOW });
    expect(either.matches[0]?.fittingTracks.map((t) => t.format)).to.deep.equal(['in_person']);
    const telehealthOnly = matchPrograms([kentucky], { format: 'telehealth', location: here }, IOP, { now: NOW });
    expect(telehealthOnly.matches.every((m) => m.fittingTracks.every((t) => t.format === 'in_person'))).to.equal(true);
    expect(constraints(telehealthOnly)).to.deep.equal(['format']);
  });

  it('finds the state from the ZIP when the state is not given', () => {
    const catalog = [program('oh-telehealth-far', { miles: 180, tracks: evening })];
    const inOhio = matchPrograms(catalog, { location: { ...HOME, zip: '43215' } }, IOP, { now: NOW });
    expect(ids(inOhio)).to.deep.equal(['oh-telehealth-far']);
    const inIndiana = matchPrograms(catalog, { location: { latitude: 39.7684, longitude: -86.1581, zip: '46204' } }, IOP, { now: NOW });
    expect(inIndiana.matches).to.deep.equal([]);
  });

  it('without a car: telehealth first, and an in-person program 10 miles away is out of reach', () => {
    const catalog = [program('in-person-10mi', { miles: 10, tracks: [track(MWTh, '18:00', '21:00')] }), program('telehealth-oh', { miles: 40, tracks: evening })];
    const withCar = matchPrograms(catalog, { transport: 'car', location: here }, IOP, { now: NOW });
    const noCar = matchPrograms(catalog, { transport: 'none', location: here }, IOP, { now: NOW });
    expect(ids(withCar)).to.deep.equal(['in-person-10mi', 'telehealth-oh']);
    expect(ids(noCar)).to.deep.equal(['telehealth-oh']);
    expect(noCar.matches[0]?.reasons).to.include('telehealth, so no travel needed');
  });
});

describe('matchPrograms: reasons', () => {
  it('does not repeat "from home" for a caregiver without transport', () => {
    const catalog = [program('telehealth-oh', { miles: 40, tracks: [track(MWTh, '18:00', '21:00', 'telehealth')], aftercare: ['alumni_groups'] })];
    const [first] = matchPrograms(catalog, { responsibilities: ['caregiving'], transport: 'none', location: here }, IOP, { now: NOW }).matches;
    expect(first?.reasons[0]).to.equal('evening telehealth groups Mon/Wed/Thu you can join from home');
    expect(first?.reasons).not.to.include('telehealth, so no travel needed');
    expect(first?.reasons).to.have.length.within(2, 3);
  });
});

describe('matchPrograms: soft score', () => {
  it('prefers the more recently verified of two otherwise equal programs', () => {
    const catalog = [program('checked-2023', base({ lastVerified: '2023-06-01' })), program('checked-2025', base({ lastVerified: '2025-01-15' }))];
    expect(ids(matchPrograms(catalog, BASE_PROFILE, IOP, { now: NOW }))).to.deep.equal(['checked-2025', 'checked-2023']);
  });

  it('prefers matching complementary therapies and says which', () => {
    const catalog = [program('plain', base()), program('art-and-music', base({ complementary: ['art', 'music'] }))];
    const result = matchPrograms(catalog, { ...BASE_PROFILE, language: undefined, payment: undefined, interests: ['art', 'music'] }, IOP, { now: NOW });
    expect(ids(result)).to.deep.equal(['art-and-music', 'plain']);
    expect(result.matches[0]?.reasons).to.include('offers art and music therapy');
  });
});

describe('matchPrograms: ranking does not depend on scan order or pruning', () => {
  function seeded(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }

  it('gives the same top programs whatever the catalog order, and the same as the head of a longer list', () => {
    const rand = seeded(99);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const some = <T>(xs: readonly T[]): T[] => xs.filter(() => rand() < 0.4);
    const slots = [track(MWTh, '18:00', '21:00'), track(MWF, '09:00', '12:00'), track(['sat', 'sun'], '09:00', '13:00'), track(['tue', 'thu'], '19:00', '22:00', 'telehealth')];
    const catalog = Array.from({ length: 400 }, (_, i) =>
      program(`p-${i}`, {
        miles: rand() * 60,
        levels: pick<CareLevel[]>([['intensive_outpatient'], ['intensive_outpatient', 'detox'], ['detox'], ['outpatient', 'intensive_outpatient'], ['residential']]),
        tracks: [],
        pay: some(['medicaid', 'private_insurance', 'self_pay'] as const),
        complementary: some(['art', 'music', 'yoga'] as const),
        aftercare: some(['alumni_groups', 'family_therapy', 'sober_living_referrals'] as const),
        lastVerified: `202${Math.floor(rand() * 5)}-0${1 + Math.floor(rand() * 9)}-10`,
      }),
    ).map((p) => (p.levels.includes('intensive_outpatient') && rand() < 0.8 ? { ...p, iopTracks: some(slots) } : p));
    const shuffled = [...catalog].sort(() => rand() - 0.5);
    const forward = createMatcher(catalog);
    const backward = createMatcher([...catalog].reverse());
    const random = createMatcher(shuffled);
    const guidances = [IOP, FLEXIBLE_IOP, DETOX_FIRST, SOBER_LIVING, AFTER_IOP];
    for (let i = 0; i < 150; i++) {
      const profile: Profile = {
        payment: pick(['medicaid', 'private_insurance', 'free_or_sliding', undefined] as const),
        responsibilities: pick([undefined, ['full_time_job' as const], ['caregiving' as const]]),
        interests: some(['art', 'music', 'yoga'] as const),
        transport: pick(['car', 'none', undefined] as const),
        ...(rand() < 0.8 ? { location: here } : {}),
      };
      const g = pick(guidances);
      const top = forward.match(profile, g, { now: NOW });
      expect(ids(backward.match(profile, g, { now: NOW })), `profile ${i}`).to.deep.equal(ids(top));
      expect(ids(random.match(profile, g, { now: NOW })), `profile ${i}`).to.deep.equal(ids(top));
      expect(ids(forward.match(profile, g, { now: NOW, limit: 40 })).slice(0, 3), `profile ${i}`).to.deep.equal(ids(top));
    }
  });
});

import zipcodes from 'zipcodes';
import type { AgeGroup, Interest } from '../../src/domain/profile/profile.js';
import type { CareLevel } from '../../src/domain/profile/careLevels.js';
import type {
  Accreditation,
  Aftercare,
  Catalog,
  GroupTherapy,
  IndividualCounseling,
  IopTrack,
  Medication,
  PaymentAccepted,
  PaymentAssistance,
  Population,
  Program,
  SupportGroup,
  Weekday,
} from '../../src/domain/catalog/schema.js';
import { SeededRandom } from './seededRandom.js';
import { slug } from '../../src/domain/catalog/slug.js';

/**
 * Fictional programs for development, demos and tests. Names are invented, phone
 * numbers are in the 555-01xx range reserved for fiction, websites are on example.org.
 * Places and ZIP codes are real so distance matching behaves realistically.
 */

export const SAMPLE_SEED = 20240601;
/** Fixed so the committed file only changes when the generator does. */
export const SAMPLE_GENERATED_AT = '2025-01-15T00:00:00.000Z';
export const SAMPLE_DESCRIPTION =
  'SAMPLE DATA: fictional programs for development and demonstration only. These are not real listings; ' +
  'do not present them as real treatment options. Names, phone numbers (555-01xx) and websites (example.org) are invented; ' +
  'cities and ZIP codes are real.';

interface Place {
  zips: readonly string[];
  areaCode: string;
  rural: boolean;
  /** Languages other than English commonly offered there. */
  languages: readonly string[];
}

const PLACES: readonly Place[] = [
  { zips: ['43215', '43205', '43211'], areaCode: '614', rural: false, languages: ['es', 'so', 'ar'] },
  { zips: ['44113', '44106'], areaCode: '216', rural: false, languages: ['es', 'ar'] },
  { zips: ['45701'], areaCode: '740', rural: true, languages: [] },
  { zips: ['45601'], areaCode: '740', rural: true, languages: [] },
  { zips: ['19107', '19134', '19143'], areaCode: '215', rural: false, languages: ['es', 'zh', 'ru', 'vi'] },
  { zips: ['15222', '15213'], areaCode: '412', rural: false, languages: ['es', 'zh'] },
  { zips: ['16901'], areaCode: '570', rural: true, languages: [] },
  { zips: ['77002', '77036', '77081'], areaCode: '713', rural: false, languages: ['es', 'vi', 'zh', 'ar'] },
  { zips: ['78205', '78207'], areaCode: '210', rural: false, languages: ['es'] },
  { zips: ['79901', '79905'], areaCode: '915', rural: false, languages: ['es'] },
  { zips: ['79830'], areaCode: '432', rural: true, languages: ['es'] },
  { zips: ['90012', '90033', '90026'], areaCode: '213', rural: false, languages: ['es', 'ko', 'zh', 'tl', 'ru', 'hy'] },
  { zips: ['95113', '95122'], areaCode: '408', rural: false, languages: ['es', 'vi', 'zh', 'tl'] },
  { zips: ['93721', '93702'], areaCode: '559', rural: false, languages: ['es'] },
  { zips: ['95501'], areaCode: '707', rural: true, languages: [] },
  { zips: ['33130', '33135', '33142'], areaCode: '305', rural: false, languages: ['es', 'ht', 'pt'] },
  { zips: ['32801', '32805'], areaCode: '407', rural: false, languages: ['es', 'pt'] },
  { zips: ['33602', '33610'], areaCode: '813', rural: false, languages: ['es'] },
  { zips: ['32025'], areaCode: '386', rural: true, languages: [] },
  { zips: ['14604', '14621'], areaCode: '585', rural: false, languages: ['es'] },
  { zips: ['14202', '14213'], areaCode: '716', rural: false, languages: ['es', 'ar'] },
  { zips: ['12901'], areaCode: '518', rural: true, languages: ['fr'] },
  { zips: ['98104', '98118', '98144'], areaCode: '206', rural: false, languages: ['es', 'vi', 'zh', 'ko', 'so', 'ru'] },
  { zips: ['99201', '99207'], areaCode: '509', rural: false, languages: ['ru', 'uk'] },
  { zips: ['98901', '98902'], areaCode: '509', rural: true, languages: ['es'] },
  { zips: ['85004', '85009'], areaCode: '602', rural: false, languages: ['es', 'ar'] },
  { zips: ['85701', '85705'], areaCode: '520', rural: false, languages: ['es'] },
  { zips: ['86001'], areaCode: '928', rural: true, languages: ['nv', 'es'] },
  { zips: ['30303', '30310'], areaCode: '404', rural: false, languages: ['es', 'ko', 'vi'] },
  { zips: ['31401'], areaCode: '912', rural: false, languages: ['es'] },
  { zips: ['31021'], areaCode: '478', rural: true, languages: [] },
  { zips: ['28202', '28205'], areaCode: '704', rural: false, languages: ['es', 'vi'] },
  { zips: ['28801'], areaCode: '828', rural: false, languages: ['es'] },
  { zips: ['28607'], areaCode: '828', rural: true, languages: [] },
  { zips: ['48226', '48209'], areaCode: '313', rural: false, languages: ['es', 'ar'] },
  { zips: ['48126'], areaCode: '313', rural: false, languages: ['ar'] },
  { zips: ['49503'], areaCode: '616', rural: false, languages: ['es'] },
  { zips: ['49855'], areaCode: '906', rural: true, languages: [] },
  { zips: ['80202', '80204', '80219'], areaCode: '303', rural: false, languages: ['es', 'vi', 'ru'] },
  { zips: ['81003'], areaCode: '719', rural: false, languages: ['es'] },
  { zips: ['81301'], areaCode: '970', rural: true, languages: [] },
  { zips: ['40202', '40203'], areaCode: '502', rural: false, languages: ['es', 'so'] },
  { zips: ['41701'], areaCode: '606', rural: true, languages: [] },
  { zips: ['25301'], areaCode: '304', rural: false, languages: [] },
  { zips: ['25801'], areaCode: '304', rural: true, languages: [] },
  { zips: ['37203', '37208'], areaCode: '615', rural: false, languages: ['es', 'ar', 'ko'] },
  { zips: ['37902'], areaCode: '865', rural: false, languages: ['es'] },
  { zips: ['55404', '55407'], areaCode: '612', rural: false, languages: ['so', 'es', 'vi'] },
  { zips: ['56601'], areaCode: '218', rural: true, languages: [] },
  { zips: ['97205', '97266'], areaCode: '503', rural: false, languages: ['es', 'vi', 'ru', 'zh'] },
  { zips: ['97701'], areaCode: '541', rural: true, languages: ['es'] },
];

const NAME_FIRST = [
  'Cedar', 'Juniper', 'Willow', 'Harbor', 'Lantern', 'Riverstone', 'Bluebird', 'Meadowlark', 'Summit', 'Sparrow',
  'Aspen', 'Hollow Pine', 'Brightwater', 'Copper Creek', 'Northstar', 'Quiet Oak', 'Sunrise Ridge', 'Tidewater',
  'Stillwater', 'Red Fern', 'Gray Heron', 'Lighthouse', 'Evergreen Path', 'Clearview', 'Kestrel', 'Maple Hill',
] as const;
const NAME_SECOND = [
  'Recovery Center', 'Counseling Collective', 'Recovery Services', 'Behavioral Health', 'Wellness Clinic',
  'Outpatient Recovery', 'Treatment Center', 'Health Partners', 'Recovery House', 'Family Services',
] as const;
const STREET_NAMES = ['Elm', 'Maple', 'Oak', 'Pine', 'Main', 'Cherry', 'Walnut', 'Birch', 'Lake', 'Hill', 'Park', 'Chestnut', 'Spruce', 'Mill', 'Church'] as const;
const STREET_KINDS = ['Street', 'Avenue', 'Road', 'Boulevard', 'Lane', 'Drive'] as const;

interface TrackTemplate {
  label: string;
  days: readonly Weekday[];
  start: string;
  end: string;
  format: 'in_person' | 'telehealth';
  ageGroups?: readonly AgeGroup[];
}

/** Adult IOP tracks are 9–19 hours a week; the adolescent one is shorter, as is usual. */
const TRACKS: readonly TrackTemplate[] = [
  { label: 'Morning track', days: ['mon', 'wed', 'fri'], start: '09:00', end: '12:00', format: 'in_person' },
  { label: 'Morning track', days: ['mon', 'tue', 'wed', 'thu'], start: '08:30', end: '11:30', format: 'in_person' },
  { label: 'Daytime track', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '12:30', format: 'in_person' },
  { label: 'Daytime track', days: ['tue', 'wed', 'thu'], start: '13:00', end: '16:00', format: 'in_person' },
  { label: 'Afternoon track', days: ['mon', 'tue', 'thu', 'fri'], start: '12:30', end: '15:30', format: 'in_person' },
  { label: 'Afternoon track', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '13:00', end: '16:00', format: 'in_person' },
  { label: 'Evening track', days: ['mon', 'tue', 'thu'], start: '18:00', end: '21:00', format: 'in_person' },
  { label: 'Evening track', days: ['mon', 'tue', 'wed', 'thu'], start: '17:30', end: '20:30', format: 'in_person' },
  { label: 'Weekend track', days: ['fri', 'sat', 'sun'], start: '09:00', end: '12:00', format: 'in_person' },
  { label: 'Weekend track', days: ['sat', 'sun'], start: '08:00', end: '13:00', format: 'in_person' },
  { label: 'Virtual evening track', days: ['mon', 'wed', 'thu'], start: '18:00', end: '21:00', format: 'telehealth' },
  { label: 'Virtual morning track', days: ['tue', 'wed', 'thu', 'fri'], start: '08:00', end: '11:00', format: 'telehealth' },
  { label: 'Virtual weekend track', days: ['sat', 'sun'], start: '10:00', end: '15:00', format: 'telehealth' },
];
const ADOLESCENT_TRACK: TrackTemplate = {
  label: 'After-school teen track',
  days: ['mon', 'wed', 'thu'],
  start: '15:30',
  end: '18:30',
  format: 'in_person',
  ageGroups: ['adolescent'],
};

const NON_IOP_LEVELS: readonly (readonly CareLevel[])[] = [
  ['detox'],
  ['detox', 'residential'],
  ['residential'],
  ['partial_hospitalization'],
  ['residential', 'partial_hospitalization'],
];

function minutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function toTrack(template: TrackTemplate): IopTrack {
  const hours = ((minutes(template.end) - minutes(template.start)) / 60) * template.days.length;
  return {
    label: template.label,
    days: [...template.days],
    start: template.start,
    end: template.end,
    hoursPerWeek: hours,
    format: template.format,
    ...(template.ageGroups ? { ageGroups: [...template.ageGroups] } : {}),
  };
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function cityOf(zip: string): { city: string; state: string; latitude: number; longitude: number } {
  const found = zipcodes.lookup(zip);
  if (!found) throw new Error(`ZIP ${zip} is not in the zipcodes database`);
  return found;
}

function makeProgram(rng: SeededRandom, place: Place, index: number): Program {
  const zip = rng.pick(place.zips);
  const { city, state, latitude, longitude } = cityOf(zip);
  const brand = rng.pick(NAME_FIRST);
  const name = `${brand} ${rng.pick(NAME_SECOND)}`;
  const id = `${slug(name)}-${slug(city)}-${String(index + 1).padStart(3, '0')}`;
  const phone = (): string => `${place.areaCode}-555-01${pad2(rng.int(0, 99))}`;

  // About one in six offers only detox, residential or PHP: referrals, not IOP matches.
  const offersIop = !rng.chance(1 / 6);
  const adolescentOnly = offersIop && rng.chance(0.04);
  const levels: CareLevel[] = offersIop
    ? [
        ...(rng.chance(0.2) ? (['detox'] as const) : []),
        ...(rng.chance(0.15) ? (['residential'] as const) : []),
        ...(rng.chance(0.35) ? (['partial_hospitalization'] as const) : []),
        'intensive_outpatient',
        ...(rng.chance(0.7) ? (['outpatient'] as const) : []),
      ]
    : [...rng.pick(NON_IOP_LEVELS)];

  let tracks: IopTrack[] = [];
  if (adolescentOnly) tracks = [toTrack(ADOLESCENT_TRACK)];
  else if (offersIop && !rng.chance(0.06)) {
    // A few IOPs leave tracks out on purpose: "schedule unknown, call to ask".
    const chosen = new Set<TrackTemplate>();
    const wanted = rng.int(1, 3);
    while (chosen.size < wanted) chosen.add(rng.pick(TRACKS));
    tracks = [...chosen].map(toTrack);
    if (rng.chance(0.1)) tracks.push(toTrack(ADOLESCENT_TRACK));
  }

  const ageGroups: AgeGroup[] = adolescentOnly
    ? ['adolescent']
    : [
        ...(tracks.some((t) => t.ageGroups?.includes('adolescent')) ? (['adolescent'] as const) : []),
        ...(rng.chance(0.7) ? (['young_adult'] as const) : []),
        'adult',
        ...(rng.chance(0.3) ? (['senior'] as const) : []),
      ];

  const paymentAccepted = rng.subset<PaymentAccepted>(['medicaid', 'medicare', 'private_insurance', 'military', 'self_pay'], 0.6);
  if (paymentAccepted.length === 0) paymentAccepted.push('self_pay');
  const paymentAssistance: PaymentAssistance[] = rng.chance(0.1) ? ['free'] : rng.chance(0.4) ? ['sliding_scale'] : [];

  const extraLanguages = rng.subset(place.languages, place.rural ? 0.4 : 0.45);
  const populations = rng.subset<Population>(['women', 'men', 'veterans', 'lgbtq', 'co_occurring', 'pregnant_postpartum'], 0.25);
  // Some programs with one gender's groups admit that gender alone; chosen by position, not
  // by the random stream, so every other field of the sample stays as it was.
  const oneGender = populations.includes('men') !== populations.includes('women');
  const servesOnly = oneGender && index % 3 === 0 ? (populations.includes('men') ? ('men' as const) : ('women' as const)) : undefined;
  const groupTherapy = rng.subset<GroupTherapy>(['cbt', 'dbt', 'trauma', 'psychoeducation'], 0.6);
  const individualCounseling: IndividualCounseling = rng.pick(['weekly', 'weekly', 'weekly', 'biweekly', 'as_needed', 'none']);
  const supportGroups = rng.subset<SupportGroup>(['twelve_step', 'smart_recovery', 'other'], 0.45);
  const complementary = rng.subset<Interest>(['art', 'music', 'yoga', 'fitness', 'neurofeedback', 'wilderness'], place.rural ? 0.25 : 0.2);
  const aftercare = rng.subset<Aftercare>(['sober_living_referrals', 'employment_help', 'family_therapy', 'alumni_groups'], 0.5);
  const medications: Medication[] = rng.chance(0.45) ? rng.subset<Medication>(['buprenorphine', 'methadone', 'naltrexone', 'acamprosate', 'disulfiram'], 0.5) : [];
  const accreditation: Accreditation[] = [
    ...(rng.chance(0.3) ? (['joint_commission'] as const) : rng.chance(0.3) ? (['carf'] as const) : []),
    ...(rng.chance(0.9) ? (['state_licensed'] as const) : []),
  ];
  const verified = new Date(Date.UTC(2024, 6, 1) + rng.int(0, 180) * 86_400_000);
  // Spread programs a little around the ZIP's centre (about a kilometre) so they are not stacked.
  const jitter = (): number => Math.round((rng.next() - 0.5) * 0.02 * 1e5) / 1e5;

  return {
    id,
    name,
    organization: `${brand} Health Network`,
    address: {
      street: `${rng.int(10, 4999)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_KINDS)}`,
      city,
      state,
      zip,
      latitude: Math.round((latitude + jitter()) * 1e5) / 1e5,
      longitude: Math.round((longitude + jitter()) * 1e5) / 1e5,
    },
    phone: phone(),
    ...(rng.chance(0.5) ? { intakePhone: phone() } : {}),
    website: `https://example.org/programs/${id}`,
    levels,
    iopTracks: tracks,
    paymentAccepted,
    paymentAssistance,
    languages: ['en', ...extraLanguages],
    ageGroups,
    populations,
    ...(servesOnly ? { servesOnly } : {}),
    services: {
      groupTherapy,
      individualCounseling,
      supportGroups,
      complementary,
      aftercare,
    },
    medications,
    accreditation,
    lastVerified: isoDate(verified),
  };
}

export interface SampleOptions {
  /** How many programs; defaults to 150. */
  count?: number;
  seed?: number;
}

/** Builds the sample catalog; the same options always give the same catalog. */
export function generateSampleCatalog(options: SampleOptions = {}): Catalog {
  const count = options.count ?? 150;
  const rng = new SeededRandom(options.seed ?? SAMPLE_SEED);
  const programs: Program[] = [];
  for (let i = 0; i < count; i += 1) {
    // Walk the places in order first so every state is covered, then at random.
    const place = i < PLACES.length ? (PLACES[i] as Place) : rng.pick(PLACES);
    programs.push(makeProgram(rng, place, i));
  }
  return {
    meta: {
      source: 'scripts/generate-sample-catalog.ts',
      description: SAMPLE_DESCRIPTION,
      sample: true,
      generatedAt: SAMPLE_GENERATED_AT,
      seed: options.seed ?? SAMPLE_SEED,
      programCount: programs.length,
    },
    programs,
  };
}

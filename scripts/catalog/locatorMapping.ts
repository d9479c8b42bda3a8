import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CareLevel } from '../../src/domain/profile/careLevels.js';
import type { AgeGroup } from '../../src/domain/profile/profile.js';
import type {
  Accreditation,
  Aftercare,
  GroupTherapy,
  IndividualCounseling,
  Medication,
  PaymentAccepted,
  PaymentAssistance,
  Population,
  Program,
  SupportGroup,
} from '../../src/domain/catalog/schema.js';
import { slug } from '../../src/domain/catalog/slug.js';

/**
 * One row of a FindTreatment.gov locator export (exportsAsJson/v2) and how it maps to
 * a catalog Program. Values inside `services[].f3` are "; "-separated labels.
 *
 * | code      | locator label (examples)                                         | our field                      |
 * |-----------|------------------------------------------------------------------|--------------------------------|
 * | SET       | Intensive outpatient treatment                                   | levels: intensive_outpatient (the import keeps only these rows) |
 * |           | Partial hospitalization/day treatment; Outpatient day treatment or partial hospitalization | levels: partial_hospitalization |
 * |           | Regular outpatient treatment; Outpatient; Outpatient methadone/…  | levels: outpatient             |
 * |           | Residential; Short-term/Long-term residential; Hospital inpatient treatment | levels: residential |
 * |           | …detoxification (hospital, residential, outpatient)              | levels: detox                  |
 * |           | Telemedicine/telehealth; Computerized treatment/telemedicine     | offersTelehealth: true         |
 * | PAY       | Medicaid / Medicare / Private health insurance / Cash or self-payment | medicaid / medicare / private_insurance / self_pay |
 * |           | Military insurance (e.g., TRICARE); U.S. Department of VA funds   | military                       |
 * |           | No payment accepted                                              | paymentAssistance: free        |
 * |           | government grants, state funds, IHS …                            | (not mapped: not a way a person pays) |
 * | PYAS      | Sliding fee scale …                                              | paymentAssistance: sliding_scale |
 * |           | Payment assistance (check with facility for details)             | paymentAssistance: sliding_scale (closest; people call to confirm) |
 * | OL, SL    | Spanish, Chinese, Vietnamese, … (language names)                 | languages: ISO 639-1 ("en" always first) |
 * |           | Services for the deaf and hard of hearing; tribal languages w/o ISO 639-1 code | (not mapped) |
 * | AGE       | Adults / Young adults / Seniors (65 or older) / Children/adolescents | adult / young_adult / senior / adolescent |
 * | SG        | Adolescents; Transitional age young adults; Adult women/men; Seniors or older adults | adds to ageGroups |
 * |           | Adult women / Adult men / Veterans / LGBT clients / co-occurring / Pregnant/postpartum women | populations |
 * | GN        | only "Female" or only "Male"                                     | populations: women / men       |
 * | TAP       | Cognitive behavioral therapy / Dialectical behavior therapy / Trauma-related counseling, Trauma therapy | groupTherapy: cbt / dbt / trauma |
 * |           | 12-step facilitation                                             | supportGroups: twelve_step     |
 * |           | Couples/family therapy                                           | aftercare: family_therapy      |
 * | EDU       | Substance abuse education                                        | groupTherapy: psychoeducation  |
 * |           | Individual counseling offered                                    | individualCounseling: unknown frequency (left out); EDU present without it → none |
 * |           | Family counseling offered                                        | aftercare: family_therapy      |
 * |           | Employment counseling or training                                | aftercare: employment_help     |
 * | AS        | Self-help groups; Consumer-run (peer-support) services           | supportGroups: other           |
 * |           | Housing services; Supported housing                              | aftercare: sober_living_referrals |
 * |           | Family psychoeducation                                           | groupTherapy: psychoeducation  |
 * | TRSRV     | Aftercare/continuing care                                        | aftercare: alumni_groups (continuing-care groups) |
 * | OT, PHR, OM | buprenorphine / methadone / naltrexone / acamprosate / disulfiram labels | medications |
 * | LCA       | The Joint Commission / CARF / COA / NCQA / State … agency or department | accreditation |
 * | (row)     | name1 (+ name2), street1 + street2, city, state, zip, phone (else intake1), intake1, website, latitude, longitude, frid | name, organization, address, phone, intakePhone, website, sourceId |
 *
 * Not mapped (no matching field): TC, FT, FOP, ASSES, SCR, TOBAC, SMP, EMS, HOSP, EXCL, OTHR.
 * Schedules are not in the export, so iopTracks stay empty ("call to ask").
 */

/** The shape we rely on; anything else in a row is ignored. */
const text = z.string().nullish();
const numberish = z.union([z.string(), z.number()]).nullish();
export const LocatorRow = z.looseObject({
  frid: text,
  name1: z.string({ error: 'expected name1 (text)' }),
  name2: text,
  street1: text,
  street2: text,
  city: text,
  state: text,
  zip: numberish,
  phone: text,
  intake1: text,
  website: text,
  latitude: numberish,
  longitude: numberish,
  services: z.array(
    z.looseObject({
      f1: text,
      f2: z.string({ error: 'expected a service code f2' }),
      f3: text,
    }),
    { error: 'expected services to be a list' },
  ),
});
export type LocatorRow = z.infer<typeof LocatorRow>;

export const SkipReason = z.enum([
  'not_iop',
  'invalid_row',
  'missing_name',
  'missing_address',
  'invalid_zip',
  'invalid_state',
  'missing_coordinates',
  'invalid_phone',
  'duplicate',
  'invalid_record',
]);
export type SkipReason = z.infer<typeof SkipReason>;

export type MapResult = { ok: true; program: Program; notes: MapNote[] } | { ok: false; reason: SkipReason; detail: string };
/** Non-fatal losses worth counting in the report. */
export type MapNote = 'website_dropped' | 'intake_phone_dropped' | 'age_groups_assumed';

/** Lower-case, single spaces: the export has stray double spaces ("naloxone  (Suboxone®)"). */
function norm(label: string): string {
  return label.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** All labels of one code, normalized. */
function labels(row: LocatorRow, code: string): string[] {
  const out: string[] = [];
  for (const service of row.services) {
    if (service.f2 !== code || !service.f3) continue;
    for (const part of service.f3.split(';')) {
      const label = norm(part);
      if (label !== '') out.push(label);
    }
  }
  return out;
}

function hasCode(row: LocatorRow, code: string): boolean {
  return row.services.some((service) => service.f2 === code);
}

/** Values for each label found; order follows the table so output is stable. */
function mapLabels<T>(found: readonly string[], table: ReadonlyArray<readonly [string | RegExp, T]>): T[] {
  const out = new Set<T>();
  for (const [key, value] of table) {
    if (found.some((label) => (typeof key === 'string' ? label === key : key.test(label)))) out.add(value);
  }
  return [...out];
}

const IOP_LABEL = 'intensive outpatient treatment';

const LEVELS: ReadonlyArray<readonly [string | RegExp, CareLevel]> = [
  [/detoxification/, 'detox'],
  [/residential$|^hospital inpatient treatment$/, 'residential'],
  [/partial hospitalization/, 'partial_hospitalization'],
  [IOP_LABEL, 'intensive_outpatient'],
  [/^regular outpatient treatment$|^outpatient$|^outpatient methadone/, 'outpatient'],
];
const TELEHEALTH = /telemedicine|telehealth/;

const PAYMENTS: ReadonlyArray<readonly [string | RegExp, PaymentAccepted]> = [
  ['medicaid', 'medicaid'],
  ['medicare', 'medicare'],
  ['private health insurance', 'private_insurance'],
  [/^military insurance|department of va funds/, 'military'],
  ['cash or self-payment', 'self_pay'],
];
const ASSISTANCE: ReadonlyArray<readonly [string | RegExp, PaymentAssistance]> = [
  [/^sliding fee scale|^payment assistance/, 'sliding_scale'],
  ['no payment accepted', 'free'],
];

const AGES: ReadonlyArray<readonly [string | RegExp, AgeGroup]> = [
  [/^children\/adolescents$|^adolescents$/, 'adolescent'],
  [/^young adults$|^transitional age young adults$/, 'young_adult'],
  [/^adults$|^adult women$|^adult men$/, 'adult'],
  [/^seniors/, 'senior'],
];
const POPULATIONS: ReadonlyArray<readonly [string | RegExp, Population]> = [
  ['adult women', 'women'],
  ['adult men', 'men'],
  ['veterans', 'veterans'],
  [/lesbian, gay, bisexual, or transgender/, 'lgbtq'],
  [/co-occurring/, 'co_occurring'],
  ['pregnant/postpartum women', 'pregnant_postpartum'],
];

const GROUP_THERAPY: ReadonlyArray<readonly [string | RegExp, GroupTherapy]> = [
  ['cognitive behavioral therapy', 'cbt'],
  ['dialectical behavior therapy', 'dbt'],
  [/^trauma-related counseling$|^trauma therapy$/, 'trauma'],
  [/^substance abuse education$|^family psychoeducation$/, 'psychoeducation'],
];
const SUPPORT_GROUPS: ReadonlyArray<readonly [string | RegExp, SupportGroup]> = [
  ['12-step facilitation', 'twelve_step'],
  [/^self-help groups$|^consumer-run \(peer-support\) services$/, 'other'],
];
const AFTERCARE: ReadonlyArray<readonly [string | RegExp, Aftercare]> = [
  [/^housing services$|^supported housing$/, 'sober_living_referrals'],
  ['employment counseling or training', 'employment_help'],
  [/^couples\/family therapy$|^family counseling offered$/, 'family_therapy'],
  ['aftercare/continuing care', 'alumni_groups'],
];
const MEDICATIONS: ReadonlyArray<readonly [string | RegExp, Medication]> = [
  [/^buprenorphine (with|without|\(extended|used|maintenance)|^prescribes\/administers buprenorphine$/, 'buprenorphine'],
  [/^methadone$|^methadone maintenance|^methadone used in treatment$/, 'methadone'],
  [/naltrexone \(oral\)|injectable naltrexone|^naltrexone used in treatment$|^prescribes\/administers naltrexone$|^relapse prevention from naltrexone$/, 'naltrexone'],
  [/^acamprosate/, 'acamprosate'],
  [/^disulfiram/, 'disulfiram'],
];
const ACCREDITATION: ReadonlyArray<readonly [string | RegExp, Accreditation]> = [
  ['the joint commission', 'joint_commission'],
  ['commission on accreditation of rehabilitation facilities', 'carf'],
  [/council on accreditation/, 'coa'],
  [/national committee for quality assurance/, 'ncqa'],
  [/^state (substance abuse agency|mental health department|department of health)/, 'state_licensed'],
];

/** Language names in OL/SL → ISO 639-1. Names with no 639-1 code (e.g. Hmong, Lakota) are dropped. */
const LANGUAGES: Readonly<Record<string, string>> = {
  spanish: 'es', chinese: 'zh', mandarin: 'zh', cantonese: 'zh', vietnamese: 'vi', korean: 'ko', russian: 'ru',
  arabic: 'ar', french: 'fr', german: 'de', italian: 'it', polish: 'pl', portuguese: 'pt', japanese: 'ja',
  tagalog: 'tl', hindi: 'hi', urdu: 'ur', bengali: 'bn', punjabi: 'pa', gujarati: 'gu', farsi: 'fa', persian: 'fa',
  hebrew: 'he', yiddish: 'yi', greek: 'el', armenian: 'hy', ukrainian: 'uk', somali: 'so', amharic: 'am',
  swahili: 'sw', haitian: 'ht', 'haitian creole': 'ht', 'haitian-creole': 'ht', creole: 'ht', khmer: 'km', cambodian: 'km',
  lao: 'lo', laotian: 'lo', thai: 'th', turkish: 'tr', albanian: 'sq', serbian: 'sr', croatian: 'hr', bosnian: 'bs',
  romanian: 'ro', hungarian: 'hu', czech: 'cs', dutch: 'nl', navajo: 'nv', ojibwa: 'oj', ojibwe: 'oj', cree: 'cr',
  samoan: 'sm', tongan: 'to', nepali: 'ne', burmese: 'my', tamil: 'ta', telugu: 'te',
};

function languagesOf(row: LocatorRow): string[] {
  const out = new Set<string>(['en']);
  for (const label of [...labels(row, 'OL'), ...labels(row, 'SL')]) {
    const code = LANGUAGES[label];
    if (code !== undefined && /^[a-z]{2}$/.test(code)) out.add(code);
  }
  return [...out];
}

/** "(434) 979-8871 ext. 12" → "434-979-8871 x12"; undefined when not a 10-digit US number. */
export function normalizePhone(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const match = /^(.*?)(?:\s*(?:x|ext\.?|extension)\s*(\d{1,6}))?\s*$/i.exec(raw.trim());
  if (!match) return undefined;
  let digits = (match[1] ?? '').replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  if (digits.length !== 10 || /[a-wyz]/i.test(match[1] ?? '')) return undefined;
  const main = `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
  return match[2] ? `${main} x${match[2]}` : main;
}

/** Adds http:// to bare domains; undefined when it still is not a web address. */
export function normalizeWebsite(raw: string | null | undefined): string | undefined {
  const trimmed = raw?.trim();
  if (!trimmed) return undefined;
  const withScheme = /^https?:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  try {
    const url = new URL(withScheme);
    if (!/^https?:$/.test(url.protocol) || !url.hostname.includes('.')) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

function coordinate(raw: string | number | null | undefined, limit: number): number | undefined {
  if (raw === null || raw === undefined || raw === '') return undefined;
  const value = typeof raw === 'number' ? raw : Number(raw);
  return Number.isFinite(value) && Math.abs(value) <= limit ? value : undefined;
}

/** Stable id: readable slug of the name and ZIP, plus a hash so same-named sites differ. */
export function locatorProgramId(row: LocatorRow, name: string, zip: string): string {
  const identity = row.frid ?? `${name}|${row.street1 ?? ''}|${zip}`;
  const hash = createHash('sha1').update(identity).digest('hex').slice(0, 8);
  return `${slug(name, 60) || 'program'}-${zip}-${hash}`;
}

export function isIopRow(row: LocatorRow): boolean {
  return labels(row, 'SET').includes(IOP_LABEL);
}

/** Maps one validated row; `lastVerified` is the export's date (or the import date). */
export function mapLocatorRow(row: LocatorRow, lastVerified: string): MapResult {
  if (!isIopRow(row)) return { ok: false, reason: 'not_iop', detail: 'SET does not include intensive outpatient treatment' };
  const notes: MapNote[] = [];
  const name1 = row.name1.trim();
  const name2 = row.name2?.trim() ?? '';
  if (name1 === '') return { ok: false, reason: 'missing_name', detail: 'name1 is empty' };
  const name = name2 !== '' ? `${name1}: ${name2}` : name1;

  const street = [row.street1?.trim() ?? '', row.street2?.trim() ?? ''].filter((s) => s !== '').join(', ');
  const city = row.city?.trim() ?? '';
  if (row.street1?.trim() === '' || !row.street1 || city === '') return { ok: false, reason: 'missing_address', detail: 'street1 or city is empty' };
  const state = (row.state ?? '').trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(state)) return { ok: false, reason: 'invalid_state', detail: 'state is not a 2-letter code' };
  const zipMatch = /^(\d{5})(?:-?\d{4})?$/.exec(String(row.zip ?? '').trim());
  if (!zipMatch?.[1]) return { ok: false, reason: 'invalid_zip', detail: 'zip is not a 5-digit ZIP code' };
  const zip = zipMatch[1];

  const latitude = coordinate(row.latitude, 90);
  const longitude = coordinate(row.longitude, 180);
  if (latitude === undefined || longitude === undefined || (latitude === 0 && longitude === 0)) {
    return { ok: false, reason: 'missing_coordinates', detail: 'latitude/longitude missing or out of range' };
  }

  const mainPhone = normalizePhone(row.phone);
  const intake = normalizePhone(row.intake1);
  if (row.intake1 && !intake) notes.push('intake_phone_dropped');
  // People need a number to call; fall back to the intake line when the main one is unusable.
  const phone = mainPhone ?? intake;
  if (!phone) return { ok: false, reason: 'invalid_phone', detail: 'neither phone nor intake1 is a 10-digit US number' };
  const website = normalizeWebsite(row.website);
  if (row.website?.trim() && !website) notes.push('website_dropped');

  const setLabels = labels(row, 'SET');
  const sg = labels(row, 'SG');
  let ageGroups = mapLabels([...labels(row, 'AGE'), ...sg], AGES);
  if (ageGroups.length === 0) {
    // Most IOPs serve adults; the locator leaves AGE out for some. The person is told to call to confirm.
    ageGroups = ['adult'];
    notes.push('age_groups_assumed');
  }
  const genders = labels(row, 'GN');
  const populations = new Set(mapLabels(sg, POPULATIONS));
  if (genders.length === 1 && genders[0] === 'female') populations.add('women');
  if (genders.length === 1 && genders[0] === 'male') populations.add('men');

  const tap = labels(row, 'TAP');
  const edu = labels(row, 'EDU');
  const as = labels(row, 'AS');
  let individualCounseling: IndividualCounseling | undefined;
  if (hasCode(row, 'EDU') && !edu.includes('individual counseling offered')) individualCounseling = 'none';

  const program: Program = {
    id: locatorProgramId(row, name, zip),
    name,
    organization: name1,
    address: { street, city, state, zip, latitude, longitude },
    phone,
    ...(intake && intake !== phone ? { intakePhone: intake } : {}),
    ...(website ? { website } : {}),
    levels: mapLabels(setLabels, LEVELS),
    iopTracks: [],
    offersTelehealth: setLabels.some((label) => TELEHEALTH.test(label)),
    paymentAccepted: mapLabels(labels(row, 'PAY'), PAYMENTS),
    paymentAssistance: mapLabels([...labels(row, 'PYAS'), ...labels(row, 'PAY')], ASSISTANCE),
    languages: languagesOf(row),
    ageGroups,
    populations: [...populations],
    services: {
      groupTherapy: mapLabels([...tap, ...edu, ...as], GROUP_THERAPY),
      ...(individualCounseling ? { individualCounseling } : {}),
      supportGroups: mapLabels([...tap, ...as], SUPPORT_GROUPS),
      complementary: [],
      aftercare: mapLabels([...as, ...edu, ...tap, ...labels(row, 'TRSRV')], AFTERCARE),
    },
    medications: mapLabels([...labels(row, 'OT'), ...labels(row, 'PHR'), ...labels(row, 'OM')], MEDICATIONS),
    accreditation: mapLabels(labels(row, 'LCA'), ACCREDITATION),
    lastVerified,
    ...(row.frid ? { sourceId: row.frid } : {}),
  };
  return { ok: true, program, notes };
}

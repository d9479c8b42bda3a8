import type { CareLevel } from '../profile/careLevels.js';
import type { Interest, MedicationWish, Payment } from '../profile/profile.js';
import type { ScheduleSituation } from './scheduleFit.js';
import { minutesOf } from './scheduleFit.js';
import type { IopTrack, Program, Weekday } from './schema.js';

/**
 * Short reasons, in plain words, for why a program was suggested. Each starts in
 * lower case so dialogs can list them ("• evening groups Mon/Wed fit your day job").
 * They restate catalog facts and never promise admission, cost or outcomes.
 */

const DAY_NAMES: Readonly<Record<Weekday, string>> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
const WEEK_ORDER: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "Mon/Wed/Thu", with runs of three or more days shortened: "Mon–Thu", "Mon–Wed/Sat". */
export function formatDays(days: readonly Weekday[]): string {
  const indexes = WEEK_ORDER.flatMap((d, i) => (days.includes(d) ? [i] : []));
  const parts: string[] = [];
  for (let i = 0; i < indexes.length; ) {
    let j = i;
    while (j + 1 < indexes.length && (indexes[j + 1] ?? -1) === (indexes[j] ?? -1) + 1) j++;
    const name = (k: number): string => DAY_NAMES[WEEK_ORDER[indexes[k] ?? 0] ?? 'mon'];
    if (j - i >= 2) parts.push(`${name(i)}–${name(j)}`);
    else for (let k = i; k <= j; k++) parts.push(name(k));
    i = j + 1;
  }
  return parts.join('/');
}

function timeOfDay(track: IopTrack): string {
  const start = minutesOf(track.start);
  if (start < 12 * 60) return 'morning';
  if (start < 17 * 60) return 'afternoon';
  return 'evening';
}

/** "evening telehealth groups Mon/Wed/Thu" */
export function describeTrack(track: IopTrack): string {
  const format = track.format === 'telehealth' ? ' telehealth' : '';
  return `${timeOfDay(track)}${format} groups ${formatDays(track.days)}`;
}

const FIT_PHRASES: Readonly<Record<ScheduleSituation, string | undefined>> = {
  day_job: 'fit your day job',
  evening_shift: 'fit around your evening shifts',
  night_shift: 'fit around your night shifts',
  rotating_shift: undefined, // worded separately below
  school: 'fit around school',
  caregiving: 'fit within school hours',
  availability: 'fit the times you said work for you',
  none: undefined,
};

export function scheduleReason(track: IopTrack, situation: ScheduleSituation, options: { relaxed: boolean; trackChoices: number }): string {
  const what = describeTrack(track);
  if (options.relaxed) return `${what} (may not fit your week, so ask about other times)`;
  if (situation === 'rotating_shift') {
    return track.format === 'telehealth'
      ? `${what}, easier to fit around rotating shifts`
      : `${options.trackChoices} group times to choose from as your shifts change`;
  }
  if (situation === 'caregiving' && track.format === 'telehealth') return `${what} you can join from home`;
  const fit = FIT_PHRASES[situation];
  return fit ? `${what} ${fit}` : what;
}

export const UNKNOWN_SCHEDULE_REASON = 'group times are not listed, so call to ask';

export function distanceReason(miles: number): string {
  if (miles < 1) return 'less than a mile away';
  const rounded = Math.round(miles);
  return `about ${rounded} ${rounded === 1 ? 'mile' : 'miles'} away`;
}

export function telehealthReason(noTransport: boolean): string {
  return noTransport ? 'telehealth, so no travel needed' : 'telehealth, so you can join from home';
}

const PAYMENT_NAMES: Readonly<Record<Exclude<Payment, 'free_or_sliding' | 'not_sure'>, string>> = {
  medicaid: 'Medicaid',
  medicare: 'Medicare',
  private_insurance: 'private insurance',
  military: 'TRICARE or VA coverage',
  self_pay: 'self-pay',
};

/** How a payment answer reads in a sentence, e.g. "Medicaid" or "free or sliding-scale care". */
export function paymentName(payment: Payment): string {
  if (payment === 'free_or_sliding') return 'free or sliding-scale care';
  if (payment === 'not_sure') return 'your payment option';
  return PAYMENT_NAMES[payment];
}

export function paymentReason(payment: Payment | undefined, program: Program): string | undefined {
  if (payment === undefined || payment === 'not_sure') return undefined;
  if (payment === 'free_or_sliding') {
    const free = program.paymentAssistance.includes('free');
    const sliding = program.paymentAssistance.includes('sliding_scale');
    if (free && sliding) return 'offers free and sliding-scale care';
    if (free) return 'offers free care';
    if (sliding) return 'offers a sliding-scale fee';
    return undefined;
  }
  if (!program.paymentAccepted.includes(payment)) return undefined;
  return payment === 'private_insurance' ? 'takes private insurance' : `accepts ${PAYMENT_NAMES[payment]}`;
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

export function languageName(code: string): string {
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}

export function languageReason(code: string): string {
  return `offers services in ${languageName(code)}`;
}

const INTEREST_NAMES: Readonly<Record<Interest, string>> = {
  art: 'art therapy',
  music: 'music therapy',
  yoga: 'yoga',
  fitness: 'fitness',
  neurofeedback: 'neurofeedback',
  wilderness: 'wilderness therapy',
};

export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** "offers art and music therapy, plus yoga" */
export function interestsReason(interests: readonly Interest[]): string {
  const names = interests.map((i) => INTEREST_NAMES[i]);
  // "art therapy and music therapy" reads better as "art and music therapy".
  const therapies = names.filter((n) => n.endsWith(' therapy')).map((n) => n.slice(0, -' therapy'.length));
  const others = names.filter((n) => !n.endsWith(' therapy'));
  if (therapies.length === 0) return `offers ${joinWords(others)}`;
  const therapyPhrase = `${joinWords(therapies)} therapy`;
  return others.length === 0 ? `offers ${therapyPhrase}` : `offers ${therapyPhrase}, plus ${joinWords(others)}`;
}

const MEDICATION_NAMES: Readonly<Record<MedicationWish, string>> = {
  buprenorphine: 'buprenorphine (Suboxone)',
  methadone: 'methadone',
  naltrexone: 'naltrexone (Vivitrol)',
};

/** How a medication reads in a sentence: "buprenorphine (Suboxone)". */
export function medicationName(medication: MedicationWish): string {
  return MEDICATION_NAMES[medication];
}

/** "offers buprenorphine (Suboxone)" */
export function medicationReason(medication: MedicationWish): string {
  return `offers ${MEDICATION_NAMES[medication]}`;
}

export const CO_OCCURRING_REASON = 'support for mental health alongside recovery';
export const SOBER_LIVING_REASON = 'helps with referrals to sober living';
export const VETERANS_REASON = 'has groups for veterans';

const AFTERCARE_NAMES: Readonly<Record<Program['services']['aftercare'][number], string>> = {
  sober_living_referrals: 'sober living referrals',
  employment_help: 'help finding work',
  family_therapy: 'family therapy',
  alumni_groups: 'alumni groups',
};

export function aftercareReason(program: Program): string | undefined {
  const names = program.services.aftercare.map((a) => AFTERCARE_NAMES[a]).slice(0, 2);
  return names.length > 0 ? `aftercare such as ${joinWords(names)}` : undefined;
}

export function detoxReason(program: Program): string {
  return program.levels.includes('intensive_outpatient')
    ? 'offers medically supervised detox and an IOP to step into after'
    : 'offers medically supervised detox';
}

const LEVEL_REASONS: Readonly<Record<CareLevel, string>> = {
  detox: 'offers medically supervised detox',
  residential: 'offers residential care, a place to live while you recover',
  partial_hospitalization: 'offers a day program (partial hospitalization)',
  intensive_outpatient: 'offers an intensive outpatient program',
  outpatient: 'offers outpatient sessions, a lighter step after an IOP',
};

export function levelReason(level: CareLevel): string {
  return LEVEL_REASONS[level];
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function verifiedReason(lastVerified: string): string {
  const month = MONTHS[Number(lastVerified.slice(5, 7)) - 1] ?? '';
  return `listing last checked ${month} ${lastVerified.slice(0, 4)}`;
}

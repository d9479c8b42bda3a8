import type { CareLevel } from '../profile/careLevels.js';
import type { Interest, MedicationWish, Payment } from '../profile/profile.js';
import { chat, fill, label, type TextSpec, type TextsOf } from '../template.js';
import type { ScheduleSituation } from './scheduleFit.js';
import { minutesOf } from './scheduleFit.js';
import type { IopTrack, Program, Weekday } from './schema.js';

/**
 * Short reasons, in plain words, for why a program was suggested. Each starts in
 * lower case so dialogs can list them ("• evening groups Mon/Wed fit your day job").
 * They restate catalog facts and never promise admission, cost or outcomes.
 *
 * The words are data/messages.json "reasons" (a locale's file carries the same keys): every
 * builder here takes those texts as a parameter, so the reasons come in the conversation's
 * language. The code keeps only what is not words: which fact leads, and the order.
 */

const WEEK_ORDER = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const satisfies readonly Weekday[];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;

/** One text per key of an enum (day names, payment names…), all of the same kind. */
const byKey = <K extends string>(keys: readonly K[], spec: () => TextSpec): Record<K, TextSpec> =>
  Object.fromEntries(keys.map((k) => [k, spec()])) as Record<K, TextSpec>;

/** The texts of data/messages.json "reasons", with the placeholders each is given. */
export const REASON_SPECS = {
  /**
   * The language the names of languages are written in (a BCP 47 tag: "en" gives "Spanish",
   * "es" gives "español"); they come from the runtime's Intl data, not from this file.
   */
  languageNamesIn: label(),
  /** Short day names, as in "Mon/Wed/Thu" and "Mon–Thu". */
  days: byKey(WEEK_ORDER, label),
  /** Months, for when a listing was last checked. */
  months: byKey(MONTHS, label),
  /** When a group starts: before noon, before 5 pm, or later. */
  timeOfDay: byKey(['morning', 'afternoon', 'evening'], label),
  /** A list of two or more names: {rest} is all but the last, joined with commas. */
  listAnd: chat(['rest', 'last'], { required: ['rest', 'last'] }),
  /** A group schedule: {time} is a timeOfDay, {days} the days ("evening groups Mon/Wed/Thu"). */
  track: chat(['time', 'days'], { required: ['time', 'days'] }),
  trackTelehealth: chat(['time', 'days'], { required: ['time', 'days'] }),
  /** {track} is one of the two above. Why the schedule fits, by the person's week. */
  fits: {
    day_job: chat(['track'], { required: ['track'] }),
    evening_shift: chat(['track'], { required: ['track'] }),
    night_shift: chat(['track'], { required: ['track'] }),
    school: chat(['track'], { required: ['track'] }),
    /** A caregiver with in-person groups in school hours. */
    caregiving: chat(['track'], { required: ['track'] }),
    /** A caregiver with telehealth groups. */
    caregivingTelehealth: chat(['track'], { required: ['track'] }),
    availability: chat(['track'], { required: ['track'] }),
    rotatingTelehealth: chat(['track'], { required: ['track'] }),
    /** Rotating shifts with in-person groups: {count} tracks to choose from. */
    rotatingChoices: chat(['count'], { required: ['count'] }),
    /** Nothing fit the week, so the time rule was loosened. */
    relaxed: chat(['track'], { required: ['track'] }),
  },
  unknownSchedule: chat(),
  lessThanAMile: chat(),
  /** {miles} is a whole number; one and many are two texts for languages that say them differently. */
  oneMile: chat(['miles']),
  miles: chat(['miles'], { required: ['miles'] }),
  telehealthNoTravel: chat(),
  telehealthFromHome: chat(),
  freeAndSliding: chat(),
  free: chat(),
  sliding: chat(),
  /** {payment} is a paymentNames entry ("Medicaid"). */
  accepts: chat(['payment'], { required: ['payment'] }),
  takesPrivateInsurance: chat(),
  /** How a payment answer reads in a sentence ("Medicaid"); also in the notes on what was loosened. */
  paymentNames: byKey(['medicaid', 'medicare', 'private_insurance', 'military', 'self_pay', 'free_or_sliding', 'not_sure'], label),
  /** {language} is the language's name ("Spanish"). */
  language: chat(['language'], { required: ['language'] }),
  medication: chat(['medication'], { required: ['medication'] }),
  medicationNames: byKey(['buprenorphine', 'methadone', 'naltrexone'], label),
  /** {list} is the activities, with listAnd. */
  interests: chat(['list'], { required: ['list'] }),
  /** {list} is therapies by their therapyNames, with listAnd ("art and music therapy"). */
  therapies: chat(['list'], { required: ['list'] }),
  /** Therapies and other activities: {therapies} is the text above, {others} a list. */
  therapiesPlus: chat(['therapies', 'others'], { required: ['therapies', 'others'] }),
  /** The interests that are therapies, as named inside "therapies" ("art"). */
  therapyNames: byKey(['art', 'music', 'wilderness'], label),
  /** The other interests. */
  activityNames: byKey(['yoga', 'fitness', 'neurofeedback'], label),
  coOccurring: chat(),
  soberLiving: chat(),
  veterans: chat(),
  /** {list} is one or two aftercareNames, with listAnd. */
  aftercare: chat(['list'], { required: ['list'] }),
  aftercareNames: byKey(['sober_living_referrals', 'employment_help', 'family_therapy', 'alumni_groups'], label),
  detoxThenIop: chat(),
  /** A program offering another level of care than an IOP. */
  levels: byKey(['detox', 'residential', 'partial_hospitalization', 'intensive_outpatient', 'outpatient'], () => chat()),
  verified: chat(['month', 'year'], { required: ['month', 'year'] }),
} as const;

export type ReasonTexts = TextsOf<typeof REASON_SPECS>;

/** "Mon/Wed/Thu", with runs of three or more days shortened: "Mon–Thu", "Mon–Wed/Sat". */
export function formatDays(days: readonly Weekday[], words: ReasonTexts): string {
  const indexes = WEEK_ORDER.flatMap((d, i) => (days.includes(d) ? [i] : []));
  const parts: string[] = [];
  for (let i = 0; i < indexes.length; ) {
    let j = i;
    while (j + 1 < indexes.length && (indexes[j + 1] ?? -1) === (indexes[j] ?? -1) + 1) j++;
    const name = (k: number): string => words.days[WEEK_ORDER[indexes[k] ?? 0] ?? 'mon'];
    if (j - i >= 2) parts.push(`${name(i)}–${name(j)}`);
    else for (let k = i; k <= j; k++) parts.push(name(k));
    i = j + 1;
  }
  return parts.join('/');
}

function timeOfDay(track: IopTrack): keyof ReasonTexts['timeOfDay'] {
  const start = minutesOf(track.start);
  if (start < 12 * 60) return 'morning';
  if (start < 17 * 60) return 'afternoon';
  return 'evening';
}

/** "evening telehealth groups Mon/Wed/Thu" */
export function describeTrack(track: IopTrack, words: ReasonTexts): string {
  const values = { time: words.timeOfDay[timeOfDay(track)], days: formatDays(track.days, words) };
  return fill(track.format === 'telehealth' ? words.trackTelehealth : words.track, values);
}

/** Which text says why the schedule fits (undefined: the schedule alone). */
function fitKey(situation: ScheduleSituation, telehealth: boolean, relaxed: boolean): keyof ReasonTexts['fits'] | undefined {
  if (relaxed) return 'relaxed';
  switch (situation) {
    case 'rotating_shift':
      return telehealth ? 'rotatingTelehealth' : 'rotatingChoices';
    case 'caregiving':
      return telehealth ? 'caregivingTelehealth' : 'caregiving';
    case 'none':
      return undefined;
    default:
      return situation;
  }
}

export function scheduleReason(track: IopTrack, situation: ScheduleSituation, options: { relaxed: boolean; trackChoices: number }, words: ReasonTexts): string {
  const key = fitKey(situation, track.format === 'telehealth', options.relaxed);
  const what = describeTrack(track, words);
  return key ? fill(words.fits[key], { track: what, count: options.trackChoices }) : what;
}

/** Whether the schedule reason already says the person joins from home (then no "telehealth" reason repeats it). */
export function scheduleSaysFromHome(track: IopTrack, situation: ScheduleSituation, options: { relaxed: boolean }): boolean {
  return fitKey(situation, track.format === 'telehealth', options.relaxed) === 'caregivingTelehealth';
}

export function distanceReason(miles: number, words: ReasonTexts): string {
  if (miles < 1) return words.lessThanAMile;
  const rounded = Math.round(miles);
  return fill(rounded === 1 ? words.oneMile : words.miles, { miles: rounded });
}

export function telehealthReason(noTransport: boolean, words: ReasonTexts): string {
  return noTransport ? words.telehealthNoTravel : words.telehealthFromHome;
}

/** How a payment answer reads in a sentence, e.g. "Medicaid" or "free or sliding-scale care". */
export function paymentName(payment: Payment, words: ReasonTexts): string {
  return words.paymentNames[payment];
}

export function paymentReason(payment: Payment | undefined, program: Program, words: ReasonTexts): string | undefined {
  if (payment === undefined || payment === 'not_sure') return undefined;
  if (payment === 'free_or_sliding') {
    const free = program.paymentAssistance.includes('free');
    const sliding = program.paymentAssistance.includes('sliding_scale');
    if (free && sliding) return words.freeAndSliding;
    if (free) return words.free;
    if (sliding) return words.sliding;
    return undefined;
  }
  if (!program.paymentAccepted.includes(payment)) return undefined;
  return payment === 'private_insurance' ? words.takesPrivateInsurance : fill(words.accepts, { payment: paymentName(payment, words) });
}

const languageNames = new Map<string, Intl.DisplayNames>();

/** "Spanish" for "es", in the texts' language; the code itself when the runtime has no name for it. */
export function languageName(code: string, words: ReasonTexts): string {
  try {
    let names = languageNames.get(words.languageNamesIn);
    if (!names) languageNames.set(words.languageNamesIn, (names = new Intl.DisplayNames([words.languageNamesIn], { type: 'language' })));
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

export function languageReason(code: string, words: ReasonTexts): string {
  return fill(words.language, { language: languageName(code, words) });
}

/** "a and b", "a, b and c" in the texts' language. */
export function joinWords(names: readonly string[], words: ReasonTexts): string {
  if (names.length <= 1) return names.join('');
  return fill(words.listAnd, { rest: names.slice(0, -1).join(', '), last: names[names.length - 1] ?? '' });
}

const isTherapy = (i: Interest): i is keyof ReasonTexts['therapyNames'] => i === 'art' || i === 'music' || i === 'wilderness';

/** "offers art and music therapy, plus yoga" */
export function interestsReason(interests: readonly Interest[], words: ReasonTexts): string {
  const therapies = interests.filter(isTherapy).map((i) => words.therapyNames[i]);
  const others = interests.flatMap((i) => (isTherapy(i) ? [] : [words.activityNames[i]]));
  if (therapies.length === 0) return fill(words.interests, { list: joinWords(others, words) });
  const therapyPhrase = fill(words.therapies, { list: joinWords(therapies, words) });
  return others.length === 0
    ? fill(words.interests, { list: therapyPhrase })
    : fill(words.therapiesPlus, { therapies: therapyPhrase, others: joinWords(others, words) });
}

/** How a medication reads in a sentence: "buprenorphine (Suboxone)". */
export function medicationName(medication: MedicationWish, words: ReasonTexts): string {
  return words.medicationNames[medication];
}

/** "offers buprenorphine (Suboxone)" */
export function medicationReason(medication: MedicationWish, words: ReasonTexts): string {
  return fill(words.medication, { medication: medicationName(medication, words) });
}

export function aftercareReason(program: Program, words: ReasonTexts): string | undefined {
  const names = program.services.aftercare.map((a) => words.aftercareNames[a]).slice(0, 2);
  return names.length > 0 ? fill(words.aftercare, { list: joinWords(names, words) }) : undefined;
}

export function detoxReason(program: Program, words: ReasonTexts): string {
  return program.levels.includes('intensive_outpatient') ? words.detoxThenIop : words.levels.detox;
}

export function levelReason(level: CareLevel, words: ReasonTexts): string {
  return words.levels[level];
}

export function verifiedReason(lastVerified: string, words: ReasonTexts): string {
  const month = MONTHS[Number(lastVerified.slice(5, 7)) - 1];
  return fill(words.verified, { month: month ? words.months[month] : '', year: lastVerified.slice(0, 4) });
}

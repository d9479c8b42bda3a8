import { chat, fill, label, type TextSpec, type TextsOf } from '../template.js';
import type { Profile } from './profile.js';

/**
 * The person's answers as plain-language lines, for "what do you know about me" and the
 * summary they may share at a handoff. The words are data/messages.json "summary" (a
 * locale's file carries the same keys), given as a parameter so the summary comes in the
 * conversation's language; the code decides only which lines there are and in what order.
 */

/** One text per value of an answer, all of the same kind. */
const byKey = <K extends string>(keys: readonly K[], spec: () => TextSpec = label): Record<K, TextSpec> =>
  Object.fromEntries(keys.map((k) => [k, spec()])) as Record<K, TextSpec>;
/** A line of the summary: "Work shift: {value}". */
const line = (): TextSpec => chat(['value'], { required: ['value'] });

export const SUMMARY_SPECS = {
  careStage: line(),
  careStages: byKey(['not_started', 'in_detox', 'finished_detox', 'leaving_php', 'leaving_residential', 'in_iop', 'not_sure'], chat),
  /** Any "yes" in the withdrawal screen; never which one. */
  withdrawal: chat(),
  readiness: line(),
  readinessValues: byKey(['precontemplation', 'contemplation', 'preparation', 'action', 'maintenance'], chat),
  /** {value} is the responsibilities, comma-separated, or noneMentioned. */
  responsibilities: line(),
  responsibilityNames: byKey(['full_time_job', 'part_time_job', 'school', 'caregiving']),
  noneMentioned: label(),
  workShift: line(),
  workShifts: byKey(['day', 'evening', 'night', 'rotating']),
  transport: line(),
  transports: byKey(['car', 'transit', 'none']),
  homeSafe: line(),
  homeSafeValues: byKey(['yes', 'no', 'not_sure']),
  /** {value} is the times, comma-separated. */
  availability: line(),
  availabilityNames: byKey(['mornings', 'daytime', 'evenings', 'weekends']),
  format: line(),
  formats: byKey(['in_person', 'telehealth', 'either']),
  payment: line(),
  payments: byKey(['medicaid', 'medicare', 'private_insurance', 'military', 'self_pay', 'free_or_sliding', 'not_sure']),
  /** {value} is the language's code as stored ("es"). */
  language: line(),
  /** {value} is city, state and ZIP as known, or locationSet. */
  location: line(),
  locationSet: label(),
  ageGroup: line(),
  ageGroups: byKey(['adolescent', 'young_adult', 'adult', 'senior']),
  /** {value} is the interests, comma-separated, or noInterests. */
  interests: line(),
  interestNames: byKey(['art', 'music', 'yoga', 'fitness', 'neurofeedback', 'wilderness']),
  noInterests: label(),
  coOccurring: line(),
  yes: label(),
  no: label(),
} as const;

export type SummaryTexts = TextsOf<typeof SUMMARY_SPECS>;

/** The lines, in the order the assessment asks; an answer not given has no line. */
export function describeProfile(profile: Profile, words: SummaryTexts): string[] {
  const lines: string[] = [];
  const add = (text: string, value: string): void => {
    lines.push(fill(text, { value }));
  };
  if (profile.careStage) add(words.careStage, words.careStages[profile.careStage]);
  if (profile.withdrawal && Object.values(profile.withdrawal).some((v) => v === true)) lines.push(words.withdrawal);
  if (profile.readiness) add(words.readiness, words.readinessValues[profile.readiness]);
  if (profile.responsibilities) {
    const names = profile.responsibilities.map((r) => words.responsibilityNames[r]);
    add(words.responsibilities, names.length ? names.join(', ') : words.noneMentioned);
  }
  if (profile.workShift) add(words.workShift, words.workShifts[profile.workShift]);
  if (profile.transport) add(words.transport, words.transports[profile.transport]);
  if (profile.homeSafe) add(words.homeSafe, words.homeSafeValues[profile.homeSafe]);
  if (profile.availability?.length) add(words.availability, profile.availability.map((a) => words.availabilityNames[a]).join(', '));
  if (profile.format) add(words.format, words.formats[profile.format]);
  if (profile.payment) add(words.payment, words.payments[profile.payment]);
  if (profile.language) add(words.language, profile.language);
  if (profile.location) {
    const place = [profile.location.city, profile.location.state, profile.location.zip].filter(Boolean).join(' ');
    add(words.location, place || words.locationSet);
  }
  if (profile.ageGroup) add(words.ageGroup, words.ageGroups[profile.ageGroup]);
  if (profile.interests) {
    add(words.interests, profile.interests.length ? profile.interests.map((i) => words.interestNames[i]).join(', ') : words.noInterests);
  }
  if (profile.coOccurring !== undefined) add(words.coOccurring, profile.coOccurring ? words.yes : words.no);
  return lines;
}

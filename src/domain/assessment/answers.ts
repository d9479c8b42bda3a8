import {
  AgeGroup,
  AttendanceFormat,
  Availability,
  CareStage,
  Interest,
  Payment,
  Readiness,
  Responsibility,
  Transport,
  WorkShift,
  type Location,
  type Profile,
} from '../profile/profile.js';
import { MULTI_SELECT_QUESTIONS, type MultiSelectQuestionId, type ProfileQuestionId } from './questionIds.js';

/**
 * Answers as the option values in data/assessment.json ("finished_detox", "yes",
 * ["evenings", "weekends"]), so typed text, buttons and the stored profile meet in one
 * shape. Location is not an option value; it travels as a resolved Location.
 */
export type ValueQuestionId = Exclude<ProfileQuestionId, 'location'>;
export type AnswerMap = Partial<Record<ValueQuestionId, string[]>>;

export interface Answers {
  values: AnswerMap;
  location?: Location;
}

export const emptyAnswers = (): Answers => ({ values: {} });
export const hasAnswers = (a: Answers): boolean => a.location !== undefined || Object.keys(a.values).length > 0;

/** Multi-select values that stand for a whole answer. */
export const NONE = 'none';
export const ANY_TIME = 'any';
/** "Another language": asks which one, stores nothing. */
export const OTHER_LANGUAGE = 'other';

const yesNo = (b: boolean | undefined): string[] | undefined => (b === undefined ? undefined : [b ? 'yes' : 'no']);
const one = (v: string | undefined): string[] | undefined => (v === undefined ? undefined : [v]);
const list = (v: readonly string[] | undefined): string[] | undefined => (v === undefined ? undefined : v.length === 0 ? [NONE] : [...v]);

/** The profile's answer to a question, as option values; undefined when not answered. */
export function readAnswer(profile: Profile, id: ValueQuestionId): string[] | undefined {
  switch (id) {
    case 'careStage':
      return one(profile.careStage);
    case 'heavyUse':
    case 'symptomsWhenStopping':
    case 'pastSeizuresOrDts':
      return yesNo(profile.withdrawal?.[id]);
    case 'readiness':
      return one(profile.readiness);
    case 'responsibilities':
      return list(profile.responsibilities);
    case 'workShift':
      return one(profile.workShift);
    case 'transport':
      return one(profile.transport);
    case 'homeSafe':
      return one(profile.homeSafe);
    case 'availability':
      return list(profile.availability);
    case 'format':
      return one(profile.format);
    case 'payment':
      return one(profile.payment);
    case 'language':
      return one(profile.language);
    case 'ageGroup':
      return one(profile.ageGroup);
    case 'interests':
      return list(profile.interests);
    case 'coOccurring':
      return yesNo(profile.coOccurring);
  }
}

/** Several-answer questions that already have an answer in the profile. */
export function answeredMultiSelects(profile: Profile): MultiSelectQuestionId[] {
  return MULTI_SELECT_QUESTIONS.filter((id) => readAnswer(profile, id) !== undefined);
}

export function isAnswered(profile: Profile, id: ProfileQuestionId): boolean {
  return id === 'location' ? profile.location !== undefined : readAnswer(profile, id) !== undefined;
}

const first = (values: readonly string[]): string | undefined => values.at(-1);
const boolOf = (values: readonly string[]): boolean | undefined => {
  const v = first(values);
  return v === 'yes' ? true : v === 'no' ? false : undefined;
};
function arrayOf<T extends string>(values: readonly string[], parse: (v: string) => T | undefined): T[] {
  if (values.includes(NONE)) return [];
  return [...new Set(values.map(parse).filter((v): v is T => v !== undefined))];
}
const parser =
  <T extends string>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }) =>
  (v: string | undefined): T | undefined => {
    const r = schema.safeParse(v);
    return r.success ? r.data : undefined;
  };

/**
 * A copy of the profile with one answer replaced. Values that do not fit the field
 * (a "not sure" to a yes/no screen question) leave it unanswered.
 */
export function writeAnswer(profile: Profile, id: ValueQuestionId, values: readonly string[]): Profile {
  const next: Profile = { ...profile };
  switch (id) {
    case 'careStage':
      next.careStage = parser(CareStage)(first(values));
      break;
    case 'heavyUse':
    case 'symptomsWhenStopping':
    case 'pastSeizuresOrDts':
      next.withdrawal = { ...profile.withdrawal, [id]: boolOf(values) };
      break;
    case 'readiness':
      next.readiness = parser(Readiness)(first(values));
      break;
    case 'responsibilities':
      next.responsibilities = arrayOf(values, parser(Responsibility));
      break;
    case 'workShift':
      next.workShift = parser(WorkShift)(first(values));
      break;
    case 'transport':
      next.transport = parser(Transport)(first(values));
      break;
    case 'homeSafe': {
      const v = first(values);
      next.homeSafe = v === 'yes' || v === 'no' || v === 'not_sure' ? v : undefined;
      break;
    }
    case 'availability':
      next.availability = values.includes(ANY_TIME) ? [...Availability.options] : arrayOf(values, parser(Availability));
      break;
    case 'format':
      next.format = parser(AttendanceFormat)(first(values));
      break;
    case 'payment':
      next.payment = parser(Payment)(first(values));
      break;
    case 'language': {
      const v = first(values);
      next.language = v !== undefined && /^[a-z]{2}$/.test(v) ? v : undefined;
      break;
    }
    case 'ageGroup':
      next.ageGroup = parser(AgeGroup)(first(values));
      break;
    case 'interests':
      next.interests = arrayOf(values, parser(Interest));
      break;
    case 'coOccurring':
      next.coOccurring = boolOf(values);
      break;
  }
  return dropUndefined(next);
}

/** Removes a question's answer (used when "back" re-asks it and before "start over"). */
export function clearAnswer(profile: Profile, id: ProfileQuestionId): Profile {
  if (id === 'location' || id === 'responsibilities' || id === 'availability' || id === 'interests') {
    return dropUndefined({ ...profile, [id]: undefined });
  }
  return writeAnswer(profile, id, []);
}

function dropUndefined(profile: Profile): Profile {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(profile)) {
    if (value === undefined) continue;
    if (key === 'withdrawal' && typeof value === 'object' && value !== null) {
      const w = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
      if (Object.keys(w).length > 0) out[key] = w;
      continue;
    }
    out[key] = value;
  }
  return out as Profile;
}

import { z } from 'zod';
import {
  AgeGroup,
  Availability,
  AttendanceFormat,
  CareStage,
  Interest,
  Payment,
  Readiness,
  Responsibility,
  Transport,
  WorkShift,
  type Profile,
} from '../profile/profile.js';

/**
 * The Profile fields a care rule may test, each with the schema of one value.
 * Rules are checked against this list on load, so a typo such as
 * `"careStage": { "in": ["not_startd"] }` is an error instead of a rule that never fires.
 */
interface FieldSpec {
  /** Array fields hold a list of these values; scalar fields hold one. */
  readonly kind: 'scalar' | 'array' | 'object';
  readonly value: z.ZodType;
  readonly read: (profile: Profile) => unknown;
}

export const PROFILE_FIELDS = {
  careStage: { kind: 'scalar', value: CareStage, read: (p) => p.careStage },
  readiness: { kind: 'scalar', value: Readiness, read: (p) => p.readiness },
  responsibilities: { kind: 'array', value: Responsibility, read: (p) => p.responsibilities },
  workShift: { kind: 'scalar', value: WorkShift, read: (p) => p.workShift },
  transport: { kind: 'scalar', value: Transport, read: (p) => p.transport },
  homeSafe: { kind: 'scalar', value: z.enum(['yes', 'no', 'not_sure']), read: (p) => p.homeSafe },
  availability: { kind: 'array', value: Availability, read: (p) => p.availability },
  format: { kind: 'scalar', value: AttendanceFormat, read: (p) => p.format },
  payment: { kind: 'scalar', value: Payment, read: (p) => p.payment },
  language: { kind: 'scalar', value: z.string().regex(/^[a-z]{2}$/), read: (p) => p.language },
  ageGroup: { kind: 'scalar', value: AgeGroup, read: (p) => p.ageGroup },
  interests: { kind: 'array', value: Interest, read: (p) => p.interests },
  coOccurring: { kind: 'scalar', value: z.boolean(), read: (p) => p.coOccurring },
  location: { kind: 'object', value: z.never(), read: (p) => p.location },
  'withdrawal.heavyUse': { kind: 'scalar', value: z.boolean(), read: (p) => p.withdrawal?.heavyUse },
  'withdrawal.symptomsWhenStopping': { kind: 'scalar', value: z.boolean(), read: (p) => p.withdrawal?.symptomsWhenStopping },
  'withdrawal.pastSeizuresOrDts': { kind: 'scalar', value: z.boolean(), read: (p) => p.withdrawal?.pastSeizuresOrDts },
  'withdrawal.saidInChat': { kind: 'scalar', value: z.boolean(), read: (p) => p.withdrawal?.saidInChat },
} as const satisfies Record<string, FieldSpec>;

export type ProfileFieldPath = keyof typeof PROFILE_FIELDS;

export const PROFILE_FIELD_PATHS = Object.keys(PROFILE_FIELDS) as ProfileFieldPath[];

export function isProfileFieldPath(path: string): path is ProfileFieldPath {
  return Object.hasOwn(PROFILE_FIELDS, path);
}

export function fieldSpec(path: ProfileFieldPath): FieldSpec {
  return PROFILE_FIELDS[path];
}

import { z } from 'zod';

/**
 * What the bot has learned about the person, shared by the assessment dialog,
 * the level-of-care rules and the program matcher. Every field is optional:
 * any question can be skipped. Only these fields are kept, never free text.
 */
export const CareStage = z.enum([
  'not_started', // not started or still using
  'in_detox',
  'finished_detox',
  'leaving_php', // finishing a partial hospitalization program
  'leaving_residential',
  'in_iop', // in an IOP now and planning what comes next
  'not_sure',
]);
export type CareStage = z.infer<typeof CareStage>;

/** Stages of change, in plain words in the dialog. */
export const Readiness = z.enum(['precontemplation', 'contemplation', 'preparation', 'action', 'maintenance']);
export type Readiness = z.infer<typeof Readiness>;

export const Responsibility = z.enum(['full_time_job', 'part_time_job', 'school', 'caregiving']);
export type Responsibility = z.infer<typeof Responsibility>;

export const WorkShift = z.enum(['day', 'evening', 'night', 'rotating']);
export type WorkShift = z.infer<typeof WorkShift>;

export const Transport = z.enum(['car', 'transit', 'none']);
export type Transport = z.infer<typeof Transport>;

export const Availability = z.enum(['mornings', 'daytime', 'evenings', 'weekends']);
export type Availability = z.infer<typeof Availability>;

export const AttendanceFormat = z.enum(['in_person', 'telehealth', 'either']);
export type AttendanceFormat = z.infer<typeof AttendanceFormat>;

export const Payment = z.enum([
  'medicaid',
  'medicare',
  'private_insurance',
  'military', // TRICARE or VA
  'self_pay',
  'free_or_sliding',
  'not_sure',
]);
export type Payment = z.infer<typeof Payment>;

export const AgeGroup = z.enum(['adolescent', 'young_adult', 'adult', 'senior']);
export type AgeGroup = z.infer<typeof AgeGroup>;

export const Interest = z.enum(['art', 'music', 'yoga', 'fitness', 'neurofeedback', 'wilderness']);
export type Interest = z.infer<typeof Interest>;

/** Who the help is for: the person typing, or someone they are looking for help for. */
export const ForWhom = z.enum(['self', 'child', 'partner', 'parent', 'friend', 'other_family']);
export type ForWhom = z.infer<typeof ForWhom>;

/** A medication for addiction treatment someone asked about ("do they offer Suboxone?"): a program filter. */
export const MedicationWish = z.enum(['buprenorphine', 'methadone', 'naltrexone']);
export type MedicationWish = z.infer<typeof MedicationWish>;

/** Asked only when programs nearby admit one gender alone; "prefer not to say" is always an answer. */
export const Gender = z.enum(['woman', 'man', 'another', 'prefer_not']);
export type Gender = z.infer<typeof Gender>;

/** Answers to the withdrawal safety screen (asked of anyone not yet through detox). */
export const WithdrawalScreen = z.object({
  /** Daily or heavy drinking, benzodiazepines or opioids. */
  heavyUse: z.boolean().optional(),
  /** Shakes, sweats, hallucinations or seizures when they stop. */
  symptomsWhenStopping: z.boolean().optional(),
  /** Seizures or DTs in the past. */
  pastSeizuresOrDts: z.boolean().optional(),
  /**
   * Withdrawal said in the conversation outside the screen ("I get the shakes until I drink",
   * "using every day again since detox"): detox first, whatever the care stage (riskStep.ts).
   */
  saidInChat: z.boolean().optional(),
});
export type WithdrawalScreen = z.infer<typeof WithdrawalScreen>;

export const Location = z.object({
  zip: z.string().regex(/^\d{5}$/).optional(),
  city: z.string().max(80).optional(),
  state: z.string().length(2).optional(),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});
export type Location = z.infer<typeof Location>;

export const Profile = z.object({
  careStage: CareStage.optional(),
  withdrawal: WithdrawalScreen.optional(),
  readiness: Readiness.optional(),
  /** Empty array means "none"; undefined means not answered. */
  responsibilities: z.array(Responsibility).optional(),
  workShift: WorkShift.optional(),
  transport: Transport.optional(),
  /** Whether home is a safe, substance-free place to recover. */
  homeSafe: z.enum(['yes', 'no', 'not_sure']).optional(),
  availability: z.array(Availability).optional(),
  format: AttendanceFormat.optional(),
  payment: Payment.optional(),
  /** ISO 639-1 code, e.g. "en", "es". */
  language: z.string().regex(/^[a-z]{2}$/).optional(),
  location: Location.optional(),
  ageGroup: AgeGroup.optional(),
  /** Empty array means "none of these". */
  interests: z.array(Interest).optional(),
  /** Wants support for a co-occurring mental health condition. */
  coOccurring: z.boolean().optional(),
  /** Only to keep men's and women's programs for the people they admit. */
  gender: Gender.optional(),
  /** Who the help is for; absent means not said (the questions then speak to the person). */
  forWhom: ForWhom.optional(),
  /** Age in years of the person the help is for, when said ("my son is 16"); ageGroup follows from it. */
  age: z.number().int().min(10).max(110).optional(),
  /** Asked whether programs offer this medication: programs that do are preferred. */
  medication: MedicationWish.optional(),
});
export type Profile = z.infer<typeof Profile>;

export const emptyProfile = (): Profile => ({});

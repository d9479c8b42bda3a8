import { z } from 'zod';
import { CareLevel } from '../profile/careLevels.js';
import { AgeGroup, Interest } from '../profile/profile.js';

/**
 * The program catalog: one file `{ meta, programs }` read at start-up and on every edit.
 * Objects are strict so a misspelt key ("adress") is an error rather than silently lost data.
 *
 * Conventions the matcher relies on:
 * - `iopTracks` empty on a program offering intensive_outpatient means "schedule unknown,
 *   call to ask" (typical of imported records); programs without IOP have no tracks.
 * - Empty arrays mean "none" for services, medications, populations and accreditation.
 * - `services.individualCounseling` absent means "not known".
 */

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

export const TrackFormat = z.enum(['in_person', 'telehealth']);
export type TrackFormat = z.infer<typeof TrackFormat>;

/** Payment the program accepts; the same words as the profile's `Payment` answers. */
export const PaymentAccepted = z.enum(['medicaid', 'medicare', 'private_insurance', 'military', 'self_pay']);
export type PaymentAccepted = z.infer<typeof PaymentAccepted>;

/** Help for people who cannot pay; matches the profile's `free_or_sliding` answer. */
export const PaymentAssistance = z.enum(['sliding_scale', 'free']);
export type PaymentAssistance = z.infer<typeof PaymentAssistance>;

export const Population = z.enum(['women', 'men', 'veterans', 'lgbtq', 'co_occurring', 'pregnant_postpartum']);
export type Population = z.infer<typeof Population>;

/** A program open to one gender only (a men's or a women's program), as opposed to groups for them among others. */
export const GenderServed = z.enum(['women', 'men']);
export type GenderServed = z.infer<typeof GenderServed>;

export const GroupTherapy = z.enum(['cbt', 'dbt', 'trauma', 'psychoeducation']);
export type GroupTherapy = z.infer<typeof GroupTherapy>;

export const IndividualCounseling = z.enum(['weekly', 'biweekly', 'as_needed', 'none']);
export type IndividualCounseling = z.infer<typeof IndividualCounseling>;

export const SupportGroup = z.enum(['twelve_step', 'smart_recovery', 'other']);
export type SupportGroup = z.infer<typeof SupportGroup>;

export const Aftercare = z.enum(['sober_living_referrals', 'employment_help', 'family_therapy', 'alumni_groups']);
export type Aftercare = z.infer<typeof Aftercare>;

/** Medications for addiction treatment. An empty list means none are offered. */
export const Medication = z.enum(['buprenorphine', 'methadone', 'naltrexone', 'acamprosate', 'disulfiram']);
export type Medication = z.infer<typeof Medication>;

export const Accreditation = z.enum(['joint_commission', 'carf', 'coa', 'ncqa', 'state_licensed']);
export type Accreditation = z.infer<typeof Accreditation>;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Lists must not repeat a value ("mon, mon", "es, es"). Checked in one pass per record
 * (see `reportRepeats`) rather than a refine per list: loading 50,000 programs is ~15% faster.
 */
const REPEATED = 'must not list the same value twice';

function reportRepeats(ctx: z.RefinementCtx, path: PropertyKey[], list: readonly string[] | undefined): void {
  if (list !== undefined && list.length > 1 && new Set(list).size !== list.length) {
    ctx.addIssue({ code: 'custom', path, message: REPEATED });
  }
}

export const Time = z.string().regex(TIME, { error: 'expected a 24-hour time like "18:00"' });

export const IopTrack = z
  .strictObject({
    /** Short label shown to people, e.g. "Evening track". */
    label: z.string().trim().min(1).max(80).optional(),
    days: z.array(Weekday).min(1, { error: 'expected at least one day' }),
    start: Time,
    end: Time,
    hoursPerWeek: z.number().positive({ error: 'expected a positive number of hours' }).max(40, { error: 'expected at most 40 hours a week' }),
    format: TrackFormat,
    /** Who the track is for when narrower than the program (e.g. an adolescent track). */
    ageGroups: z.array(AgeGroup).min(1).optional(),
  })
  .superRefine((track, ctx) => {
    reportRepeats(ctx, ['days'], track.days);
    reportRepeats(ctx, ['ageGroups'], track.ageGroups);
    if (!TIME.test(track.start) || !TIME.test(track.end)) return; // already reported
    const sessionMinutes = minutesOf(track.end) - minutesOf(track.start);
    if (sessionMinutes <= 0) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: `expected end after start (${track.start})` });
      return;
    }
    // Scheduled time bounds the hours: a typo like 90 instead of 9 is caught here.
    const scheduledHours = (sessionMinutes / 60) * track.days.length;
    if (track.hoursPerWeek > scheduledHours + 1e-9) {
      ctx.addIssue({
        code: 'custom',
        path: ['hoursPerWeek'],
        message: `expected at most ${Math.round(scheduledHours * 100) / 100} (days × session length)`,
      });
    }
  });
export type IopTrack = z.infer<typeof IopTrack>;

export const Address = z.strictObject({
  street: z.string().trim().min(1, { error: 'expected a street address' }).max(200),
  city: z.string().trim().min(1, { error: 'expected a city' }).max(80),
  state: z.string().regex(/^[A-Z]{2}$/, { error: 'expected 2 capital letters like "OH"' }),
  zip: z.string().regex(/^\d{5}$/, { error: 'expected 5 digits' }),
  latitude: z.number().min(-90, { error: 'expected a latitude between -90 and 90' }).max(90, { error: 'expected a latitude between -90 and 90' }),
  longitude: z
    .number()
    .min(-180, { error: 'expected a longitude between -180 and 180' })
    .max(180, { error: 'expected a longitude between -180 and 180' }),
});
export type Address = z.infer<typeof Address>;

/** US number as people dial it, with an optional extension. */
export const Phone = z.string().regex(/^\d{3}-\d{3}-\d{4}( x\d{1,6})?$/, {
  error: 'expected a US phone number like 555-010-0123 (optionally " x12")',
});

export const Services = z.strictObject({
  groupTherapy: z.array(GroupTherapy),
  /** Absent when not known (imported records). */
  individualCounseling: IndividualCounseling.optional(),
  supportGroups: z.array(SupportGroup),
  complementary: z.array(Interest),
  aftercare: z.array(Aftercare),
});
export type Services = z.infer<typeof Services>;

export const ProgramId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'expected lower-case letters, digits and single hyphens' })
  .max(100, { error: 'expected at most 100 characters' });

export const Program = z
  .strictObject({
    id: ProgramId,
    name: z.string().trim().min(1, { error: 'expected a name' }).max(200),
    organization: z.string().trim().min(1, { error: 'expected an organization' }).max(200),
    address: Address,
    phone: Phone,
    intakePhone: Phone.optional(),
    website: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
    levels: z.array(CareLevel).min(1, { error: 'expected at least one level of care' }),
    /** Empty with intensive_outpatient in `levels` = schedule unknown ("call to ask"). */
    iopTracks: z.array(IopTrack),
    /**
     * Whether the program offers telehealth, when known from the source. Imported records
     * have no tracks, so this is their only format signal; with tracks, the tracks decide.
     */
    offersTelehealth: z.boolean().optional(),
    paymentAccepted: z.array(PaymentAccepted),
    paymentAssistance: z.array(PaymentAssistance),
    /** ISO 639-1 codes, e.g. "en", "es". */
    languages: z.array(z.string().regex(/^[a-z]{2}$/, { error: 'expected a 2-letter ISO 639-1 code like "es"' })).min(1, {
      error: 'expected at least one language',
    }),
    ageGroups: z.array(AgeGroup).min(1, { error: 'expected at least one age group' }),
    populations: z.array(Population),
    /** Set only when the program admits one gender alone: the matcher never shows it to anyone else. */
    servesOnly: GenderServed.optional(),
    services: Services,
    medications: z.array(Medication),
    accreditation: z.array(Accreditation),
    /** Day the listing was last checked, YYYY-MM-DD. */
    lastVerified: z.iso.date({ error: 'expected a date like 2024-05-31' }),
    /** Identifier in the source it was imported from (e.g. the locator's frid). */
    sourceId: z.string().min(1).max(200).optional(),
  })
  .superRefine((program, ctx) => {
    for (const key of ['levels', 'paymentAccepted', 'paymentAssistance', 'languages', 'ageGroups', 'populations', 'medications', 'accreditation'] as const) {
      reportRepeats(ctx, [key], program[key]);
    }
    for (const key of ['groupTherapy', 'supportGroups', 'complementary', 'aftercare'] as const) {
      reportRepeats(ctx, ['services', key], program.services[key]);
    }
    if (program.iopTracks.length > 0 && !program.levels.includes('intensive_outpatient')) {
      ctx.addIssue({
        code: 'custom',
        path: ['iopTracks'],
        message: 'has IOP tracks but levels does not include "intensive_outpatient"',
      });
    }
  });
export type Program = z.infer<typeof Program>;

export const CatalogMeta = z.looseObject({
  /** Where the data came from, e.g. "generate-sample-catalog" or "findtreatment.gov export". */
  source: z.string().min(1, { error: 'expected a source' }),
  description: z.string().min(1, { error: 'expected a description' }),
  /** True for fictional sample data that must never be presented as real listings. */
  sample: z.boolean(),
  generatedAt: z.iso.datetime({ offset: true, error: 'expected an ISO date-time like 2024-05-31T12:00:00Z' }),
});
export type CatalogMeta = z.infer<typeof CatalogMeta>;

export const Catalog = z
  .strictObject({
    meta: CatalogMeta,
    // An empty catalog is as unusable as a broken one: the bot would suggest nothing to
    // everyone. Refused the same way: start-up stops, a reload keeps the last good one.
    programs: z.array(Program).min(1, { error: 'expected at least one program (with none, the bot would suggest nothing)' }),
  })
  .superRefine((catalog, ctx) => {
    const seen = new Set<string>();
    catalog.programs.forEach((program, index) => {
      if (seen.has(program.id)) {
        ctx.addIssue({ code: 'custom', path: ['programs', index, 'id'], message: `duplicate id "${program.id}"` });
      }
      seen.add(program.id);
    });
  });
export type Catalog = z.infer<typeof Catalog>;

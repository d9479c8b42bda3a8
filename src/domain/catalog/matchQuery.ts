import type { CareLevel } from '../profile/careLevels.js';
import type { Guidance } from '../guidance/careRules.js';
import { AgeGroup, type AttendanceFormat, type Profile } from '../profile/profile.js';
import { geoPoint, stateOf, type GeoPoint } from './geo.js';
import { ageBit, FLAG_MEN_ONLY, FLAG_WOMEN_ONLY, interestBit, levelBit, maskOf, medicationBit, paymentBit, type MatchIndex } from './matchIndex.js';
import { planSchedule, type SchedulePlan } from './scheduleFit.js';

export const DETOX = levelBit('detox');
const ALL_AGES = maskOf(ageBit, AgeGroup.options);

/** What can be loosened; everything else about a query is fixed by the person's answers. */
export interface Constraints {
  readonly maxMiles: number;
  readonly format: AttendanceFormat;
  readonly scheduleRelaxed: boolean;
  readonly paymentRelaxed: boolean;
  readonly languageRelaxed: boolean;
  readonly medicationRelaxed: boolean;
}

/**
 * How far someone without a car or a ride can be expected to go in person. Telehealth comes
 * first for them, and an in-person program further away is never shown without saying so.
 */
export const NO_CAR_REACH_MILES = 5;

/**
 * A query compiled once from the answers, so the per-program loop only compares numbers.
 * Every field is always present (no optional keys): one object shape keeps the hot loop fast.
 */
export interface Query {
  readonly profile: Profile;
  readonly guidance: Guidance;
  readonly detoxOnly: boolean;
  readonly requestedMask: number;
  readonly levelOrder: readonly CareLevel[];
  readonly levelBits: readonly number[];
  /** 0 when payment does not filter. */
  readonly paymentBit: number;
  readonly needsAssistance: boolean;
  readonly military: boolean;
  readonly language: string | undefined;
  /** The language's bit in the index columns; 0 when language does not filter. */
  readonly languageBit: number;
  readonly coOccurring: boolean;
  readonly origin: { point: GeoPoint; latitude: number; longitude: number } | undefined;
  readonly state: string | undefined;
  readonly plan: SchedulePlan;
  /** Age groups the person may join: theirs, or when unknown anything but adolescent-only care. */
  readonly ageMask: number;
  readonly interestMask: number;
  readonly wantsAftercare: boolean;
  readonly wantsSoberLiving: boolean;
  readonly wantsEveningWeekend: boolean;
  readonly wantsTelehealth: boolean;
  readonly noTransport: boolean;
  /** FLAG_MEN_ONLY / FLAG_WOMEN_ONLY bits of programs this person is not admitted to. */
  readonly genderBlock: number;
  /** The wished-for medication's bit (medicationBit); 0 when medication does not filter. */
  readonly medicationBit: number;
  readonly nowMs: number;
  readonly limit: number;
}

/** Programs for one gender only are shown to that gender; unknown or "prefer not to say" sees neither. */
function genderBlockOf(profile: Profile, ignoreGender: boolean): number {
  if (ignoreGender) return 0;
  if (profile.gender === 'woman') return FLAG_MEN_ONLY;
  if (profile.gender === 'man') return FLAG_WOMEN_ONLY;
  return FLAG_MEN_ONLY | FLAG_WOMEN_ONLY;
}

export function compileQuery(index: MatchIndex, profile: Profile, guidance: Guidance, limit: number, nowMs: number, ignoreGender = false): Query {
  const location = profile.location;
  const extras = new Set<string>(guidance.extras);
  const levelOrder: readonly CareLevel[] = guidance.iopAllowed ? guidance.levels : ['detox'];
  const payment = profile.payment;
  return {
    profile,
    guidance,
    // Safety: with detox first, only detox-capable programs, whatever else the guidance lists.
    detoxOnly: !guidance.iopAllowed,
    requestedMask: guidance.iopAllowed ? maskOf(levelBit, guidance.levels) : DETOX,
    levelOrder,
    levelBits: levelOrder.map(levelBit),
    paymentBit: payment === undefined || payment === 'not_sure' || payment === 'free_or_sliding' ? 0 : paymentBit(payment),
    needsAssistance: payment === 'free_or_sliding',
    military: payment === 'military',
    language: profile.language,
    languageBit: profile.language === undefined ? 0 : index.languageBit(profile.language),
    coOccurring: profile.coOccurring === true,
    origin: location ? { point: geoPoint(location.latitude, location.longitude), latitude: location.latitude, longitude: location.longitude } : undefined,
    state: stateOf(location),
    plan: planSchedule(profile),
    ageMask: profile.ageGroup ? ageBit(profile.ageGroup) : ALL_AGES & ~ageBit('adolescent'),
    interestMask: maskOf(interestBit, profile.interests ?? []),
    wantsAftercare: extras.has('aftercare') || extras.has('relapse_prevention'),
    wantsSoberLiving: extras.has('sober_living'),
    wantsEveningWeekend: extras.has('evening_weekend_tracks'),
    wantsTelehealth: extras.has('telehealth'),
    noTransport: profile.transport === 'none',
    genderBlock: genderBlockOf(profile, ignoreGender),
    medicationBit: profile.medication ? medicationBit(profile.medication) : 0,
    nowMs,
    limit,
  };
}


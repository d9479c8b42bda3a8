import { z } from 'zod';
import type { CareLevel } from '../careLevels.js';
import type { Guidance } from '../guidance/careRules.js';
import { AgeGroup, type AttendanceFormat, type Profile } from '../profile.js';
import { geoPoint, haversineMiles, stateOf, type GeoPoint } from './geo.js';
import { ageBit, interestBit, levelBit, maskOf, MatchIndex, paymentBit, type IndexedProgram, type IndexedTrack } from './matchIndex.js';
import {
  aftercareReason,
  CO_OCCURRING_REASON,
  detoxReason,
  distanceReason,
  interestsReason,
  languageName,
  languageReason,
  levelReason,
  paymentName,
  paymentReason,
  scheduleReason,
  SOBER_LIVING_REASON,
  telehealthReason,
  UNKNOWN_SCHEDULE_REASON,
  VETERANS_REASON,
  verifiedReason,
} from './reasons.js';
import { fitsWithin, planSchedule, type SchedulePlan } from './scheduleFit.js';
import type { IopTrack, Program } from './schema.js';

export const DEFAULT_MAX_DISTANCE_MILES = 25;
export const DEFAULT_LIMIT = 3;
/** Distances tried, in order, when nothing fits nearby. */
export const WIDER_DISTANCES_MILES = [50, 100] as const;

export const MatchOptions = z.strictObject({
  maxDistanceMiles: z.number().positive({ error: 'maxDistanceMiles must be a positive number of miles' }).max(3000).optional(),
  limit: z.number().int().min(1, { error: 'limit must be at least 1' }).max(50, { error: 'limit must be at most 50' }).optional(),
  now: z.date({ error: 'now must be a Date' }).optional(),
});
export type MatchOptions = z.infer<typeof MatchOptions>;

export interface ProgramMatch {
  program: Program;
  /** Higher is a better fit; only meaningful for ordering within one result. */
  score: number;
  /** Great-circle miles from the person, when their location is known. */
  distanceMiles?: number;
  /** IOP tracks that fit, best first. Empty for "call to ask", detox and other levels. */
  fittingTracks: IopTrack[];
  /** Two or three plain-words reasons, most important first. */
  reasons: string[];
}

/** Constraints that may be loosened when nothing fits. The detox-first rule and age group never are. */
export type RelaxedConstraint = 'format' | 'distance' | 'schedule' | 'payment' | 'language';

export interface Relaxation {
  constraint: RelaxedConstraint;
  /** Says what was loosened, in plain words, to show the person. */
  message: string;
}

export interface MatchResult {
  matches: ProgramMatch[];
  /**
   * Every constraint loosened, in the order tried. When matches is still empty,
   * these are the steps that were tried without success.
   */
  relaxed: Relaxation[];
}

export interface Matcher {
  readonly size: number;
  match(profile: Profile, guidance: Guidance, options?: MatchOptions): MatchResult;
}

const IOP = levelBit('intensive_outpatient');
const DETOX = levelBit('detox');
const DAY_MS = 86_400_000;
const ALL_AGES = maskOf(ageBit, AgeGroup.options);

/** What can be loosened; everything else about a query is fixed by the person's answers. */
interface Constraints {
  readonly maxMiles: number;
  readonly format: AttendanceFormat;
  readonly scheduleRelaxed: boolean;
  readonly paymentRelaxed: boolean;
  readonly languageRelaxed: boolean;
}

/** A query compiled once from the answers, so the per-program loop only compares numbers. */
interface Query {
  readonly profile: Profile;
  readonly guidance: Guidance;
  readonly detoxOnly: boolean;
  readonly requestedMask: number;
  readonly levelOrder: readonly CareLevel[];
  readonly origin?: { point: GeoPoint; latitude: number; longitude: number };
  readonly state?: string;
  readonly plan: SchedulePlan;
  /** Age groups the person may join: theirs, or when unknown anything but adolescent-only care. */
  readonly ageMask: number;
  readonly interestMask: number;
  readonly wantsAftercare: boolean;
  readonly wantsSoberLiving: boolean;
  readonly wantsEveningWeekend: boolean;
  readonly wantsTelehealth: boolean;
  readonly noTransport: boolean;
  readonly nowMs: number;
  readonly limit: number;
}

type Kind = 'tracks' | 'unknown_schedule' | 'other_level' | 'detox';

interface Candidate {
  readonly entry: IndexedProgram;
  readonly kind: Kind;
  readonly score: number;
  readonly distance?: number;
  readonly fitting: readonly IndexedTrack[];
  /** The option shown first is telehealth rather than an in-person visit. */
  readonly viaTelehealth: boolean;
  readonly otherLevel?: CareLevel;
}

function compileQuery(profile: Profile, guidance: Guidance, limit: number, nowMs: number): Query {
  const location = profile.location;
  const extras = new Set<string>(guidance.extras);
  return {
    profile,
    guidance,
    // Safety: with detox first, only detox-capable programs, whatever else the guidance lists.
    detoxOnly: !guidance.iopAllowed,
    requestedMask: guidance.iopAllowed ? maskOf(levelBit, guidance.levels) : DETOX,
    levelOrder: guidance.iopAllowed ? guidance.levels : ['detox'],
    ...(location ? { origin: { point: geoPoint(location.latitude, location.longitude), latitude: location.latitude, longitude: location.longitude } } : {}),
    ...(location ? { state: stateOf(location) } : {}),
    plan: planSchedule(profile),
    ageMask: profile.ageGroup ? ageBit(profile.ageGroup) : ALL_AGES & ~ageBit('adolescent'),
    interestMask: maskOf(interestBit, profile.interests ?? []),
    wantsAftercare: extras.has('aftercare') || extras.has('relapse_prevention'),
    wantsSoberLiving: extras.has('sober_living'),
    wantsEveningWeekend: extras.has('evening_weekend_tracks'),
    wantsTelehealth: extras.has('telehealth'),
    noTransport: profile.transport === 'none',
    nowMs,
    limit,
  };
}

const popcount = (n: number): number => {
  let count = 0;
  for (let x = n; x !== 0; x &= x - 1) count++;
  return count;
};

/** Hard filters, then the soft score. Undefined means the program does not fit. */
function evaluate(entry: IndexedProgram, q: Query, c: Constraints): Candidate | undefined {
  const { profile } = q;
  if ((entry.ageMask & q.ageMask) === 0) return undefined;
  if (!c.languageRelaxed && profile.language !== undefined && !entry.languages.includes(profile.language)) return undefined;
  if (!c.paymentRelaxed && profile.payment !== undefined && profile.payment !== 'not_sure') {
    if (profile.payment === 'free_or_sliding' ? !entry.hasAssistance : (entry.paymentMask & paymentBit(profile.payment)) === 0) return undefined;
  }
  const offered = entry.levelMask & q.requestedMask;
  if (offered === 0) return undefined;

  const distance = q.origin ? haversineMiles(q.origin.point, entry.point) : undefined;
  const inReach = distance === undefined || distance <= c.maxMiles;
  // Telehealth only from programs licensed where the person lives (the program's state).
  const licensed = q.state === undefined || entry.state === q.state;
  const inPersonOk = c.format !== 'telehealth';
  const telehealthOk = c.format !== 'in_person';

  let kind: Kind | undefined;
  let fitting: IndexedTrack[] = [];
  let otherLevel: CareLevel | undefined;

  if (q.detoxOnly) {
    // Detox is in person; a telehealth preference must not hide a safe place to start.
    if (!inReach) return undefined;
    kind = 'detox';
  } else {
    if ((offered & IOP) !== 0) {
      if (entry.tracks.length > 0) {
        fitting = fittingTracks(entry, q, c, inReach, licensed, inPersonOk, telehealthOk);
        if (fitting.length > 0) kind = 'tracks';
      } else if ((inPersonOk && inReach) || (telehealthOk && entry.telehealth && licensed)) {
        kind = 'unknown_schedule';
      }
    }
    if (kind === undefined && (offered & ~IOP) !== 0 && inPersonOk && inReach) {
      otherLevel = q.levelOrder.find((l) => l !== 'intensive_outpatient' && (offered & levelBit(l)) !== 0);
      if (otherLevel !== undefined) kind = 'other_level';
    }
  }
  if (kind === undefined) return undefined;

  const inPersonShown = kind === 'tracks' ? fitting.some((t) => !t.telehealth) : inPersonOk && inReach;
  const telehealthShown = kind === 'tracks' ? fitting.some((t) => t.telehealth) : kind === 'unknown_schedule' && telehealthOk && entry.telehealth && licensed;
  const inPersonScore = inPersonShown ? (distance === undefined ? 10 : (q.noTransport ? 30 : 20) * Math.max(0, 1 - distance / c.maxMiles)) : -1;
  const telehealthScore = telehealthShown ? (q.noTransport ? 22 : c.format === 'telehealth' ? 18 : 10) : -1;
  const viaTelehealth = telehealthScore > inPersonScore;
  if (viaTelehealth) fitting.sort(telehealthFirst);

  let score = Math.max(inPersonScore, telehealthScore, 0);
  const rank = q.levelOrder.findIndex((l) => (entry.levelMask & levelBit(l)) !== 0);
  score += [10, 5, 2][rank] ?? 0;
  score += kind === 'tracks' ? 20 + Math.min(4, (fitting.length - 1) * 2) : kind === 'detox' ? 20 : kind === 'other_level' ? 12 : 5;
  if (kind === 'detox' && (entry.levelMask & ~DETOX) !== 0) score += 5; // somewhere to step into after detox
  score += Math.min(18, popcount(entry.interestMask & q.interestMask) * 6);
  if (profile.coOccurring && entry.coOccurring) score += 12;
  score += Math.min(8, entry.aftercareCount * 2) * (q.wantsAftercare ? 2 : 1);
  if (q.wantsSoberLiving && entry.soberLivingReferrals) score += 8;
  if (q.wantsEveningWeekend && fitting.some((t) => t.eveningOrWeekend)) score += 4;
  if (q.wantsTelehealth && telehealthShown) score += 4;
  if (profile.payment === 'military' && entry.veterans) score += 5;
  const ageDays = Math.max(0, (q.nowMs - entry.verifiedMs) / DAY_MS);
  score += 10 * Math.max(0, 1 - ageDays / 730); // fresher listings are more likely to be right

  return { entry, kind, score, ...(distance === undefined ? {} : { distance }), fitting, viaTelehealth, ...(otherLevel ? { otherLevel } : {}) };
}

const telehealthFirst = (a: IndexedTrack, b: IndexedTrack): number => Number(b.telehealth) - Number(a.telehealth) || a.startMinutes - b.startMinutes;
const inPersonFirst = (a: IndexedTrack, b: IndexedTrack): number => Number(a.telehealth) - Number(b.telehealth) || a.startMinutes - b.startMinutes;

function fittingTracks(
  entry: IndexedProgram,
  q: Query,
  c: Constraints,
  inReach: boolean,
  licensed: boolean,
  inPersonOk: boolean,
  telehealthOk: boolean,
): IndexedTrack[] {
  const fit: IndexedTrack[] = [];
  let inPersonCount = 0;
  for (const t of entry.tracks) {
    if (t.ageMask !== 0 && (t.ageMask & q.ageMask) === 0) continue;
    if (t.telehealth ? !(telehealthOk && licensed) : !(inPersonOk && inReach)) continue;
    if (!c.scheduleRelaxed && !fitsWithin(t.mask, t.telehealth ? q.plan.telehealth : q.plan.inPerson)) continue;
    fit.push(t);
    if (!t.telehealth) inPersonCount++;
  }
  // A rotating shift needs telehealth or more than one in-person time to switch between.
  const usable = q.plan.rotating && !c.scheduleRelaxed && inPersonCount < 2 ? fit.filter((t) => t.telehealth) : fit;
  return usable.sort(inPersonFirst);
}

/** Best first: score, then nearer, then id so equal programs keep a stable order. */
function better(a: Candidate, b: Candidate): boolean {
  if (a.score !== b.score) return a.score > b.score;
  const da = a.distance ?? Infinity;
  const db = b.distance ?? Infinity;
  if (da !== db) return da < db;
  return a.entry.program.id < b.entry.program.id;
}

function insertTop(top: Candidate[], candidate: Candidate, limit: number): void {
  if (top.length === limit && !better(candidate, top[limit - 1] as Candidate)) return;
  let i = top.length;
  while (i > 0 && better(candidate, top[i - 1] as Candidate)) i--;
  top.splice(i, 0, candidate);
  if (top.length > limit) top.pop();
}

function buildReasons(candidate: Candidate, q: Query, c: Constraints): string[] {
  const { entry, kind, fitting, distance } = candidate;
  const program = entry.program;
  const { profile } = q;
  const first = fitting[0];
  const lead =
    kind === 'detox'
      ? detoxReason(program)
      : kind === 'tracks' && first
        ? scheduleReason(first.track, q.plan.situation, { relaxed: c.scheduleRelaxed, trackChoices: fitting.length })
        : kind === 'other_level' && candidate.otherLevel
          ? levelReason(candidate.otherLevel)
          : UNKNOWN_SCHEDULE_REASON;
  // A telehealth track already says where; otherwise say how far, or that it is telehealth.
  const where =
    kind === 'tracks' && first?.telehealth
      ? q.noTransport
        ? telehealthReason(true)
        : undefined
      : candidate.viaTelehealth
        ? telehealthReason(q.noTransport)
        : distance !== undefined
          ? distanceReason(distance)
          : undefined;
  const matchedInterests = (profile.interests ?? []).filter((i) => (entry.interestMask & interestBit(i)) !== 0);
  const candidates = [
    lead,
    where,
    // Needs the person named come first, then payment, then preferences.
    !c.languageRelaxed && profile.language && profile.language !== 'en' ? languageReason(profile.language) : undefined,
    profile.coOccurring && entry.coOccurring ? CO_OCCURRING_REASON : undefined,
    q.wantsSoberLiving && entry.soberLivingReferrals ? SOBER_LIVING_REASON : undefined,
    c.paymentRelaxed ? undefined : paymentReason(profile.payment, program),
    matchedInterests.length > 0 ? interestsReason(matchedInterests) : undefined,
    q.wantsAftercare ? aftercareReason(program) : undefined,
    profile.payment === 'military' && entry.veterans ? VETERANS_REASON : undefined,
  ].filter((r): r is string => r !== undefined);
  // Always at least two reasons; fill from general facts when the answers were few.
  const fillers = [aftercareReason(program), verifiedReason(program.lastVerified)].filter((r): r is string => r !== undefined);
  for (const f of fillers) if (candidates.length < 2 && !candidates.includes(f)) candidates.push(f);
  return candidates.slice(0, 3);
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

function toMatch(candidate: Candidate, q: Query, c: Constraints): ProgramMatch {
  return {
    program: candidate.entry.program,
    score: round1(candidate.score),
    ...(candidate.distance === undefined ? {} : { distanceMiles: round1(candidate.distance) }),
    fittingTracks: candidate.fitting.map((t) => t.track),
    reasons: buildReasons(candidate, q, c),
  };
}

/** Finds the best `limit` programs under one set of constraints. */
function search(index: MatchIndex, seen: Uint32Array, stamp: number, q: Query, c: Constraints): Candidate[] {
  const top: Candidate[] = [];
  const consider = (i: number): void => {
    if (seen[i] === stamp) return;
    seen[i] = stamp;
    const entry = index.programs[i];
    if (!entry) return;
    const candidate = evaluate(entry, q, c);
    if (candidate) insertTop(top, candidate, q.limit);
  };
  if (!q.origin) {
    // No location: nothing to narrow by place, so every program is a candidate.
    for (let i = 0; i < index.programs.length; i++) consider(i);
    return top;
  }
  index.grid.forEachNear(q.origin.latitude, q.origin.longitude, c.maxMiles, consider);
  if (!q.detoxOnly && c.format !== 'in_person') {
    const remote = q.state === undefined ? index.telehealthAll : (index.telehealthByState.get(q.state) ?? []);
    for (const i of remote) consider(i);
  }
  return top;
}

interface RelaxStep {
  readonly constraint: RelaxedConstraint;
  /** The loosened constraints, or undefined when this step does not apply to this query. */
  readonly relax: (c: Constraints, q: Query) => Constraints | undefined;
  readonly message: (before: Constraints, after: Constraints, q: Query) => string;
}

/** Loosened one at a time, in this order, only while nothing fits. */
const RELAX_STEPS: readonly RelaxStep[] = [
  {
    constraint: 'format',
    relax: (c, q) => (!q.detoxOnly && c.format !== 'either' ? { ...c, format: 'either' } : undefined),
    message: (before) =>
      before.format === 'in_person'
        ? `None of the in-person programs within ${before.maxMiles} miles fit, so I've added telehealth programs you can join from home.`
        : `I couldn't find a telehealth program that fits, so I've added in-person programs within ${before.maxMiles} miles.`,
  },
  ...WIDER_DISTANCES_MILES.map(
    (miles): RelaxStep => ({
      constraint: 'distance',
      relax: (c, q) => (q.origin && c.maxMiles < miles ? { ...c, maxMiles: miles } : undefined),
      message: (before, after) => `Nothing fit within ${before.maxMiles} miles, so I looked up to ${after.maxMiles} miles away.`,
    }),
  ),
  {
    constraint: 'schedule',
    relax: (c, q) => (!q.detoxOnly && !c.scheduleRelaxed && q.plan.situation !== 'none' ? { ...c, scheduleRelaxed: true } : undefined),
    message: () => "I couldn't find group times that clearly fit your week, so these may need a conversation. It's worth calling to ask about other times.",
  },
  {
    constraint: 'payment',
    relax: (c, q) => (!c.paymentRelaxed && q.profile.payment !== undefined && q.profile.payment !== 'not_sure' ? { ...c, paymentRelaxed: true } : undefined),
    message: (_b, _a, q) =>
      `I couldn't find a match that lists ${paymentName(q.profile.payment ?? 'not_sure')}, so these may not. Please ask each program about payment options and help with costs.`,
  },
  {
    constraint: 'language',
    relax: (c, q) => (!c.languageRelaxed && q.profile.language !== undefined ? { ...c, languageRelaxed: true } : undefined),
    message: (_b, _a, q) =>
      `I couldn't find a program that lists services in ${languageName(q.profile.language ?? 'en')}. It's worth asking these programs whether they offer an interpreter.`,
  },
];

/**
 * Builds the index once per catalog version; match() then ranks in well under 10 ms
 * for 50,000 programs. Rebuild (create a new matcher) when the catalog changes.
 */
export function createMatcher(programs: readonly Program[]): Matcher {
  const index = new MatchIndex(programs);
  const seen = new Uint32Array(index.programs.length);
  let stamp = 0;

  return {
    size: index.programs.length,
    match(profile: Profile, guidance: Guidance, options: MatchOptions = {}): MatchResult {
      const parsed = MatchOptions.safeParse(options);
      if (!parsed.success) throw new TypeError(`Invalid match options: ${z.prettifyError(parsed.error)}`);
      const opts = parsed.data;
      const q = compileQuery(profile, guidance, opts.limit ?? DEFAULT_LIMIT, (opts.now ?? new Date()).getTime());
      let constraints: Constraints = {
        maxMiles: opts.maxDistanceMiles ?? DEFAULT_MAX_DISTANCE_MILES,
        format: profile.format ?? 'either',
        scheduleRelaxed: false,
        paymentRelaxed: false,
        languageRelaxed: false,
      };
      const relaxed: Relaxation[] = [];
      const run = (): Candidate[] => {
        stamp = (stamp + 1) >>> 0 || 1; // the seen-array trick needs a fresh non-zero stamp per search
        if (stamp === 1) seen.fill(0);
        return search(index, seen, stamp, q, constraints);
      };

      let top = run();
      for (const step of RELAX_STEPS) {
        if (top.length > 0) break;
        const next = step.relax(constraints, q);
        if (next === undefined) continue;
        relaxed.push({ constraint: step.constraint, message: step.message(constraints, next, q) });
        constraints = next;
        top = run();
      }
      const final = constraints;
      return { matches: top.map((cand) => toMatch(cand, q, final)), relaxed };
    },
  };
}

/** One-off convenience; builds the index each call. Use createMatcher for repeated queries. */
export function matchPrograms(programs: readonly Program[], profile: Profile, guidance: Guidance, options?: MatchOptions): MatchResult {
  return createMatcher(programs).match(profile, guidance, options);
}

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
/** Bonus for offering the first, second or third level the guidance lists. */
const LEVEL_RANK_BONUS = [10, 5, 2] as const;

/** Location part of the score: in person scales with closeness; telehealth is a flat amount. */
const inPersonLocationScore = (q: Query, distance: number | undefined, maxMiles: number): number =>
  distance === undefined ? 10 : (q.noTransport ? 30 : 20) * Math.max(0, 1 - distance / maxMiles);
const telehealthLocationScore = (q: Query, format: AttendanceFormat): number => (q.noTransport ? 22 : format === 'telehealth' ? 18 : 10);

/** The most the location and extras can add under these constraints; bounds the score before costly checks. */
function dynamicScoreMax(q: Query, c: Constraints): number {
  const inPerson = c.format === 'telehealth' && !q.detoxOnly ? 0 : inPersonLocationScore(q, q.origin ? 0 : undefined, c.maxMiles);
  const telehealth = c.format === 'in_person' || q.detoxOnly ? 0 : telehealthLocationScore(q, c.format);
  return Math.max(inPerson, telehealth) + (q.wantsEveningWeekend ? 4 : 0) + (q.wantsTelehealth ? 4 : 0);
}

/** What can be loosened; everything else about a query is fixed by the person's answers. */
interface Constraints {
  readonly maxMiles: number;
  readonly format: AttendanceFormat;
  readonly scheduleRelaxed: boolean;
  readonly paymentRelaxed: boolean;
  readonly languageRelaxed: boolean;
}

/**
 * A query compiled once from the answers, so the per-program loop only compares numbers.
 * Every field is always present (no optional keys): one object shape keeps the hot loop fast.
 */
interface Query {
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
    nowMs,
    limit,
  };
}

const popcount = (n: number): number => {
  let count = 0;
  for (let x = n; x !== 0; x &= x - 1) count++;
  return count;
};

/** Best first: score, then nearer, then id so equal programs keep a stable order. */
function better(score: number, distance: number, id: string, than: Candidate): boolean {
  if (score !== than.score) return score > than.score;
  const other = than.distance ?? Infinity;
  if (distance !== other) return distance < other;
  return id < than.entry.id;
}

/** Keeps the best `limit` candidates, sorted. */
class TopK {
  readonly items: Candidate[] = [];
  constructor(private readonly limit: number) {}

  /** False when a program scoring at most `bound` cannot enter (ties may, so strictly below). */
  couldAdmit(bound: number): boolean {
    const worst = this.items[this.limit - 1];
    return worst === undefined || bound >= worst.score;
  }

  /** Cheap test before building a candidate, so most programs cost no allocation. */
  admits(score: number, distance: number, id: string): boolean {
    const worst = this.items[this.limit - 1];
    return worst === undefined || better(score, distance, id, worst);
  }

  insert(candidate: Candidate): void {
    const distance = candidate.distance ?? Infinity;
    const id = candidate.entry.id;
    let i = this.items.length;
    while (i > 0 && better(candidate.score, distance, id, this.items[i - 1] as Candidate)) i--;
    this.items.splice(i, 0, candidate);
    if (this.items.length > this.limit) this.items.pop();
  }
}

/**
 * Hard filters, then the soft score; adds the program to `top` if it ranks.
 * Runs for every nearby program, so it avoids allocating until a program makes the cut.
 */
function evaluate(entry: IndexedProgram, q: Query, c: Constraints, top: TopK, scratch: TrackBuffer, dynamicMax: number): void {
  if ((entry.ageMask & q.ageMask) === 0) return;
  if (!c.languageRelaxed && q.language !== undefined && !entry.languages.includes(q.language)) return;
  if (!c.paymentRelaxed) {
    if (q.needsAssistance && !entry.hasAssistance) return;
    if (q.paymentBit !== 0 && (entry.paymentMask & q.paymentBit) === 0) return;
  }
  const offered = entry.levelMask & q.requestedMask;
  if (offered === 0) return;

  // Skip the costly part (distance, track times) when even a perfect fit could not rank.
  let levelBonus = 0;
  for (let r = 0; r < q.levelBits.length; r++) {
    if ((entry.levelMask & (q.levelBits[r] ?? 0)) !== 0) {
      levelBonus = LEVEL_RANK_BONUS[r] ?? 0;
      break;
    }
  }
  const recency = 10 * Math.max(0, 1 - Math.max(0, (q.nowMs - entry.verifiedMs) / DAY_MS) / 730); // fresher listings are more likely to be right
  const staticScore =
    levelBonus +
    Math.min(18, popcount(entry.interestMask & q.interestMask) * 6) +
    (q.coOccurring && entry.coOccurring ? 12 : 0) +
    Math.min(8, entry.aftercareCount * 2) * (q.wantsAftercare ? 2 : 1) +
    (q.wantsSoberLiving && entry.soberLivingReferrals ? 8 : 0) +
    (q.military && entry.veterans ? 5 : 0) +
    recency;
  const scheduleMax = q.detoxOnly ? 25 : entry.scheduleScoreMax;
  if (!top.couldAdmit(staticScore + scheduleMax + dynamicMax)) return;

  const distance = q.origin ? haversineMiles(q.origin.point, entry.point) : undefined;
  const inReach = distance === undefined || distance <= c.maxMiles;
  // Telehealth only from programs licensed where the person lives (the program's state).
  const licensed = q.state === undefined || entry.state === q.state;
  const inPersonOk = c.format !== 'telehealth';
  const telehealthOk = c.format !== 'in_person';

  let kind: Kind | undefined;
  scratch.count = 0;
  if (q.detoxOnly) {
    // Detox is in person; a telehealth preference must not hide a safe place to start.
    if (!inReach) return;
    kind = 'detox';
  } else {
    if ((offered & IOP) !== 0) {
      if (entry.tracks.length > 0) {
        collectFittingTracks(entry, q, c, inReach && inPersonOk, licensed && telehealthOk, scratch);
        if (scratch.count > 0) kind = 'tracks';
      } else if ((inPersonOk && inReach) || (telehealthOk && entry.telehealth && licensed)) {
        kind = 'unknown_schedule';
      }
    }
    if (kind === undefined && (offered & ~IOP) !== 0 && inPersonOk && inReach) kind = 'other_level';
  }
  if (kind === undefined) return;

  let anyInPerson = false;
  let anyTelehealth = false;
  let anyEveningWeekend = false;
  for (let i = 0; i < scratch.count; i++) {
    const t = scratch.items[i] as IndexedTrack;
    if (t.telehealth) anyTelehealth = true;
    else anyInPerson = true;
    if (t.eveningOrWeekend) anyEveningWeekend = true;
  }
  const inPersonShown = kind === 'tracks' ? anyInPerson : inPersonOk && inReach;
  const telehealthShown = kind === 'tracks' ? anyTelehealth : kind === 'unknown_schedule' && telehealthOk && entry.telehealth && licensed;
  const inPersonScore = inPersonShown ? inPersonLocationScore(q, distance, c.maxMiles) : -1;
  const telehealthScore = telehealthShown ? telehealthLocationScore(q, c.format) : -1;

  let score = Math.max(inPersonScore, telehealthScore, 0) + staticScore;
  score += kind === 'tracks' ? 20 + Math.min(4, (scratch.count - 1) * 2) : kind === 'detox' ? 20 : kind === 'other_level' ? 12 : 5;
  if (kind === 'detox' && (entry.levelMask & ~DETOX) !== 0) score += 5; // somewhere to step into after detox
  if (q.wantsEveningWeekend && anyEveningWeekend) score += 4;
  if (q.wantsTelehealth && telehealthShown) score += 4;

  if (!top.admits(score, distance ?? Infinity, entry.id)) return;
  const viaTelehealth = telehealthScore > inPersonScore;
  const fitting = scratch.toArray().sort(viaTelehealth ? telehealthFirst : inPersonFirst);
  const otherLevel = kind === 'other_level' ? q.levelOrder.find((l) => l !== 'intensive_outpatient' && (offered & levelBit(l)) !== 0) : undefined;
  top.insert({ entry, kind, score, ...(distance === undefined ? {} : { distance }), fitting, viaTelehealth, ...(otherLevel ? { otherLevel } : {}) });
}

/** Reused per search: the tracks that fit the program being looked at. */
class TrackBuffer {
  readonly items: IndexedTrack[] = [];
  count = 0;
  push(t: IndexedTrack): void {
    this.items[this.count++] = t;
  }
  toArray(): IndexedTrack[] {
    return this.items.slice(0, this.count);
  }
}

const telehealthFirst = (a: IndexedTrack, b: IndexedTrack): number => Number(b.telehealth) - Number(a.telehealth) || a.startMinutes - b.startMinutes;
const inPersonFirst = (a: IndexedTrack, b: IndexedTrack): number => Number(a.telehealth) - Number(b.telehealth) || a.startMinutes - b.startMinutes;

/** Fills `out` with the tracks the person could attend. */
function collectFittingTracks(entry: IndexedProgram, q: Query, c: Constraints, inPersonReachable: boolean, telehealthReachable: boolean, out: TrackBuffer): void {
  const checkTimes = !c.scheduleRelaxed && !q.plan.unconstrained;
  let inPersonCount = 0;
  for (const t of entry.tracks) {
    if (t.ageMask !== 0 && (t.ageMask & q.ageMask) === 0) continue;
    if (t.telehealth ? !telehealthReachable : !inPersonReachable) continue;
    if (checkTimes && !fitsWithin(t.mask, t.telehealth ? q.plan.telehealth : q.plan.inPerson)) continue;
    out.push(t);
    if (!t.telehealth) inPersonCount++;
  }
  // A rotating shift needs telehealth or more than one in-person time to switch between.
  if (q.plan.rotating && !c.scheduleRelaxed && inPersonCount === 1) {
    let keep = 0;
    for (let i = 0; i < out.count; i++) {
      const t = out.items[i] as IndexedTrack;
      if (t.telehealth) out.items[keep++] = t;
    }
    out.count = keep;
  }
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
  const top = new TopK(q.limit);
  const scratch = new TrackBuffer();
  const programs = index.programs;
  const dynamicMax = dynamicScoreMax(q, c);
  if (!q.origin) {
    // No location: nothing to narrow by place, so every program (or every detox program) is a candidate.
    if (q.detoxOnly) for (const i of index.detox) evaluate(programs[i] as IndexedProgram, q, c, top, scratch, dynamicMax);
    else for (const entry of programs) evaluate(entry, q, c, top, scratch, dynamicMax);
    return top.items;
  }
  const consider = (i: number): void => {
    if (seen[i] === stamp) return;
    seen[i] = stamp;
    evaluate(programs[i] as IndexedProgram, q, c, top, scratch, dynamicMax);
  };
  index.grid.forEachNear(q.origin.latitude, q.origin.longitude, c.maxMiles, consider);
  if (!q.detoxOnly && c.format !== 'in_person') {
    const remote = q.state === undefined ? index.telehealthAll : (index.telehealthByState.get(q.state) ?? []);
    for (const i of remote) consider(i);
  }
  return top.items;
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

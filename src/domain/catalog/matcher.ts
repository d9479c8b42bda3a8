import { z } from 'zod';
import type { Guidance } from '../guidance/careRules.js';
import type { Profile } from '../profile/profile.js';
import { interestBit, MatchIndex } from './matchIndex.js';
import { compileQuery, NO_CAR_REACH_MILES, type Constraints, type Query } from './matchQuery.js';
import { dynamicScoreMax, evaluate, TopK, TrackBuffer, type Candidate } from './matchScore.js';
import {
  aftercareReason,
  detoxReason,
  distanceReason,
  interestsReason,
  languageReason,
  languageName,
  levelReason,
  medicationName,
  medicationReason,
  paymentName,
  paymentReason,
  scheduleReason,
  scheduleSaysFromHome,
  type ReasonTexts,
  telehealthReason,
  verifiedReason,
} from './reasons.js';
import { RELAX_STEPS, type RelaxationNote, type RelaxedConstraint } from './relaxation.js';
import type { IopTrack, Program } from './schema.js';

export { WIDER_DISTANCES_MILES, type RelaxedConstraint } from './relaxation.js';

export const DEFAULT_MAX_DISTANCE_MILES = 25;
export const DEFAULT_LIMIT = 3;

export const MatchOptions = z.strictObject({
  maxDistanceMiles: z.number().positive({ error: 'maxDistanceMiles must be a positive number of miles' }).max(3000).optional(),
  limit: z.number().int().min(1, { error: 'limit must be at least 1' }).max(50, { error: 'limit must be at most 50' }).optional(),
  now: z.date({ error: 'now must be a Date' }).optional(),
  /** Leave men's and women's programs in (to learn whether asking someone's gender would change anything). */
  ignoreGender: z.boolean().optional(),
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
  /**
   * What the program does not list of what the person asked for (a payment, a medication, a
   * language), said plainly on its card; only ever set after that constraint was loosened.
   */
  caveats?: Caveat[];
}

/** A key of data/results.json "caveats", with its values. */
export interface Caveat {
  readonly key: 'paymentNotListed' | 'medicationNotListed' | 'languageNotListed';
  readonly values: Readonly<Record<string, string>>;
}

export interface Relaxation {
  constraint: RelaxedConstraint;
  /** What was loosened, for the person: a key of data/messages.json "relaxed" and its values. */
  note: RelaxationNote;
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
  /**
   * `words`: the texts the reasons, notes and caveats are written in (one locale's
   * data/messages.json "reasons"). Without them the matches carry no reasons or caveats and
   * the notes no names: for callers that only ask which programs there are.
   */
  match(profile: Profile, guidance: Guidance, options?: MatchOptions, words?: ReasonTexts): MatchResult;
}

function buildReasons(candidate: Candidate, q: Query, c: Constraints, words: ReasonTexts): string[] {
  const { entry, kind, fitting, distance } = candidate;
  const program = entry.program;
  const { profile } = q;
  const first = fitting[0];
  const lead =
    kind === 'detox'
      ? detoxReason(program, words)
      : kind === 'tracks' && first
        ? scheduleReason(first.track, q.plan.situation, { relaxed: c.scheduleRelaxed, trackChoices: fitting.length }, words)
        : kind === 'other_level' && candidate.otherLevel
          ? levelReason(candidate.otherLevel, words)
          : words.unknownSchedule;
  const leadSaysFromHome = kind === 'tracks' && first !== undefined && scheduleSaysFromHome(first.track, q.plan.situation, { relaxed: c.scheduleRelaxed });
  // A telehealth track already says where; otherwise say how far, or that it is telehealth.
  const where =
    kind === 'tracks' && first?.telehealth
      ? q.noTransport && !leadSaysFromHome
        ? telehealthReason(true, words)
        : undefined
      : candidate.viaTelehealth
        ? telehealthReason(q.noTransport, words)
        : distance !== undefined
          ? distanceReason(distance, words)
          : undefined;
  const matchedInterests = (profile.interests ?? []).filter((i) => (entry.interestMask & interestBit(i)) !== 0);
  const candidates = [
    lead,
    where,
    // Needs the person named come first, then payment, then preferences.
    !c.languageRelaxed && profile.language && profile.language !== 'en' ? languageReason(profile.language, words) : undefined,
    profile.medication && program.medications.includes(profile.medication) ? medicationReason(profile.medication, words) : undefined,
    profile.coOccurring && entry.coOccurring ? words.coOccurring : undefined,
    q.wantsSoberLiving && entry.soberLivingReferrals ? words.soberLiving : undefined,
    c.paymentRelaxed ? undefined : paymentReason(profile.payment, program, words),
    matchedInterests.length > 0 ? interestsReason(matchedInterests, words) : undefined,
    q.wantsAftercare ? aftercareReason(program, words) : undefined,
    profile.payment === 'military' && entry.veterans ? words.veterans : undefined,
  ].filter((r): r is string => r !== undefined);
  // Always at least two reasons; fill from general facts when the answers were few.
  const fillers = [aftercareReason(program, words), verifiedReason(program.lastVerified, words)].filter((r): r is string => r !== undefined);
  for (const f of fillers) if (candidates.length < 2 && !candidates.includes(f)) candidates.push(f);
  return candidates.slice(0, 3);
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

function toMatch(candidate: Candidate, q: Query, c: Constraints, words: ReasonTexts | undefined): ProgramMatch {
  return {
    program: candidate.entry.program,
    score: round1(candidate.score),
    ...(candidate.distance === undefined ? {} : { distanceMiles: round1(candidate.distance) }),
    fittingTracks: candidate.fitting.map((t) => t.track),
    reasons: words ? buildReasons(candidate, q, c, words) : [],
    caveats: words ? caveatsOf(candidate.entry.program, q.profile, c, words) : [],
  };
}

/** What was asked for and this program does not list, once that constraint had to be loosened. */
function caveatsOf(program: Program, profile: Profile, c: Constraints, words: ReasonTexts): Caveat[] {
  const out: Caveat[] = [];
  const payment = profile.payment;
  if (c.paymentRelaxed && payment !== undefined && payment !== 'not_sure' && paymentReason(payment, program, words) === undefined) {
    out.push({ key: 'paymentNotListed', values: { payment: paymentName(payment, words) } });
  }
  if (c.medicationRelaxed && profile.medication && !program.medications.includes(profile.medication)) {
    out.push({ key: 'medicationNotListed', values: { medication: medicationName(profile.medication, words) } });
  }
  if (c.languageRelaxed && profile.language && !program.languages.includes(profile.language)) {
    out.push({ key: 'languageNotListed', values: { language: languageName(profile.language, words) } });
  }
  return out;
}

/** The constraints with one loosening undone. */
function restore(c: Constraints, initial: Constraints, constraint: RelaxedConstraint): Constraints {
  switch (constraint) {
    case 'format':
      return { ...c, format: initial.format };
    case 'distance':
      return { ...c, maxMiles: initial.maxMiles };
    case 'schedule':
      return { ...c, scheduleRelaxed: false };
    case 'payment':
      return { ...c, paymentRelaxed: false };
    case 'medication':
      return { ...c, medicationRelaxed: false };
    case 'language':
      return { ...c, languageRelaxed: false };
  }
}

/** Finds the best `limit` programs under one set of constraints. */
function search(index: MatchIndex, seen: Uint32Array, stamp: number, q: Query, c: Constraints): Candidate[] {
  const top = new TopK(q.limit);
  const scratch = new TrackBuffer();
  const dynamicMax = dynamicScoreMax(q, c);
  if (!q.origin) {
    // No location: nothing to narrow by place, so every program (or every detox program) is a candidate.
    if (q.detoxOnly) for (const i of index.detox) evaluate(index, i, q, c, top, scratch, dynamicMax);
    else for (let i = 0; i < index.programs.length; i++) evaluate(index, i, q, c, top, scratch, dynamicMax);
    return top.items;
  }
  const consider = (i: number): void => {
    if (seen[i] === stamp) return;
    seen[i] = stamp;
    evaluate(index, i, q, c, top, scratch, dynamicMax);
  };
  index.grid.forEachNear(q.origin.latitude, q.origin.longitude, c.maxMiles, consider);
  if (!q.detoxOnly && c.format !== 'in_person') {
    const remote = q.state === undefined ? index.telehealthAll : (index.telehealthByState.get(q.state) ?? []);
    for (const i of remote) consider(i);
  }
  return top.items;
}

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
    match(profile: Profile, guidance: Guidance, options: MatchOptions = {}, words?: ReasonTexts): MatchResult {
      const parsed = MatchOptions.safeParse(options);
      if (!parsed.success) throw new TypeError(`Invalid match options: ${z.prettifyError(parsed.error)}`);
      const opts = parsed.data;
      const q = compileQuery(index, profile, guidance, opts.limit ?? DEFAULT_LIMIT, (opts.now ?? new Date()).getTime(), opts.ignoreGender ?? false);
      const maxMiles = opts.maxDistanceMiles ?? DEFAULT_MAX_DISTANCE_MILES;
      let constraints: Constraints = {
        // In person only within reach without a car; detox keeps its distance, safety before comfort.
        maxMiles: q.noTransport && !q.detoxOnly ? Math.min(maxMiles, NO_CAR_REACH_MILES) : maxMiles,
        format: profile.format ?? 'either',
        scheduleRelaxed: false,
        paymentRelaxed: false,
        languageRelaxed: false,
        medicationRelaxed: false,
      };
      const initial = constraints;
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
        relaxed.push({ constraint: step.constraint, note: step.note(constraints, next, q, words) });
        constraints = next;
        top = run();
      }
      // Keep only the loosening that was needed: a wider radius tried on the way to dropping the
      // payment filter is put back, so no note says "nothing within 25 miles" above a program 2 miles away.
      if (top.length > 0 && relaxed.length > 1) {
        for (let i = relaxed.length - 2; i >= 0; i--) {
          const step = relaxed[i] as Relaxation;
          const tighter = restore(constraints, initial, step.constraint);
          const saved = constraints;
          constraints = tighter;
          const again = run();
          if (again.length > 0) {
            top = again;
            relaxed.splice(i, 1);
          } else constraints = saved;
        }
        if (relaxed.some((r) => r.constraint === 'distance')) {
          // The note names the distance actually used.
          const wider = relaxed.filter((r) => r.constraint === 'distance');
          const kept = wider.at(-1) as Relaxation;
          const from = initial.maxMiles;
          relaxed.splice(0, relaxed.length, ...relaxed.filter((r) => r.constraint !== 'distance' || r === kept));
          kept.note = { key: kept.note.key, values: { ...kept.note.values, from } };
        }
        // `top` is already the search under the constraints kept (each failed undo restored them).
      }
      const final = constraints;
      return { matches: top.map((cand) => toMatch(cand, q, final, words)), relaxed };
    },
  };
}

/** One-off convenience; builds the index each call. Use createMatcher for repeated queries. */
export function matchPrograms(programs: readonly Program[], profile: Profile, guidance: Guidance, options?: MatchOptions, words?: ReasonTexts): MatchResult {
  return createMatcher(programs).match(profile, guidance, options, words);
}

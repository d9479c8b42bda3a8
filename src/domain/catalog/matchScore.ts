import type { CareLevel } from '../profile/careLevels.js';
import type { AttendanceFormat } from '../profile/profile.js';
import { haversineMiles } from './geo.js';
import {
  FLAG_ASSISTANCE,
  FLAG_CO_OCCURRING,
  FLAG_SOBER_LIVING,
  FLAG_VETERANS,
  LANGUAGE_OVERFLOW,
  levelBit,
  type IndexedProgram,
  type IndexedTrack,
  type MatchIndex,
} from './matchIndex.js';
import { DETOX, type Constraints, type Query } from './matchQuery.js';
import { fitsWithin } from './scheduleFit.js';

/**
 * Hard filters and the soft score for one program. This runs for every nearby program
 * on every query, so it works on precomputed numbers and allocates only for programs
 * that make the top list.
 */

const IOP = levelBit('intensive_outpatient');
const DAY_MS = 86_400_000;
/** Bonus for offering the first, second or third level the guidance lists. */
const LEVEL_RANK_BONUS = [10, 5, 2] as const;

export type Kind = 'tracks' | 'unknown_schedule' | 'other_level' | 'detox';

export interface Candidate {
  readonly entry: IndexedProgram;
  readonly kind: Kind;
  readonly score: number;
  readonly distance?: number;
  readonly fitting: readonly IndexedTrack[];
  /** The option shown first is telehealth rather than an in-person visit. */
  readonly viaTelehealth: boolean;
  readonly otherLevel?: CareLevel;
}

/** Location part of the score: in person scales with closeness; telehealth is a flat amount. */
const inPersonLocationScore = (q: Query, distance: number | undefined, maxMiles: number): number =>
  // Without a car a program within reach still ranks below telehealth (at most 20 against 22).
  distance === undefined ? 10 : 20 * Math.max(0, 1 - distance / maxMiles);
const telehealthLocationScore = (q: Query, format: AttendanceFormat): number => (q.noTransport ? 22 : format === 'telehealth' ? 18 : 10);

/** The most the location and extras can add under these constraints; bounds the score before costly checks. */
export function dynamicScoreMax(q: Query, c: Constraints): number {
  const inPerson = c.format === 'telehealth' && !q.detoxOnly ? 0 : inPersonLocationScore(q, q.origin ? 0 : undefined, c.maxMiles);
  const telehealth = c.format === 'in_person' || q.detoxOnly ? 0 : telehealthLocationScore(q, c.format);
  return Math.max(inPerson, telehealth) + (q.wantsEveningWeekend ? 4 : 0) + (q.wantsTelehealth ? 4 : 0);
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
export class TopK {
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
export function evaluate(index: MatchIndex, i: number, q: Query, c: Constraints, top: TopK, scratch: TrackBuffer, dynamicMax: number): void {
  const col = index.columns;
  // Cheap filters on the columns first; most programs stop here.
  if (((col.age[i] as number) & q.ageMask) === 0) return;
  if (((col.flags[i] as number) & q.genderBlock) !== 0) return;
  if (!c.medicationRelaxed && q.medicationBit !== 0 && ((col.medication[i] as number) & q.medicationBit) === 0) return;
  const offered = (col.level[i] as number) & q.requestedMask;
  if (offered === 0) return;
  const flags = col.flags[i] as number;
  if (!c.paymentRelaxed) {
    if (q.needsAssistance && (flags & FLAG_ASSISTANCE) === 0) return;
    if (q.paymentBit !== 0 && ((col.payment[i] as number) & q.paymentBit) === 0) return;
  }
  if (!c.languageRelaxed && q.languageBit !== 0) {
    const languages = col.language[i] as number;
    if ((languages & q.languageBit) === 0) return;
    if (q.languageBit === LANGUAGE_OVERFLOW && !(index.programs[i] as IndexedProgram).languages.includes(q.language ?? '')) return;
  }

  // Skip the costly part (distance, track times) when even a perfect fit could not rank.
  const levelMask = col.level[i] as number;
  let levelBonus = 0;
  for (let r = 0; r < q.levelBits.length; r++) {
    if ((levelMask & (q.levelBits[r] ?? 0)) !== 0) {
      levelBonus = LEVEL_RANK_BONUS[r] ?? 0;
      break;
    }
  }
  const ageDays = Math.max(0, (q.nowMs - (col.verifiedMs[i] as number)) / DAY_MS);
  const recency = 10 * Math.max(0, 1 - ageDays / 730); // fresher listings are more likely to be right
  const staticScore =
    levelBonus +
    Math.min(18, popcount((col.interest[i] as number) & q.interestMask) * 6) +
    (q.coOccurring && (flags & FLAG_CO_OCCURRING) !== 0 ? 12 : 0) +
    Math.min(8, (col.aftercareCount[i] as number) * 2) * (q.wantsAftercare ? 2 : 1) +
    (q.wantsSoberLiving && (flags & FLAG_SOBER_LIVING) !== 0 ? 8 : 0) +
    (q.military && (flags & FLAG_VETERANS) !== 0 ? 5 : 0) +
    recency;
  const scheduleMax = q.detoxOnly ? 25 : (col.scheduleScoreMax[i] as number);
  if (!top.couldAdmit(staticScore + scheduleMax + dynamicMax)) return;

  const entry = index.programs[i] as IndexedProgram;
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
export class TrackBuffer {
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


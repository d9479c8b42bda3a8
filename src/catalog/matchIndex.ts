import { CareLevel } from '../careLevels.js';
import { AgeGroup, Interest } from '../profile.js';
import { GeoGrid, geoPoint, type GeoPoint } from './geo.js';
import { trackMask, minutesOf, type SparseMask } from './scheduleFit.js';
import { PaymentAccepted, type IopTrack, type Program } from './schema.js';

/**
 * Everything about a program the matcher tests, computed once per catalog version:
 * enums become bit masks, tracks become week masks, and programs are bucketed by
 * map cell and (for telehealth) by state, so a query only looks at programs that could fit.
 */

export const bitOf = <T extends string>(values: readonly T[]): ((value: T) => number) => {
  const bits = new Map(values.map((v, i) => [v, 1 << i]));
  return (value) => bits.get(value) ?? 0;
};
export const maskOf = <T extends string>(bit: (value: T) => number, values: readonly T[]): number =>
  values.reduce((mask, v) => mask | bit(v), 0);

export const levelBit = bitOf(CareLevel.options);
export const paymentBit = bitOf(PaymentAccepted.options);
export const ageBit = bitOf(AgeGroup.options);
export const interestBit = bitOf(Interest.options);

export interface IndexedTrack {
  readonly track: IopTrack;
  readonly mask: SparseMask;
  readonly telehealth: boolean;
  /** 0 = same as the program. */
  readonly ageMask: number;
  readonly startMinutes: number;
  readonly eveningOrWeekend: boolean;
}

export interface IndexedProgram {
  readonly program: Program;
  /** Copied from program: programs differ in shape (optional keys), this object does not. */
  readonly id: string;
  readonly point: GeoPoint;
  readonly state: string;
  readonly levelMask: number;
  readonly paymentMask: number;
  readonly hasAssistance: boolean;
  readonly languages: readonly string[];
  readonly ageMask: number;
  readonly tracks: readonly IndexedTrack[];
  /** Any telehealth track, or no tracks and the source says it offers telehealth. */
  readonly telehealth: boolean;
  readonly interestMask: number;
  readonly coOccurring: boolean;
  readonly veterans: boolean;
  readonly aftercareCount: number;
  readonly soberLivingReferrals: boolean;
  readonly verifiedMs: number;
  /** Most the schedule part of the score can be: 20 + 2 per extra track (max 24), else 12. */
  readonly scheduleScoreMax: number;
}

const EVENING_START = 16 * 60;

function indexTrack(track: IopTrack): IndexedTrack {
  const startMinutes = minutesOf(track.start);
  return {
    track,
    mask: trackMask(track),
    telehealth: track.format === 'telehealth',
    ageMask: track.ageGroups ? maskOf(ageBit, track.ageGroups) : 0,
    startMinutes,
    eveningOrWeekend: startMinutes >= EVENING_START || track.days.every((d) => d === 'sat' || d === 'sun'),
  };
}

function indexProgram(program: Program): IndexedProgram {
  const tracks = program.iopTracks.map(indexTrack);
  return {
    program,
    id: program.id,
    point: geoPoint(program.address.latitude, program.address.longitude),
    state: program.address.state,
    levelMask: maskOf(levelBit, program.levels),
    paymentMask: maskOf(paymentBit, program.paymentAccepted),
    hasAssistance: program.paymentAssistance.length > 0,
    languages: program.languages,
    ageMask: maskOf(ageBit, program.ageGroups),
    tracks,
    telehealth: tracks.length > 0 ? tracks.some((t) => t.telehealth) : program.offersTelehealth === true,
    interestMask: maskOf(interestBit, program.services.complementary),
    coOccurring: program.populations.includes('co_occurring'),
    veterans: program.populations.includes('veterans'),
    aftercareCount: program.services.aftercare.length,
    soberLivingReferrals: program.services.aftercare.includes('sober_living_referrals'),
    verifiedMs: Date.parse(`${program.lastVerified}T00:00:00Z`),
    scheduleScoreMax: tracks.length > 0 ? 20 + Math.min(4, (tracks.length - 1) * 2) : 12,
  };
}

export class MatchIndex {
  readonly programs: readonly IndexedProgram[];
  readonly grid: GeoGrid;
  /** Programs that can serve someone by telehealth, by the state they are licensed in. */
  readonly telehealthByState: ReadonlyMap<string, readonly number[]>;
  readonly telehealthAll: readonly number[];
  /** Detox-capable programs, scanned when someone needing detox shares no location. */
  readonly detox: readonly number[];

  constructor(programs: readonly Program[]) {
    this.programs = programs.map(indexProgram);
    this.grid = new GeoGrid(programs.map((p) => p.address));
    const byState = new Map<string, number[]>();
    const all: number[] = [];
    this.programs.forEach((p, i) => {
      if (!p.telehealth) return;
      all.push(i);
      const bucket = byState.get(p.state);
      if (bucket) bucket.push(i);
      else byState.set(p.state, [i]);
    });
    this.telehealthByState = byState;
    this.telehealthAll = all;
    const detoxBit = levelBit('detox');
    this.detox = this.programs.flatMap((p, i) => ((p.levelMask & detoxBit) !== 0 ? [i] : []));
  }
}

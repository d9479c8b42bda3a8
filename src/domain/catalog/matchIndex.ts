import { CareLevel } from '../profile/careLevels.js';
import { AgeGroup, Interest } from '../profile/profile.js';
import { GeoGrid, geoPoint, type GeoPoint } from './geo.js';
import { trackMask, minutesOf, type SparseMask } from './scheduleFit.js';
import { Medication, PaymentAccepted, type IopTrack, type Program } from './schema.js';

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
export const medicationBit = bitOf(Medication.options);

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

/**
 * The fields every query filters and bounds by, one typed array per field (column-wise),
 * so scanning thousands of programs reads a few integers each and rarely touches the objects.
 */
export interface MatchColumns {
  readonly level: Int32Array;
  readonly payment: Int32Array;
  readonly age: Int32Array;
  /** Bits from MatchIndex.languageBit; programs with a language beyond 31 set LANGUAGE_OVERFLOW. */
  readonly language: Int32Array;
  readonly interest: Int32Array;
  /** FLAG_* bits. */
  readonly flags: Int32Array;
  readonly aftercareCount: Int32Array;
  /** Bits of medicationBit: the medications for addiction treatment the program offers. */
  readonly medication: Int32Array;
  readonly scheduleScoreMax: Int32Array;
  readonly verifiedMs: Float64Array;
}

export const FLAG_ASSISTANCE = 1;
export const FLAG_CO_OCCURRING = 2;
export const FLAG_SOBER_LIVING = 4;
export const FLAG_VETERANS = 8;
/** Admits men only / women only (Program.servesOnly). */
export const FLAG_MEN_ONLY = 16;
export const FLAG_WOMEN_ONLY = 32;
/** Language bit meaning "a language without its own bit": check the program's list. */
export const LANGUAGE_OVERFLOW = 1 << 30;
const MAX_LANGUAGE_BITS = 30;

function buildColumns(programs: readonly IndexedProgram[], languageBit: (code: string) => number): MatchColumns {
  const n = programs.length;
  const c = {
    level: new Int32Array(n),
    payment: new Int32Array(n),
    age: new Int32Array(n),
    language: new Int32Array(n),
    interest: new Int32Array(n),
    flags: new Int32Array(n),
    aftercareCount: new Int32Array(n),
    medication: new Int32Array(n),
    scheduleScoreMax: new Int32Array(n),
    verifiedMs: new Float64Array(n),
  };
  programs.forEach((p, i) => {
    c.level[i] = p.levelMask;
    c.payment[i] = p.paymentMask;
    c.age[i] = p.ageMask;
    c.language[i] = p.languages.reduce((mask, code) => mask | languageBit(code), 0);
    c.interest[i] = p.interestMask;
    c.flags[i] =
      (p.hasAssistance ? FLAG_ASSISTANCE : 0) |
      (p.coOccurring ? FLAG_CO_OCCURRING : 0) |
      (p.soberLivingReferrals ? FLAG_SOBER_LIVING : 0) |
      (p.veterans ? FLAG_VETERANS : 0) |
      (p.program.servesOnly === 'men' ? FLAG_MEN_ONLY : p.program.servesOnly === 'women' ? FLAG_WOMEN_ONLY : 0);
    c.medication[i] = maskOf(medicationBit, p.program.medications);
    c.aftercareCount[i] = p.aftercareCount;
    c.scheduleScoreMax[i] = p.scheduleScoreMax;
    c.verifiedMs[i] = p.verifiedMs;
  });
  return c;
}

export class MatchIndex {
  readonly programs: readonly IndexedProgram[];
  readonly columns: MatchColumns;
  readonly grid: GeoGrid;
  /** Programs that can serve someone by telehealth, by the state they are licensed in. */
  readonly telehealthByState: ReadonlyMap<string, readonly number[]>;
  readonly telehealthAll: readonly number[];
  /** Detox-capable programs, scanned when someone needing detox shares no location. */
  readonly detox: readonly number[];
  private readonly languageBits = new Map<string, number>();

  constructor(programs: readonly Program[]) {
    this.programs = programs.map(indexProgram);
    // The most common languages get their own bit; the rest share LANGUAGE_OVERFLOW.
    const counts = new Map<string, number>();
    for (const p of programs) for (const code of p.languages) counts.set(code, (counts.get(code) ?? 0) + 1);
    [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MAX_LANGUAGE_BITS)
      .forEach(([code], i) => this.languageBits.set(code, 1 << i));
    this.columns = buildColumns(this.programs, (code) => this.languageBit(code));
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

  /** The language's bit, or LANGUAGE_OVERFLOW when it has none (then check the program's list). */
  languageBit(code: string): number {
    return this.languageBits.get(code) ?? LANGUAGE_OVERFLOW;
  }
}

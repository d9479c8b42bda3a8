import type { Availability, Profile } from '../profile/profile.js';
import type { IopTrack, Weekday } from './schema.js';

/**
 * The week as 15-minute slots (7 × 96 = 672 bits in 21 words). Each track's sessions
 * become a mask once per catalog; each person's free time becomes an "allowed" mask once
 * per query; a track fits when it uses no slot outside the allowed mask.
 */
const SLOT_MINUTES = 15;
const SLOTS_PER_DAY = (24 * 60) / SLOT_MINUTES;
const WORDS = Math.ceil((7 * SLOTS_PER_DAY) / 32);

/** Int32 words: V8 keeps them as small integers, where Uint32 values above 2^31 become doubles. */
export type WeekMask = Int32Array;

/** A track's mask stored sparsely: only the words its sessions touch (usually 3–6 of 21). */
export interface SparseMask {
  readonly words: Int32Array;
  readonly bits: Int32Array;
}

export const DAY_INDEX: Readonly<Record<Weekday, number>> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };
const WEEKDAYS = [0, 1, 2, 3, 4] as const;
const WEEKEND = [5, 6] as const;
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6] as const;

export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hm = (h: number, m = 0): number => h * 60 + m;

const emptyMask = (): WeekMask => new Int32Array(WORDS);
const fullMask = (): WeekMask => new Int32Array(WORDS).fill(-1);

function setSlots(mask: WeekMask, day: number, fromSlot: number, toSlot: number, on: boolean): void {
  for (let s = Math.max(0, fromSlot); s < Math.min(SLOTS_PER_DAY, toSlot); s++) {
    const bit = day * SLOTS_PER_DAY + s;
    const word = bit >>> 5;
    const flag = 1 << (bit & 31);
    mask[word] = on ? (mask[word] ?? 0) | flag : (mask[word] ?? 0) & ~flag;
  }
}

/** Marks every slot a session touches (rounded outwards), so a 17:50 start is not taken for 18:00. */
function occupy(mask: WeekMask, days: readonly number[], start: number, end: number): void {
  for (const d of days) setSlots(mask, d, Math.floor(start / SLOT_MINUTES), Math.ceil(end / SLOT_MINUTES), true);
}

/** Frees only whole slots inside a window (rounded inwards). */
function allow(mask: WeekMask, days: readonly number[], start: number, end: number): void {
  for (const d of days) setSlots(mask, d, Math.ceil(start / SLOT_MINUTES), Math.floor(end / SLOT_MINUTES), true);
}

/** Blocks every slot a busy window touches (rounded outwards). */
function block(mask: WeekMask, days: readonly number[], start: number, end: number): void {
  for (const d of days) setSlots(mask, d, Math.floor(start / SLOT_MINUTES), Math.ceil(end / SLOT_MINUTES), false);
}

function intersect(target: WeekMask, other: WeekMask): void {
  for (let i = 0; i < WORDS; i++) target[i] = (target[i] ?? 0) & (other[i] ?? 0);
}

export function trackMask(track: IopTrack): SparseMask {
  const mask = emptyMask();
  occupy(mask, track.days.map((d) => DAY_INDEX[d]), minutesOf(track.start), minutesOf(track.end));
  const words: number[] = [];
  mask.forEach((bits, word) => {
    if (bits !== 0) words.push(word);
  });
  return { words: Int32Array.from(words), bits: Int32Array.from(words, (w) => mask[w] ?? 0) };
}

/** True when the track uses no slot outside `allowed`. */
export function fitsWithin(track: SparseMask, allowed: WeekMask): boolean {
  const { words, bits } = track;
  for (let i = 0; i < words.length; i++) {
    if (((bits[i] as number) & ~(allowed[words[i] as number] as number)) !== 0) return false;
  }
  return true;
}

/** Time windows people mean by each availability answer. */
const AVAILABILITY_WINDOWS: Readonly<Record<Availability, { days: readonly number[]; start: number; end: number }>> = {
  mornings: { days: EVERY_DAY, start: hm(6), end: hm(12) },
  daytime: { days: EVERY_DAY, start: hm(8), end: hm(17) },
  evenings: { days: EVERY_DAY, start: hm(16), end: hm(22) },
  weekends: { days: WEEKEND, start: 0, end: hm(24) },
};

/** The person's situation that shapes which times fit, used for the plain-words reason. */
export type ScheduleSituation = 'day_job' | 'evening_shift' | 'night_shift' | 'rotating_shift' | 'school' | 'caregiving' | 'availability' | 'none';

export interface SchedulePlan {
  /** Slots free for in-person groups (travel included in the busy windows' margins). */
  readonly inPerson: WeekMask;
  /** Slots free for telehealth; a caregiver can join from home outside school hours. */
  readonly telehealth: WeekMask;
  /** No busy time and no availability limits: every track fits, so masks need not be checked. */
  readonly unconstrained: boolean;
  /** Rotating shifts: no fixed busy time; needs telehealth or several in-person options. */
  readonly rotating: boolean;
  readonly situation: ScheduleSituation;
}

const hasJob = (profile: Profile): boolean =>
  profile.responsibilities?.some((r) => r === 'full_time_job' || r === 'part_time_job') ?? false;

/**
 * Turns answers into free time. Busy windows are deliberately generous rough guesses
 * (a day job 8:00–17:00 on weekdays); the helpline confirms real schedules.
 */
export function planSchedule(profile: Profile): SchedulePlan {
  const free = fullMask();
  const responsibilities = profile.responsibilities ?? [];
  // A shift answer counts even if the job question was skipped; a job with no shift answer is taken as days.
  const shift = profile.workShift ?? (hasJob(profile) ? 'day' : undefined);
  let situation: ScheduleSituation = 'none';

  switch (shift) {
    case 'day':
      block(free, WEEKDAYS, hm(8), hm(17));
      situation = 'day_job';
      break;
    case 'evening':
      block(free, WEEKDAYS, hm(15), hm(24));
      situation = 'evening_shift';
      break;
    case 'night':
      block(free, WEEKDAYS, hm(20), hm(24));
      block(free, WEEKDAYS, 0, hm(8));
      situation = 'night_shift';
      break;
    case 'rotating':
      situation = 'rotating_shift';
      break;
    case undefined:
      break;
  }
  if (responsibilities.includes('school')) {
    block(free, WEEKDAYS, hm(8), hm(15));
    if (situation === 'none') situation = 'school';
  }

  const availability = profile.availability ?? [];
  if (availability.length > 0) {
    const wanted = emptyMask();
    for (const a of availability) {
      const w = AVAILABILITY_WINDOWS[a];
      allow(wanted, w.days, w.start, w.end);
    }
    intersect(free, wanted);
    if (situation === 'none') situation = 'availability';
  }

  const inPerson = free.slice();
  if (responsibilities.includes('caregiving')) {
    // In person only while children are at school; telehealth works from home any free time.
    const schoolHours = emptyMask();
    allow(schoolHours, WEEKDAYS, hm(9), hm(14, 30));
    intersect(inPerson, schoolHours);
    if (situation === 'none') situation = 'caregiving';
  }
  const unconstrained = inPerson.every((w) => w === -1) && free.every((w) => w === -1);
  return { inPerson, telehealth: free, unconstrained, rotating: shift === 'rotating', situation };
}

import { geoPoint, haversineMiles } from '../catalog/geo.js';
import { instantAhead, MINUTES_PER_DAY, MINUTES_PER_WEEK, minutesOf, zoneTime, daysBetween } from './clock.js';
import type { Meeting } from './schema.js';

/**
 * Finds the next meetings that have not ended yet, near a place or online, in each meeting's
 * own time zone. Built once per store version into flat typed arrays (one row per weekly
 * occurrence), so a search over 100,000 meetings is a few milliseconds: the local time is
 * worked out once per time zone, not once per meeting.
 */

/** When the person wants to go, read in each meeting's own time zone. */
export type MeetingWhen = 'now' | 'tonight' | 'today' | 'tomorrow' | 'weekend' | 'week';

export interface MeetingQuery {
  near?: { latitude: number; longitude: number };
  radiusMiles: number;
  /** any: in person within the radius, or online; online: online only; in_person: in person only. */
  mode: 'any' | 'online' | 'in_person';
  when: MeetingWhen;
  /** Only meetings starting within this many hours (the bench's "next 6 hours"). */
  withinHours?: number;
  /** Meeting Guide type codes a meeting must all have (W, S, BE…). */
  types?: readonly string[];
  /** Meeting Guide type codes a meeting must not have (M for a woman, W for a man). */
  withoutTypes?: readonly string[];
  fellowship?: string;
  /**
   * Ranks an online meeting as if it started this many minutes later than it does, so that a
   * meeting the person can walk into nearby comes before one online a little sooner. 0 by default.
   */
  onlineLaterBy?: number;
  limit: number;
  offset?: number;
}

export interface MeetingHit {
  meeting: Meeting;
  /** Minutes from now to the start; negative while it is going on. */
  minutesUntil: number;
  startsAt: Date;
  /** Local calendar days from today in the meeting's zone (0 today, 1 tomorrow…). */
  dayOffset: number;
  /** The local weekday of this occurrence. */
  weekday: number;
  distanceMiles?: number;
  inPersonHere: boolean;
  online: boolean;
}

const DEFAULT_MINUTES = 60;
/** "Tonight" starts at 5 pm local; after midnight it lasts until 4 am. */
const EVENING = 17 * 60;
const SMALL_HOURS_END = 4 * 60;
/** "Now": going on, or starting within this many minutes. */
const NOW_MINUTES = 90;
const MILES_PER_DEGREE = 69.0;

export class MeetingIndex {
  readonly size: number;
  private readonly meetings: readonly Meeting[];
  private readonly zones: string[] = [];
  /** Per meeting. */
  private readonly lat: Float64Array;
  private readonly lon: Float64Array;
  private readonly online: Uint8Array;
  private readonly occStart: Int32Array;
  /** Per occurrence. */
  private readonly occMow: Int32Array;
  private readonly occDur: Int16Array;
  private readonly occZone: Uint16Array;
  private readonly typeSets: ReadonlyArray<ReadonlySet<string>>;
  private readonly fellowships: readonly string[];

  constructor(meetings: readonly Meeting[]) {
    this.meetings = meetings;
    this.size = meetings.length;
    const n = meetings.length;
    this.lat = new Float64Array(n);
    this.lon = new Float64Array(n);
    this.online = new Uint8Array(n);
    this.occStart = new Int32Array(n + 1);
    const occurrences = meetings.reduce((sum, m) => sum + m.days.length, 0);
    this.occMow = new Int32Array(occurrences);
    this.occDur = new Int16Array(occurrences);
    this.occZone = new Uint16Array(occurrences);
    const zoneIds = new Map<string, number>();
    let o = 0;
    meetings.forEach((m, i) => {
      this.lat[i] = m.place?.latitude ?? Number.NaN;
      this.lon[i] = m.place?.longitude ?? Number.NaN;
      this.online[i] = m.online ? 1 : 0;
      this.occStart[i] = o;
      let zone = zoneIds.get(m.timezone);
      if (zone === undefined) {
        zone = this.zones.length;
        zoneIds.set(m.timezone, zone);
        this.zones.push(m.timezone);
      }
      const start = minutesOf(m.time);
      let duration = m.endTime ? minutesOf(m.endTime) - start : DEFAULT_MINUTES;
      if (duration <= 0) duration += MINUTES_PER_DAY;
      for (const day of m.days) {
        this.occMow[o] = day * MINUTES_PER_DAY + start;
        this.occDur[o] = duration;
        this.occZone[o] = zone;
        o += 1;
      }
    });
    this.occStart[n] = o;
    this.typeSets = meetings.map((m) => new Set(m.types));
    this.fellowships = meetings.map((m) => m.fellowship.toLowerCase());
  }

  /** The time zone of the nearest in-person meeting within `maxMiles`: the person's own clock, near enough. */
  zoneNear(latitude: number, longitude: number, maxMiles = 150): string | undefined {
    const origin = geoPoint(latitude, longitude);
    let best = maxMiles;
    let zone: string | undefined;
    for (let i = 0; i < this.size; i += 1) {
      const lat = this.lat[i]!;
      if (lat !== lat || Math.abs(lat - latitude) > maxMiles / MILES_PER_DEGREE) continue;
      const miles = haversineMiles(origin, geoPoint(lat, this.lon[i]!));
      if (miles < best) {
        best = miles;
        zone = this.meetings[i]!.timezone;
      }
    }
    return zone;
  }

  /** The next meetings (one occurrence each) that fit, soonest first. */
  search(query: MeetingQuery, now: Date): MeetingHit[] {
    const want = (query.offset ?? 0) + query.limit;
    if (want <= 0) return [];
    // Per zone: the local time now, and the window as minutes relative to now.
    const zoneNow = this.zones.map((zone) => zoneTime(zone, now));
    const windows = zoneNow.map((t) => windowOf(query, t.minuteOfDay));
    const near = query.near;
    const radius = query.radiusMiles;
    const latSpan = radius / MILES_PER_DEGREE;
    const lonSpan = near ? radius / (MILES_PER_DEGREE * Math.max(0.1, Math.cos((near.latitude * Math.PI) / 180))) : 0;
    const origin = near ? geoPoint(near.latitude, near.longitude) : undefined;
    const types = query.types ?? [];
    const withoutTypes = query.withoutTypes ?? [];
    const fellowship = query.fellowship?.toLowerCase();
    const weekendOnly = query.when === 'weekend';
    const onlineLaterBy = query.onlineLaterBy ?? 0;

    // The best `want` hits so far, sorted by rank (minutes to the start, online ones later by onlineLaterBy).
    const bestRank: number[] = [];
    const bestMeeting: number[] = [];
    const bestMinutes: number[] = [];
    const bestDistance: number[] = [];
    const bestOcc: number[] = [];
    const n = this.size;
    for (let i = 0; i < n; i += 1) {
      let distance = Number.NaN;
      let here = false;
      if (query.mode !== 'online' && origin) {
        const lat = this.lat[i]!;
        if (lat === lat && Math.abs(lat - near!.latitude) <= latSpan && Math.abs(this.lon[i]! - near!.longitude) <= lonSpan) {
          distance = haversineMiles(origin, geoPoint(lat, this.lon[i]!));
          here = distance <= radius;
        }
      }
      const online = this.online[i] === 1;
      if (!(here || (online && query.mode !== 'in_person'))) continue;
      if (fellowship !== undefined && this.fellowships[i] !== fellowship) continue;
      if (types.length > 0) {
        const set = this.typeSets[i]!;
        let all = true;
        for (const t of types) if (!set.has(t)) all = false;
        if (!all) continue;
      }
      if (withoutTypes.length > 0) {
        const set = this.typeSets[i]!;
        let barred = false;
        for (const t of withoutTypes) if (set.has(t)) barred = true;
        if (barred) continue;
      }
      let soonest = Number.POSITIVE_INFINITY;
      let soonestOcc = -1;
      for (let o = this.occStart[i]!, end = this.occStart[i + 1]!; o < end; o += 1) {
        const zone = this.occZone[o]!;
        const duration = this.occDur[o]!;
        let minutes = (this.occMow[o]! - zoneNow[zone]!.minuteOfWeek + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
        if (minutes > MINUTES_PER_WEEK - duration) minutes -= MINUTES_PER_WEEK;
        const w = windows[zone]!;
        if (minutes < w.from || minutes > w.to || minutes <= -duration) continue;
        if (weekendOnly) {
          const day = Math.floor(this.occMow[o]! / MINUTES_PER_DAY);
          if (day !== 0 && day !== 6) continue;
        }
        if (query.withinHours !== undefined && minutes > query.withinHours * 60) continue;
        if (minutes < soonest) {
          soonest = minutes;
          soonestOcc = o;
        }
      }
      if (soonestOcc < 0) continue;
      const rank = here ? soonest : soonest + onlineLaterBy;
      if (bestRank.length === want && rank >= bestRank[want - 1]!) continue;
      let at = bestRank.length;
      while (at > 0 && bestRank[at - 1]! > rank) at -= 1;
      bestRank.splice(at, 0, rank);
      bestMinutes.splice(at, 0, soonest);
      bestMeeting.splice(at, 0, i);
      bestDistance.splice(at, 0, distance);
      bestOcc.splice(at, 0, soonestOcc);
      if (bestRank.length > want) {
        bestRank.pop();
        bestMinutes.pop();
        bestMeeting.pop();
        bestDistance.pop();
        bestOcc.pop();
      }
    }
    const hits: MeetingHit[] = [];
    for (let k = query.offset ?? 0; k < bestMeeting.length; k += 1) {
      const meeting = this.meetings[bestMeeting[k]!]!;
      const minutes = bestMinutes[k]!;
      const startsAt = instantAhead(meeting.timezone, now, minutes);
      const local = zoneTime(meeting.timezone, startsAt);
      const distance = bestDistance[k]!;
      hits.push({
        meeting,
        minutesUntil: minutes,
        startsAt,
        dayOffset: daysBetween(zoneNow[this.occZone[bestOcc[k]!]!]!.date, local.date),
        weekday: Math.floor(this.occMow[bestOcc[k]!]! / MINUTES_PER_DAY),
        ...(distance === distance ? { distanceMiles: Math.round(distance * 10) / 10 } : {}),
        inPersonHere: distance === distance && distance <= query.radiusMiles,
        online: meeting.online !== undefined,
      });
    }
    return hits;
  }
}

/** The window of start times, in minutes from now, for a zone whose clock says `minuteOfDay`. */
function windowOf(query: MeetingQuery, minuteOfDay: number): { from: number; to: number } {
  const untilMidnight = MINUTES_PER_DAY - minuteOfDay - 1;
  switch (query.when) {
    case 'now':
      return { from: -MINUTES_PER_DAY, to: NOW_MINUTES };
    case 'today':
      return { from: -MINUTES_PER_DAY, to: untilMidnight };
    case 'tonight':
      if (minuteOfDay < SMALL_HOURS_END) return { from: -MINUTES_PER_DAY, to: SMALL_HOURS_END - minuteOfDay };
      return { from: minuteOfDay >= EVENING ? -MINUTES_PER_DAY : EVENING - minuteOfDay, to: untilMidnight };
    case 'tomorrow':
      return { from: untilMidnight + 1, to: untilMidnight + MINUTES_PER_DAY };
    case 'weekend':
    case 'week':
      return { from: -MINUTES_PER_DAY, to: MINUTES_PER_WEEK };
  }
}

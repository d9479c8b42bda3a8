/**
 * Wall-clock time in a meeting's own time zone, from the runtime's time-zone data (Intl), with
 * "now" always passed in, so a test can say what time it is. A meeting at 19:30 in
 * America/Chicago is at 19:30 Chicago time whatever zone the person or the server is in.
 */

export const MINUTES_PER_DAY = 1440;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

export interface ZoneTime {
  /** 0 = Sunday … 6 = Saturday, in the zone. */
  weekday: number;
  /** Minutes since local midnight. */
  minuteOfDay: number;
  /** weekday * 1440 + minuteOfDay. */
  minuteOfWeek: number;
  /** The local calendar date, YYYY-MM-DD. */
  date: string;
  /** Local time minus UTC, in minutes (−300 for New York in winter). */
  offsetMinutes: number;
}

const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  return f;
}

/** What the clock on the wall says in `zone` at the instant `at`. */
export function zoneTime(zone: string, at: Date): ZoneTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(at)) parts[p.type] = p.value;
  const hour = Number(parts.hour) % 24;
  const minute = Number(parts.minute);
  const weekday = WEEKDAYS[parts.weekday ?? ''] ?? 0;
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const localAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  const atMinute = Math.floor(at.getTime() / 60_000) * 60_000;
  return {
    weekday,
    minuteOfDay: hour * 60 + minute,
    minuteOfWeek: weekday * MINUTES_PER_DAY + hour * 60 + minute,
    date: `${parts.year}-${parts.month}-${parts.day}`,
    offsetMinutes: Math.round((localAsUtc - atMinute) / 60_000),
  };
}

/** "19:30" → 1170. */
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The instant a meeting starts, `minutesAhead` of wall-clock time after `now` in `zone`
 * (negative: it started that long ago). Corrected when a daylight-saving change falls between.
 */
export function instantAhead(zone: string, now: Date, minutesAhead: number): Date {
  const nowMinute = Math.floor(now.getTime() / 60_000) * 60_000;
  const guess = new Date(nowMinute + minutesAhead * 60_000);
  const shift = zoneTime(zone, guess).offsetMinutes - zoneTime(zone, now).offsetMinutes;
  return shift === 0 ? guess : new Date(guess.getTime() - shift * 60_000);
}

/** Whole local calendar days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

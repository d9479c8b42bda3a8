import { z } from 'zod';
import { isMeetingType } from '@code4recovery/spec';
import { isTimeZone, Meeting, type MeetingPlace } from '../../src/domain/meetings/schema.js';
import { lookupZipPlace } from '../../src/domain/catalog/zipTable.js';

/**
 * One row of a Meeting Guide feed (the open specification maintained by Code for Recovery),
 * read leniently: every field optional and loosely typed, so that a row with one bad field is
 * reported with the reason rather than rejected by the schema wholesale. mapFeedRow then
 * decides whether the row is a meeting the bot can show, and why not.
 */

const text = z.union([z.string(), z.number()]).transform((v) => String(v).trim()).optional().nullable();
const num = z.union([z.number(), z.string()]).optional().nullable();

export const FeedRow = z.looseObject({
  name: text,
  slug: text,
  day: z.union([z.number(), z.string(), z.array(z.union([z.number(), z.string()]))]).optional().nullable(),
  time: text,
  end_time: text,
  timezone: text,
  types: z.union([z.array(z.unknown()), z.string()]).optional().nullable(),
  location: text,
  address: text,
  city: text,
  state: text,
  postal_code: text,
  country: text,
  formatted_address: text,
  latitude: num,
  longitude: num,
  conference_url: text,
  conference_url_notes: text,
  conference_phone: text,
  approximate: z.union([z.string(), z.boolean()]).optional().nullable(),
  updated: text,
  url: text,
  notes: text,
  entity: text,
  entity_phone: text,
  entity_url: text,
});
export type FeedRow = z.infer<typeof FeedRow>;

export const SkipReason = z.enum(['not_an_object', 'no_slug', 'no_name', 'no_schedule', 'bad_day', 'bad_time', 'no_timezone', 'no_place', 'temporarily_closed', 'invalid', 'duplicate']);
export type SkipReason = z.infer<typeof SkipReason>;

export type MapResult = { ok: true; meeting: Meeting; notes: MapNote[] } | { ok: false; reason: SkipReason; detail: string };
export type MapNote = 'unknown_types_dropped' | 'end_time_dropped' | 'geocoded_from_zip' | 'bad_link_dropped';

const TIME = /^(\d{1,2}):(\d{2})(?::\d{2})?$/;

/** "7:30", "19:30:00" → "07:30" / "19:30"; anything else → undefined. */
export function normalizeTime(value: string | null | undefined): string | undefined {
  const match = TIME.exec(value ?? '');
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return undefined;
  return `${String(hours).padStart(2, '0')}:${match[2]}`;
}

function days(value: FeedRow['day']): { days: number[] } | { problem: string } | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const raw = Array.isArray(value) ? value : [value];
  if (raw.length === 0) return undefined;
  const out: number[] = [];
  for (const d of raw) {
    const n = typeof d === 'number' ? d : /^\d$/.test(String(d).trim()) ? Number(d) : Number.NaN;
    if (!Number.isInteger(n) || n < 0 || n > 6) return { problem: `day ${JSON.stringify(d)} is not 0 (Sunday) to 6 (Saturday)` };
    if (!out.includes(n)) out.push(n);
  }
  return { days: out.sort((a, b) => a - b) };
}

function coordinate(value: FeedRow['latitude'], limit: number): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) && Math.abs(n) <= limit && n !== 0 ? Math.round(n * 1e5) / 1e5 : undefined;
}

function httpUrl(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const present = (s: string | null | undefined): s is string => typeof s === 'string' && s.length > 0;
const cut = (s: string | null | undefined, max: number): string | undefined => (present(s) ? s.slice(0, max) : undefined);

function isApproximate(value: FeedRow['approximate']): boolean {
  return value === true || (typeof value === 'string' && ['yes', 'true', '1'].includes(value.trim().toLowerCase()));
}

/** The day part of "2026-02-18 13:00:00" or an ISO date-time. */
function updatedDay(value: string | null | undefined): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value ?? '');
  return match && !Number.isNaN(Date.parse(match[1]!)) ? match[1] : undefined;
}

export interface MapOptions {
  fellowship: string;
  /** Used for rows without a timezone of their own (a feed for one area often leaves it out). */
  defaultTimezone?: string;
}

/** Turns a feed row into a meeting, or says why it cannot be one. */
export function mapFeedRow(value: unknown, options: MapOptions): MapResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not_an_object', detail: 'the row is not a JSON object' };
  const parsed = FeedRow.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: 'invalid', detail: `${issue?.path.join('.') || '(row)'}: ${issue?.message ?? 'invalid'}` };
  }
  const row = parsed.data;
  const notes: MapNote[] = [];
  if (!present(row.slug)) return { ok: false, reason: 'no_slug', detail: 'no slug (the feed\'s unique id for the meeting)' };
  if (!present(row.name)) return { ok: false, reason: 'no_name', detail: 'no name' };

  const dayResult = days(row.day);
  const time = normalizeTime(row.time);
  if (dayResult === undefined && !present(row.time)) return { ok: false, reason: 'no_schedule', detail: 'no day and no time (by appointment?)' };
  const problems: string[] = [];
  if (dayResult === undefined) problems.push('no day');
  else if ('problem' in dayResult) problems.push(dayResult.problem);
  if (time === undefined) problems.push(present(row.time) ? `time ${JSON.stringify(row.time)} is not HH:MM` : 'no time');
  if (problems.length > 0) {
    const reason: SkipReason = dayResult === undefined || 'problem' in dayResult ? 'bad_day' : 'bad_time';
    return { ok: false, reason, detail: problems.join('; ') };
  }
  const timezone = present(row.timezone) ? row.timezone : options.defaultTimezone;
  if (!timezone) return { ok: false, reason: 'no_timezone', detail: 'no timezone (give --timezone for a feed of one area)' };
  if (!isTimeZone(timezone)) return { ok: false, reason: 'no_timezone', detail: `timezone ${JSON.stringify(timezone)} is not an IANA zone` };

  let endTime = normalizeTime(row.end_time);
  if (present(row.end_time) && endTime === undefined) notes.push('end_time_dropped');
  if (endTime === time) endTime = undefined;

  const rawTypes = Array.isArray(row.types) ? row.types.map(String) : present(row.types) ? row.types.split(',') : [];
  const types = [...new Set(rawTypes.map((t) => t.trim()).filter((t) => isMeetingType(t)))];
  if (types.length < rawTypes.length) notes.push('unknown_types_dropped');

  const onlineUrl = httpUrl(row.conference_url);
  if (present(row.conference_url) && !onlineUrl) notes.push('bad_link_dropped');
  const onlinePhone = cut(row.conference_phone, 80);
  const online = onlineUrl || onlinePhone ? { ...(onlineUrl ? { url: onlineUrl } : {}), ...(onlinePhone ? { phone: onlinePhone } : {}) } : undefined;

  const approximate = isApproximate(row.approximate);
  let latitude = coordinate(row.latitude, 90);
  let longitude = coordinate(row.longitude, 180);
  if ((latitude === undefined || longitude === undefined) && present(row.postal_code)) {
    const zip = lookupZipPlace(row.postal_code.slice(0, 5));
    if (zip) {
      latitude = Math.round(zip.latitude * 1e5) / 1e5;
      longitude = Math.round(zip.longitude * 1e5) / 1e5;
      notes.push('geocoded_from_zip');
    }
  }
  const street = present(row.address) || present(row.formatted_address);
  // An online meeting whose location is approximate meets online only (Meeting Guide's convention).
  const inPerson = street && !(online && approximate);
  if (types.includes('TC') && !online) return { ok: false, reason: 'temporarily_closed', detail: 'location temporarily closed and no online way to join' };
  if (!inPerson && !online) return { ok: false, reason: 'no_place', detail: 'in person but no address, and no online link or phone' };

  let place: MeetingPlace | undefined;
  if (inPerson && !types.includes('TC')) {
    const cityLine = [row.city, [row.state, row.postal_code].filter(present).join(' ')].filter(present).join(', ');
    const formatted = present(row.formatted_address) ? row.formatted_address : [row.address, cityLine].filter(present).join(', ');
    place = {
      ...(present(row.location) ? { location: cut(row.location, 200) } : {}),
      ...(present(row.address) ? { address: cut(row.address, 200) } : {}),
      ...(present(row.city) ? { city: cut(row.city, 100) } : {}),
      ...(present(row.state) ? { state: cut(row.state, 40) } : {}),
      ...(present(row.postal_code) ? { postalCode: cut(row.postal_code, 20) } : {}),
      formatted: formatted.slice(0, 400),
      ...(latitude !== undefined && longitude !== undefined ? { latitude, longitude } : {}),
    };
  }
  const area =
    !place && (present(row.city) || latitude !== undefined)
      ? {
          ...(present(row.city) ? { city: cut(row.city, 100) } : {}),
          ...(present(row.state) ? { state: cut(row.state, 40) } : {}),
          ...(latitude !== undefined && longitude !== undefined ? { latitude, longitude } : {}),
        }
      : undefined;
  const url = httpUrl(row.url);
  const entityUrl = httpUrl(row.entity_url);
  const candidate = {
    id: `${options.fellowship.toLowerCase()}:${row.slug.slice(0, 200)}`,
    fellowship: options.fellowship,
    name: row.name.slice(0, 200),
    days: (dayResult as { days: number[] }).days,
    time,
    ...(endTime ? { endTime } : {}),
    timezone,
    types,
    ...(place ? { place } : {}),
    ...(area ? { area } : {}),
    ...(online ? { online } : {}),
    approximate,
    ...(updatedDay(row.updated) ? { updated: updatedDay(row.updated) } : {}),
    ...(url ? { url } : {}),
    ...(present(row.notes) ? { notes: cut(row.notes, 1000) } : {}),
    ...(present(row.entity)
      ? { entity: { name: cut(row.entity, 200)!, ...(present(row.entity_phone) ? { phone: cut(row.entity_phone, 40) } : {}), ...(entityUrl ? { url: entityUrl } : {}) } }
      : {}),
  };
  const checked = Meeting.safeParse(candidate);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { ok: false, reason: 'invalid', detail: `${issue?.path.join('.') || '(row)'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, meeting: checked.data, notes };
}

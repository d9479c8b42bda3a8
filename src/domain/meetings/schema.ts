import { z } from 'zod';
import { isMeetingType } from '@code4recovery/spec';

/**
 * A support-group meeting as the bot keeps it (data/meetings.json), imported from Meeting
 * Guide feeds (scripts/meetings-import.ts). Only what the bot shows or searches by: the
 * schedule in the meeting's own time zone, where it is, how to join online, its type codes
 * (names from @code4recovery/spec, see types.ts) and how fresh the listing is.
 */

export const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time like 19:30');

/** An IANA time zone name the runtime knows ("America/Chicago"). */
export const TimeZone = z.string().refine((zone) => isTimeZone(zone), 'not a known IANA time zone');

const knownZones = new Map<string, boolean>();

export function isTimeZone(zone: string): boolean {
  let known = knownZones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      known = zone.length > 0;
    } catch {
      known = false;
    }
    if (knownZones.size < 1000) knownZones.set(zone, known);
  }
  return known;
}

export const MeetingPlace = z.object({
  /** The building ("Senior Center"). */
  location: z.string().max(200).optional(),
  address: z.string().max(200).optional(),
  city: z.string().max(100).optional(),
  state: z.string().max(40).optional(),
  postalCode: z.string().max(20).optional(),
  /** One line, as the feed's formatted_address or built from the parts. */
  formatted: z.string().max(400),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
});
export type MeetingPlace = z.infer<typeof MeetingPlace>;

export const Meeting = z
  .object({
    /** "<fellowship>:<slug>", unique in the store. */
    id: z.string().min(3).max(240),
    fellowship: z.string().min(1).max(40),
    name: z.string().min(1).max(200),
    /** 0 = Sunday … 6 = Saturday. */
    days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
    time: HHMM,
    endTime: HHMM.optional(),
    timezone: TimeZone,
    /** Meeting Guide type codes; unknown codes are dropped at import. */
    types: z.array(z.string().refine(isMeetingType, 'not a Meeting Guide type code')).max(60),
    /** Where people meet in person (absent for online-only meetings). */
    place: MeetingPlace.optional(),
    /** The town an online-only meeting belongs to, for "near you" (approximate). */
    area: z.object({ city: z.string().max(100).optional(), state: z.string().max(40).optional(), latitude: z.number().optional(), longitude: z.number().optional() }).optional(),
    online: z.object({ url: z.url({ protocol: /^https?$/ }).optional(), phone: z.string().max(80).optional() }).optional(),
    /** The feed said the location is approximate. */
    approximate: z.boolean(),
    /** YYYY-MM-DD, when the listing was last updated. */
    updated: z.iso.date().optional(),
    url: z.url({ protocol: /^https?$/ }).optional(),
    notes: z.string().max(1000).optional(),
    entity: z.object({ name: z.string().max(200), phone: z.string().max(40).optional(), url: z.url({ protocol: /^https?$/ }).optional() }).optional(),
  })
  .refine((m) => m.place !== undefined || m.online !== undefined, { message: 'a meeting needs a place or a way to join online', path: ['place'] });
export type Meeting = z.infer<typeof Meeting>;

export const MeetingsMeta = z.object({
  source: z.string().min(1),
  /** Fictional listings: the bot says so when it shows them. */
  sample: z.boolean(),
  generatedAt: z.iso.datetime(),
  feeds: z.array(z.object({ file: z.string(), fellowship: z.string(), rowsRead: z.number().int(), kept: z.number().int(), skipped: z.number().int() })),
});
export type MeetingsMeta = z.infer<typeof MeetingsMeta>;

export const MeetingsFile = z
  .object({ meta: MeetingsMeta, meetings: z.array(Meeting) })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.meetings.forEach((m, i) => {
      if (seen.has(m.id)) ctx.addIssue({ code: 'custom', message: `duplicate id ${m.id}`, path: ['meetings', i, 'id'] });
      seen.add(m.id);
    });
  });
export type MeetingsFile = z.infer<typeof MeetingsFile>;

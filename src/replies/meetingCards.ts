import { ActionTypes, CardFactory, MessageFactory, type Activity, type Attachment, type CardAction, type TurnContext } from 'botbuilder';
import type { MeetingHit } from '../domain/meetings/search.js';
import type { MeetingTexts } from '../domain/meetings/texts.js';
import { typeNames } from '../domain/meetings/types.js';
import { DEFAULT_LOCALE, type Locale } from '../domain/locale.js';
import { turnLocale } from '../turn/locale.js';
import { fill } from '../domain/template.js';
import { cardsLayout, isTeams } from './render.js';
import { clockTime } from './clockTime.js';

/**
 * Meetings as cards: when in words in the meeting's own time ("Today 7:30 pm, in 40 minutes"),
 * how far or online, the kind of meeting, open or closed, the address with a map link or the
 * join link and dial-in, and a word when the listing is approximate or old. A carousel or a
 * list, whichever the channel draws; an Adaptive Card on Teams.
 */

const DAY_KEYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
/** A listing not updated for this long is called old. */
const OLD_AFTER_DAYS = 365;

const zoneNames = new Map<string, Intl.DateTimeFormat>();

/** The zone's short name at that instant ("CST", "MDT"), from the runtime's time-zone data. */
function zoneName(zone: string, at: Date): string {
  let f = zoneNames.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' });
    zoneNames.set(zone, f);
  }
  return f.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/** "Today 7:30 pm, in 40 minutes", "Saturday 10:00 am". */
export function whenText(hit: MeetingHit, t: MeetingTexts): string {
  const time = clockTime(hit.meeting.time);
  const c = t.card;
  const day =
    hit.dayOffset === 0 ? fill(c.today, { time }) : hit.dayOffset === 1 ? fill(c.tomorrow, { time }) : fill(c.weekday, { day: t.days[DAY_KEYS[hit.weekday] ?? 'sunday'], time });
  const m = hit.minutesUntil;
  const soon =
    m <= 0 && m > -5 ? c.startingNow : m < 0 ? fill(c.started, { minutes: -m }) : m < 90 ? fill(c.inMinutes, { minutes: m }) : m <= 6 * 60 ? fill(c.inHours, { hours: Math.round(m / 30) / 2 }) : undefined;
  // People join an online meeting from anywhere: its zone is named ("CST"), since its clock may not be theirs.
  const zone = hit.online && !hit.inPersonHere ? ` ${zoneName(hit.meeting.timezone, hit.startsAt)}` : '';
  return soon ? `${day}${zone}, ${soon}` : `${day}${zone}`;
}

function whereText(hit: MeetingHit, t: MeetingTexts): string {
  const miles = hit.distanceMiles === undefined ? undefined : Math.max(0.1, hit.distanceMiles);
  if (hit.meeting.place && hit.online && miles !== undefined) return fill(t.card.hybrid, { miles });
  if (hit.meeting.place && miles !== undefined && !hit.online) return fill(t.card.milesAway, { miles });
  if (hit.online) return t.card.online;
  return hit.meeting.place?.formatted ?? '';
}

function mapUrl(hit: MeetingHit): string | undefined {
  const place = hit.meeting.place;
  if (!place) return undefined;
  if (place.latitude !== undefined && place.longitude !== undefined) {
    return `https://www.openstreetmap.org/?mlat=${place.latitude}&mlon=${place.longitude}#map=17/${place.latitude}/${place.longitude}`;
  }
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(place.formatted)}`;
}

function notes(hit: MeetingHit, t: MeetingTexts, now: Date): string[] {
  const out: string[] = [];
  if (hit.meeting.approximate && hit.meeting.place) out.push(t.card.approximate);
  const updated = hit.meeting.updated;
  if (updated && (now.getTime() - Date.parse(updated)) / 86_400_000 > OLD_AFTER_DAYS) out.push(fill(t.card.old, { date: updated }));
  return out;
}

/** The lines of one meeting under its name. */
export function meetingLines(hit: MeetingHit, t: MeetingTexts, now: Date, language: Locale = DEFAULT_LOCALE): string[] {
  const m = hit.meeting;
  // The type names in the person's language, from @code4recovery/spec ("Mujeres", "Español").
  const kinds = typeNames(m.types, language);
  const lines = [whereText(hit, t), kinds.length > 0 ? fill(t.card.kinds, { fellowship: m.fellowship, types: kinds.join(', ') }) : m.fellowship];
  if (m.types.includes('C')) lines.push(t.card.closed);
  else if (m.types.includes('O')) lines.push(t.card.open);
  // The address where the person could go: in person near them, or when it meets only in person.
  if (m.place && (hit.inPersonHere || !hit.online)) lines.push([m.place.location, m.place.formatted].filter(Boolean).join(', '));
  if (m.online?.phone) lines.push(fill(t.card.dialIn, { phone: m.online.phone }));
  lines.push(...notes(hit, t, now));
  return lines;
}

function links(hit: MeetingHit, t: MeetingTexts): Array<{ title: string; url: string }> {
  const map = hit.inPersonHere || !hit.online ? mapUrl(hit) : undefined;
  return [
    ...(hit.meeting.online?.url ? [{ title: t.card.join, url: hit.meeting.online.url }] : []),
    ...(map ? [{ title: t.card.map, url: map }] : []),
    ...(hit.meeting.url ? [{ title: t.card.details, url: hit.meeting.url }] : []),
  ];
}

export function meetingCard(channel: TurnContext | string, hit: MeetingHit, t: MeetingTexts, now: Date): Attachment {
  const when = whenText(hit, t);
  const lines = meetingLines(hit, t, now, typeof channel === 'string' ? DEFAULT_LOCALE : turnLocale(channel));
  if (isTeams(channel)) {
    return CardFactory.adaptiveCard({
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      body: [
        { type: 'TextBlock', text: hit.meeting.name, weight: 'Bolder', size: 'Medium', wrap: true },
        { type: 'TextBlock', text: when, weight: 'Bolder', spacing: 'None', wrap: true },
        ...lines.map((text, i) => ({ type: 'TextBlock', text, wrap: true, ...(i === 0 ? { isSubtle: true } : { spacing: 'Small' }) })),
      ],
      actions: links(hit, t).map(({ title, url }) => ({ type: 'Action.OpenUrl', title, url })),
    });
  }
  const buttons: CardAction[] = links(hit, t).map(({ title, url }) => ({ type: ActionTypes.OpenUrl, title, value: url }));
  return CardFactory.heroCard(hit.meeting.name, undefined, buttons, { subtitle: when, text: lines.join('\n\n') });
}

/** The meetings as one message, with a text fallback naming each meeting and when. */
export function meetingCardsMessage(channel: TurnContext | string, hits: readonly MeetingHit[], t: MeetingTexts, now: Date): Partial<Activity> {
  const cards = hits.map((hit) => meetingCard(channel, hit, t, now));
  const summary = hits.map((hit) => `${hit.meeting.name}: ${whenText(hit, t)}`).join('\n');
  return cardsLayout(channel) === 'carousel' ? MessageFactory.carousel(cards, summary) : MessageFactory.list(cards, summary);
}

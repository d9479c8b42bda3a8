import { resolvePlace, zipInText, type PlaceResult } from '../assessment/location.js';
import { normalizeAnswer } from '../assessment/textMatch.js';
import type { MeetingWhen } from './search.js';

/**
 * What a person asking for a meeting said they want, read from their words for this turn only
 * (the words themselves are never kept): "AA meeting near 45402", "NA meeting online now",
 * "women's meeting this weekend", "reunión en español", "meetings for newcomers".
 */
export interface MeetingRequest {
  when?: MeetingWhen;
  mode?: 'online' | 'in_person';
  /** Meeting Guide type codes asked for. */
  types: string[];
  fellowship?: string;
  /** A ZIP code or a place named after "in", "near", "around". */
  place?: PlaceResult;
}

/** Each pattern runs on normalized text (lower case, apostrophes dropped, punctuation as spaces). */
const WHEN: ReadonlyArray<readonly [RegExp, MeetingWhen]> = [
  [/\b(tonight|this evening|later today|esta noche|hoy en la noche)\b/, 'tonight'],
  [/\b(right now|now|currently|starting soon|happening|ahora|ya mismo)\b/, 'now'],
  // "mañana" is tomorrow, except "en la mañana" (in the morning).
  [/\b(tomorrow|manana por la|pasado)\b|(?<!\bla )\bmanana\b/, 'tomorrow'],
  [/\b(weekend|saturday|sunday|sabado|domingo|fin de semana)\b/, 'weekend'],
  [/\b(today|hoy)\b/, 'today'],
];
const ONLINE = /\b(online|on line|virtual|virtually|zoom|video|from home|en linea|por internet|by phone|phone meeting)\b/;
const IN_PERSON = /\b(in person|face to face|en persona|presencial)\b/;
const TYPES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(women|womens|woman|womans|ladies|female|mujeres|mujer)\b/, 'W'],
  [/\b(men|mens|man|mans|guys|male|hombres)\b/, 'M'],
  [/\b(spanish|espanol|español|en espanol|reunion|reuniones|junta|juntas|hispano|latino)\b/, 'S'],
  [/\b(newcomer|newcomers|beginner|beginners|first meeting|first time|new to|new in recovery|principiantes|principiante|primera vez)\b/, 'BE'],
  [/\b(young people|young peoples|youth|jovenes|gente joven)\b/, 'Y'],
  [/\b(lgbtq|lgbt|gay|lesbian|queer|trans)\b/, 'LGBTQ'],
  [/\b(open meeting|open meetings|open to all|abierta|abiertas)\b/, 'O'],
  [/\b(closed meeting|closed meetings|cerrada|cerradas)\b/, 'C'],
];
// Fellowships the catalog may not list are named too: a search that finds none of them then says
// so (fellowshipDropped) instead of showing AA meetings as if they were what was asked for.
const FELLOWSHIPS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(smart recovery|smart meetings?)\b/, 'SMART Recovery'],
  [/\b(al anon|alanon)\b/, 'Al-Anon'],
  [/\b(celebrate recovery)\b/, 'Celebrate Recovery'],
  [/\b(cocaine anonymous)\b/, 'CA'],
  [/\b(aa|alcoholics anonymous|alcoholicos anonimos)\b/, 'AA'],
  [/\b(na|narcotics anonymous|narcoticos anonimos)\b/, 'NA'],
];
/** "in Dayton OH", "near Portland, Oregon": the words after the preposition, up to a time word. */
const PLACE = /\b(?:in|near|around|close to|by|cerca de|en)\s+([a-z][a-z ]{1,40}?)\s*(?:$|\b(?:tonight|today|tomorrow|now|this|on|for|that|please|pls)\b)/;
const NOT_PLACES = new Set(['person', 'espanol', 'spanish', 'english', 'linea', 'the area', 'my area', 'town', 'the morning', 'the evening', 'recovery', 'persona']);

export function readMeetingRequest(text: string): MeetingRequest {
  const t = normalizeAnswer(text);
  const request: MeetingRequest = { types: [] };
  for (const [pattern, when] of WHEN) {
    if (pattern.test(t)) {
      request.when = when;
      break;
    }
  }
  if (IN_PERSON.test(t)) request.mode = 'in_person';
  else if (ONLINE.test(t)) request.mode = 'online';
  for (const [pattern, code] of TYPES) if (pattern.test(t) && !request.types.includes(code)) request.types.push(code);
  for (const [pattern, name] of FELLOWSHIPS) {
    if (pattern.test(t)) {
      request.fellowship = name;
      break;
    }
  }
  const zip = zipInText(text);
  if (zip) request.place = resolvePlace(zip);
  else {
    const named = PLACE.exec(t)?.[1]?.trim();
    if (named && !NOT_PLACES.has(named)) {
      const place = resolvePlace(named);
      if (place.kind === 'found' || place.kind === 'ambiguous') request.place = place;
    }
  }
  return request;
}

import { join } from 'node:path';
import { chat, label, textsSchema, type TextsOf } from '../template.js';

/**
 * The words of the meeting search (data/meetings-text.json), declared like data/messages.json
 * (messages.ts): each text with the placeholders its code supplies and those it must use, so a
 * mistake stops the start with the file and key named. Meeting type names ("Open", "Women",
 * "Español") come from the @code4recovery/spec package (types.ts), not from here.
 */
export const MEETING_TEXT_SPECS = {
  /** The button that opens the meeting search, offered after topics and results where it helps. */
  findMeeting: label(),
  askPlace: chat(),
  placeUnknown: chat(),
  placeAmbiguous: chat(['city', 'states'], { required: ['city'] }),
  online: label(),
  showMore: label(),
  /** {when} is one of `when` below; {place} the person's ZIP code or town. */
  introNear: chat(['when', 'miles', 'place'], { required: ['place'] }),
  introOnline: chat(['when']),
  when: {
    now: chat(),
    tonight: chat(),
    today: chat(),
    tomorrow: chat(),
    weekend: chat(),
    week: chat(),
  },
  /** {types}: the type names asked for ("Women, Spanish"). */
  onlyTypes: chat(['types'], { required: ['types'] }),
  fellowshipDropped: chat(['fellowship'], { required: ['fellowship'] }),
  sampleNote: chat(),
  none: chat(['helpline'], { required: ['helpline'] }),
  noMore: chat(),
  closedNote: chat(),
  whatNext: chat(['helpline']),
  /** Under later pages and an empty result: what else. */
  again: chat(),
  /** Added before the results late at night (10 pm to 5 am where the person is, when the bot knows where that is). */
  lateNight: chat(['helpline'], { required: ['helpline'] }),
  /** Before the menu late at night, with a "Find a meeting" button in the menu. */
  lateNightMenu: chat(),
  /** The lines of one meeting. */
  card: {
    today: chat(['time'], { required: ['time'] }),
    tomorrow: chat(['time'], { required: ['time'] }),
    weekday: chat(['day', 'time'], { required: ['day', 'time'] }),
    inMinutes: chat(['minutes'], { required: ['minutes'] }),
    inHours: chat(['hours'], { required: ['hours'] }),
    startingNow: chat(),
    started: chat(['minutes'], { required: ['minutes'] }),
    milesAway: chat(['miles'], { required: ['miles'] }),
    online: chat(),
    hybrid: chat(['miles']),
    open: chat(),
    closed: chat(),
    join: label(),
    dialIn: chat(['phone'], { required: ['phone'] }),
    map: label(),
    details: label(),
    approximate: chat(),
    old: chat(['date'], { required: ['date'] }),
    /** The fellowship and the type names: "AA · Discussion, Women". */
    kinds: chat(['fellowship', 'types'], { required: ['fellowship'] }),
  },
  days: {
    sunday: label(),
    monday: label(),
    tuesday: label(),
    wednesday: label(),
    thursday: label(),
    friday: label(),
    saturday: label(),
  },
} as const;

export type MeetingTexts = TextsOf<typeof MEETING_TEXT_SPECS>;
export const MeetingTextsFile = textsSchema(MEETING_TEXT_SPECS);

export const meetingTextsPath = (dir: string): string => join(dir, 'meetings-text.json');

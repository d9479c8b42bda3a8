import { DEFAULT_LOCALE, localePath, type Locale } from './locale.js';
import { chat, label, textsSchema, type TextsOf } from './template.js';
import { REASON_SPECS } from './catalog/reasons.js';
import { SUMMARY_SPECS } from './profile/profileSummary.js';

/**
 * The words of the dialogs and replies that are not content.json's menus and topics:
 * data/messages.json. Each text is declared here with the placeholders its code supplies
 * ({helpline}, {phone}…) and those it must use, so data/ can be edited freely and a mistake
 * stops the start with the file and key named.
 *
 * Locales: English is data/messages.json, Spanish data/locales/es/messages.json (locale.ts).
 */
export const MESSAGE_SPECS = {
  helpline: {
    /** Before the hours in every helpline message. */
    callAnyTime: chat(['helpline'], { required: ['helpline'] }),
    /** The title of the helpline's call card. */
    cardTitle: label(),
    /** The call button of a card for one number. */
    callButton: label(['number'], { required: ['number'] }),
    /** Added in a conversation not in English when HELPLINE_SPANISH_STAFF=true. */
    staffSpeaksSpanish: chat(),
    /** Added in a conversation not in English otherwise: SAMHSA's National Helpline answers in Spanish. */
    helpInSpanish: chat([], { mustSay: ['1-800-662-4357'] }),
  },
  callback: {
    askPhone: chat(),
    notAPhone: chat(),
    /** Follows notAPhone when a number was not understood. */
    orCallUs: chat(['helpline'], { required: ['helpline'] }),
    askTime: chat(),
    timeRetry: chat(),
    consent: chat(['phone', 'when', 'days'], { required: ['phone', 'when', 'days'] }),
    consentYes: label(),
    consentNo: label(),
    tapYesOrNo: chat(['yes', 'no']),
    notSaved: chat(),
    callYourself: chat(),
    saveFailed: chat(),
    saved: chat(['phone', 'when', 'helpline'], { required: ['phone', 'when'] }),
    /** The best-time buttons; a tap is kept as the English value staff read (bestTime.ts canonicalBestTime). */
    times: {
      morning: label(),
      afternoon: label(),
      evening: label(),
      asap: label(),
    },
    /** How the best time to call reads in the consent and the confirmation. */
    when: {
      morning: chat(),
      afternoon: chat(),
      evening: chat(),
      asap: chat(),
      given: chat(['time'], { required: ['time'] }),
    },
  },
  talk: {
    offerCallback: chat(),
    offerCallbackOrChat: chat(),
    callback: label(),
    chat: label(),
  },
  handoff: {
    /** {summary} is the person's answers as a list, one "- " line each. */
    askToShare: chat(['summary'], { required: ['summary'] }),
    shareYes: label(),
    shareNo: label(),
    tapYesOrNo: chat(['yes', 'no']),
    connecting: chat(['wait', 'helpline'], { required: ['wait'] }),
    waitSeconds: chat(['seconds'], { required: ['seconds'] }),
    waitMinutes: chat(['minutes'], { required: ['minutes'] }),
    connected: chat(),
    stillWaiting: chat(['helpline']),
    failed: chat(),
    timeout: chat(),
    completed: chat(),
  },
  forgetMe: {
    ask: chat(),
    yes: label(),
    no: label(),
    kept: chat(),
    erased: chat(),
  },
  suggestions: {
    detoxFirst: chat(),
    maybeNotNear: chat(),
    noneFound: chat(),
    noMore: chat(),
    intro: chat(),
    introMore: chat(),
    /** Added after the intro when the catalog is the demo's sample listings. */
    sampleNote: chat(),
    chooseHelp: chat(['helpline']),
  },
  /** What the program search loosened when nothing fit (src/domain/catalog/relaxation.ts names the key). */
  relaxed: {
    toTelehealth: chat(['miles']),
    toInPerson: chat(['miles']),
    wider: chat(['from', 'to'], { required: ['to'] }),
    schedule: chat(),
    /** {payment}: how the person pays, in words ("Medicaid"). */
    payment: chat(['payment'], { required: ['payment'] }),
    /** {language}: the language's name ("Spanish"). */
    language: chat(['language'], { required: ['language'] }),
    /** Someone without a car, when nothing fits within reach: further away, and a word about rides. */
    widerNoCar: chat(['from', 'to'], { required: ['to'] }),
    /** {medication}: the medication's name ("buprenorphine (Suboxone)"). */
    medication: chat(['medication'], { required: ['medication'] }),
  },
  /** The results turn and refining it (dialogs/suggestionsDialog.ts). */
  results: {
    /** The one framing line before the cards. {title}: the guidance's title ("An IOP is a common next step"). */
    framing: chat(['title']),
    /** The same, when the help is for someone else ("…could fit them"). */
    framingThem: chat(['title']),
    framingMore: chat(),
    /** Location known and nothing listed within reach or by telehealth in their state. {place}: "Bangor, ME". */
    noListings: chat(['place', 'helpline'], { required: ['place', 'helpline'] }),
    findTreatment: label(),
    /** After the cards: what else can be checked, and that words work too. */
    refineOffer: chat(['helpline'], { required: ['helpline'] }),
    refineInsurance: label(),
    refineMedication: label(),
    refineLanguage: label(),
    /** After the programs: the language of care, with the common ones as buttons. */
    languageQuestion: chat(),
    /** Said before the programs again after a change ("Evenings only"). */
    updated: chat(),
    /** Asked only when programs nearby admit one gender alone. */
    genderQuestion: chat(),
    genderWoman: label(),
    genderMan: label(),
    genderAnother: label(),
    genderPreferNot: label(),
    medicationQuestion: chat(),
    /** After the cards, when alcohol, benzos or opioids came up: medication treatment offered by name. */
    medicationOffer: chat(['helpline'], { required: ['helpline'] }),
    medicationBuprenorphine: label(),
    medicationMethadone: label(),
    medicationNaltrexone: label(),
    closerNote: chat(['miles'], { required: ['miles'] }),
    cheaperNote: chat(),
    notUnderstood: chat(),
  },
  /** On a program card: what it does not list of what was asked for, said plainly. */
  caveats: {
    paymentNotListed: chat(['payment'], { required: ['payment'] }),
    medicationNotListed: chat(['medication'], { required: ['medication'] }),
    languageNotListed: chat(['language'], { required: ['language'] }),
  },
  /** Replies to a message with no text. */
  emptyMessage: {
    attachment: chat(),
    unreadable: chat(),
    empty: chat(),
  },
  /** When a turn fails: the only thing the person sees of it. */
  turnError: {
    apology: chat(['helpline']),
    /** Crisis words were in the turn and the crisis response may not have gone out: 911 and 988 must be in it. */
    crisisApology: chat(['helpline'], { mustSay: ['911', '988'] }),
  },
  /** What the web chat page shows when it cannot start a chat (src/features/directline/tokenRoute.ts). */
  webChat: {
    tooManyNewChats: chat(['helpline'], { required: ['helpline'] }),
    unreachable: chat(['helpline'], { required: ['helpline'] }),
    full: chat(['helpline'], { required: ['helpline'] }),
  },
  /** Texts of the root dialog (dialogs/mainDialog.ts). */
  main: {
    findWithHelpline: chat(),
    knowNothing: chat(),
    /** {items} is the person's answers as a list, one "- " line each. */
    whatYouToldMe: chat(['items'], { required: ['items'] }),
  },
  /** Why a program fits, on its card (src/domain/catalog/reasons.ts builds them from these). */
  reasons: REASON_SPECS,
  /** The person's answers as lines (src/domain/profile/profileSummary.ts). */
  summary: SUMMARY_SPECS,
} as const;

export type Messages = TextsOf<typeof MESSAGE_SPECS>;
export const MessagesFile = textsSchema(MESSAGE_SPECS);

export { LOCALES, DEFAULT_LOCALE, type Locale } from './locale.js';

/** Where a locale's messages are: English at data/messages.json, others under data/locales/<locale>/. */
export function messagesPath(dir: string, locale: Locale = DEFAULT_LOCALE): string {
  return localePath(dir, 'messages.json', locale);
}

/** The answers as the bulleted lines the summary texts take. */
export const bulletLines = (lines: readonly string[]): string => lines.map((l) => `- ${l}`).join('\n');

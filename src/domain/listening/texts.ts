import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../../paths.js';
import { readJsonFile } from '../content.js';
import { chat, label, textsSchema, type TextSpecs, type TextsOf } from '../template.js';

/**
 * The words of a bot that listens (data/listening.json, and data/locales/<locale>/listening.json):
 * what it says it understood beyond the assessment's own answers, the answers to the questions
 * people in recovery ask, help for someone else, and what it says after two misunderstandings.
 * Declared like data/messages.json (messages.ts), so a missing key or a stray {placeholder}
 * stops the start with the file and key named.
 */
const answer = () => ({ answer: chat(['helpline']), more: chat(['helpline']) }) as const;

export const LISTENING_TEXT_SPECS = {
  /** Parts of the one-line "Got it: …" (assessment.json's gotIt joins them with the answers understood). */
  heard: {
    /** Who the help is for; the others' can name them ("you're looking for help for {who}"). */
    forWhom: {
      self: chat(),
      child: chat(['who']),
      partner: chat(['who']),
      parent: chat(['who']),
      friend: chat(['who']),
      other_family: chat(['who']),
    },
    /** How someone else is named in "Got it": by relation, and by gender when it is known ("your son"). */
    who: {
      child: { man: label(), woman: label(), any: label() },
      partner: { man: label(), woman: label(), any: label() },
      parent: { man: label(), woman: label(), any: label() },
      friend: { man: label(), woman: label(), any: label() },
      other_family: { man: label(), woman: label(), any: label() },
    },
    /** Their age: "your son is 16", "tu hija tiene 17 años". */
    age: chat(['who', 'age'], { required: ['age'] }),
    /** Their age right after naming them ("you're looking for help for your son, they're 16"). */
    ageThey: chat(['age'], { required: ['age'] }),
    medication: {
      buprenorphine: chat(),
      methadone: chat(),
      naltrexone: chat(),
    },
    /** A state named without a town ("I'm in Arizona"). */
    state: chat(['state'], { required: ['state'] }),
    /** The same for someone else ("they're in Arizona"). */
    stateThem: chat(['state'], { required: ['state'] }),
    /** Something said before that no longer applies ("I'm not in school"). */
    removed: chat(['items'], { required: ['items'] }),
    /** After a correction while programs are on screen: they are looked up again. */
    reranked: chat(),
  },
  /** The questions people ask; each is an answer and a next step ({helpline} where it helps). */
  faq: {
    confidential: answer(),
    employer: answer(),
    twelveStep: answer(),
    availableNow: answer(),
    duration: answer(),
    firstDay: answer(),
    va: answer(),
    medication: answer(),
    family: answer(),
    changeLanguage: answer(),
  },
  /** Buttons under an answer. */
  findProgram: label(),
  findForThem: label(),
  /** Help for someone else: said once when it becomes clear, before the questions go on about them. */
  someoneElse: {
    intro: chat(['helpline'], { required: ['helpline'] }),
    /** A parent's message about a child: the crisis numbers, always, beside the way forward. */
    childSafety: chat(['helpline'], { mustSay: ['911', '988'] }),
    /** Asked once when their age is not known yet: some programs are only for teens, young adults or older adults. */
    askAge: chat(),
    /** The program search's first words when it is for someone else (the assessment's own intro says "you"). */
    searchIntro: chat(),
  },
  /** Two misunderstandings in a row anywhere: the helpline and what the bot can do. */
  notUnderstoodTwice: chat(['helpline'], { required: ['helpline'] }),
  /** The assessment's questions about someone else, by question id (the others are asked as they are). */
  aboutThem: {
    careStage: chat(),
    heavyUse: chat(),
    symptomsWhenStopping: chat(),
    pastSeizuresOrDts: chat(),
    readiness: chat(),
    responsibilities: chat(),
    workShift: chat(),
    transport: chat(),
    homeSafe: chat(),
    availability: chat(),
    format: chat(),
    payment: chat(),
    language: chat(),
    location: chat(),
    ageGroup: chat(),
    interests: chat(),
    coOccurring: chat(),
  },
} as const satisfies TextSpecs;

export type ListeningTexts = TextsOf<typeof LISTENING_TEXT_SPECS>;
export const ListeningTextsFile = textsSchema(LISTENING_TEXT_SPECS);
export type FaqKey = keyof ListeningTexts['faq'];

/** The questions people ask, as the replies the route table names ("faq.confidential"). */
export type FaqReply = `faq.${FaqKey}`;
export const isFaqReply = (reply: string): reply is FaqReply => reply.startsWith('faq.');

let cached: Map<string, ListeningTexts> | undefined;

/**
 * The texts for a locale: data/listening.json for English, data/locales/<locale>/listening.json
 * for another once it exists (English until then). Read and validated on first use; the root
 * dialog asks for English when it is built, so a bad file stops the start.
 */
export function listeningTexts(locale = 'en', dir = fromRoot('data')): ListeningTexts {
  cached ??= new Map();
  const known = cached.get(locale);
  if (known) return known;
  const localized = locale === 'en' ? join(dir, 'listening.json') : join(dir, 'locales', locale, 'listening.json');
  const texts = locale !== 'en' && !existsSync(localized) ? listeningTexts('en', dir) : readJsonFile(localized, ListeningTextsFile);
  cached.set(locale, texts);
  return texts;
}

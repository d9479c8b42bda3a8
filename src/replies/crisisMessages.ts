import { CardFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { readLocaleFile } from '../domain/content.js';
import { DEFAULT_LOCALE, perLocale, type Locale } from '../domain/locale.js';
import { turnLocale } from '../turn/locale.js';
import { adaptiveCallAction, callAction, callUrl, isTeams, TEL_URL } from './render.js';
import type { CrisisKind } from '../domain/safety/crisisKind.js';

const CallNumber = z.object({
  label: z.string().min(1),
  display: z.string().min(3),
  tel: z.string().regex(TEL_URL, { error: 'expected tel:+1 and 10 digits, tel:988 or tel:911' }),
});

const KindResponse = z.object({ lead: z.string().min(1), steps: z.string().min(1), numbers: z.array(CallNumber).min(1) });

export const CrisisResponsesFile = z.object({
  /** The title of the card holding the call buttons (not on Teams, whose card is the numbers themselves). */
  cardTitle: z.string().min(1).max(40),
  suicide_self_harm: KindResponse,
  medical_emergency: KindResponse,
  harm_to_others: KindResponse,
  followUp: z.object({
    askSafe: z.string(),
    safe: z.string(),
    notSafe: z.string(),
    person: z.string(),
    gladSafe: z.string(),
    notSafeReply: z.string(),
    /** The safe question asked in other words, for a crisis later in the same conversation. */
    askSafeAgain: z.string().min(1),
    /** "idk", "maybe", "...": still the numbers and a person, without pressing. */
    unsureReply: z.string().min(1),
    /** More pain in the answer ("nobody cares"): heard, then the numbers and a person. */
    distressReply: z.string().min(1),
    /** Safe but hurting ("I just feel empty"): a gentle check-in and a person offered. */
    checkIn: z.string().min(1),
    /** Crisis words again while the follow-up waits. */
    stillHere: z.string().min(1),
    offer: z.string(),
    nextSteps: z.string(),
    continue: z.string(),
    getHelpNow: z.string(),
  }),
});
export type CrisisTexts = z.infer<typeof CrisisResponsesFile>;
/**
 * The crisis texts, in English, with every other locale one `in(locale)` away (loaded and
 * validated at start-up like the rest of data/). A bare CrisisTexts (a test's) is used as is.
 */
export type CrisisResponses = CrisisTexts & { in?(locale: Locale): CrisisTexts };

/** Every locale's crisis-responses.json: data/, and data/locales/<locale>/. */
export function loadCrisisResponses(dir = 'data'): CrisisResponses {
  const all = perLocale((locale) => readLocaleFile(dir, 'crisis-responses.json', locale, CrisisResponsesFile));
  return { ...all[DEFAULT_LOCALE], in: (locale: Locale) => all[locale] };
}

/** The crisis texts in the turn's language (src/turn/locale.ts). */
export function crisisTextsFor(context: TurnContext, responses: CrisisResponses): CrisisTexts {
  return responses.in ? responses.in(turnLocale(context)) : responses;
}

/**
 * The crisis response: the numbers as text (some clients ignore tel: links) and a call
 * button for each, drawn the channel's way (render.ts): on Teams an Adaptive Card.
 *
 * On Teams each number is also a tel: link in the words, in the message and on the card
 * ("Call or text 988: [988](tel:988)"). Teams desktop and web often do nothing when a card's
 * Action.OpenUrl button opens a tel: URL, while the same link in a message's text works in
 * every Teams client: so whatever the client, 988 can be tapped, and it can still be read.
 */
export function crisisActivity(channel: TurnContext | string, all: CrisisResponses, kind: CrisisKind): Partial<Activity> {
  const responses = typeof channel === 'string' ? all : crisisTextsFor(channel, all);
  const r = responses[kind];
  if (isTeams(channel)) {
    const linked = r.numbers.map((n) => `${n.label}: [${n.display}](${callUrl(channel, n.tel)})`);
    const card = CardFactory.adaptiveCard({
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      body: linked.map((line) => ({ type: 'TextBlock', text: line, weight: 'Bolder', wrap: true })),
      actions: r.numbers.map((n) => adaptiveCallAction(channel, n.label, n.tel)),
    });
    const msg = MessageFactory.attachment(card, `${r.lead}\n\n${r.steps}\n\n${linked.join('\n\n')}`);
    msg.textFormat = 'markdown';
    return msg;
  }
  const numbersText = r.numbers.map((n) => `${n.label}: ${n.display}`).join('\n\n');
  const text = `${r.lead}\n\n${r.steps}\n\n${numbersText}`;
  const card = CardFactory.heroCard(
    responses.cardTitle,
    undefined,
    r.numbers.map((n) => callAction(channel, n.label, n.tel)),
  );
  return MessageFactory.attachment(card, text);
}

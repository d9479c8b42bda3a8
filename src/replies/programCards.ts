import { ActionTypes, CardFactory, MessageFactory, type Activity, type Attachment, type CardAction, type TurnContext } from 'botbuilder';
import type { Caveat, ProgramMatch } from '../domain/catalog/matcher.js';
import { describeTrack, type ReasonTexts } from '../domain/catalog/reasons.js';
import type { BotText } from '../domain/content.js';
import { fill } from '../domain/template.js';
import { adaptiveCallAction, callAction, cardsLayout, isTeams, type ChoiceSubmit } from './render.js';
import { clockTime } from './clockTime.js';

/** What a card says of a payment, medication or language the program does not list (data/messages.json "caveats"). */
export type CaveatTexts = Readonly<Record<Caveat['key'], string>>;

/** The words on a program card that come from data/content.json. */
export type ProgramCardWords = BotText['programCard'];

/** 555-010-0123 (x12) as the tel: URL in E.164; a button cannot dial an extension, the card's text names it. */
const telOf = (phone: string): string => `tel:+1${phone.replace(/\s*x\d+$/, '').replace(/\D/g, '')}`;

/** "Call Cedar Treatment Center": with two or three cards side by side, a button that names the program says which one it calls. */
const callLabel = (words: ProgramCardWords, name: string): string => fill(words.call, { name });

function whereText(match: ProgramMatch, words: ProgramCardWords): string {
  const { city, state } = match.program.address;
  const viaTelehealth = match.fittingTracks[0]?.format === 'telehealth';
  if (viaTelehealth) return fill(words.telehealth, { city, state });
  if (match.distanceMiles !== undefined) {
    const miles = Math.round(match.distanceMiles);
    return miles <= 1 ? fill(words.mileAway, { city, state }) : fill(words.milesAway, { miles, city, state });
  }
  return fill(words.place, { city, state });
}

function scheduleText(match: ProgramMatch, words: ProgramCardWords, reasonWords: ReasonTexts): string {
  const track = match.fittingTracks[0];
  return track ? fill(words.schedule, { days: describeTrack(track, reasonWords), start: clockTime(track.start), end: clockTime(track.end) }) : words.scheduleUnknown;
}

/**
 * One program as a card: name, distance or telehealth, the fitting schedule, reasons, the
 * number as text, and Call {name} / Website / Show more. On Teams the call button has a row
 * of its own: Teams cuts a button's title that does not fit, and the name is the point.
 */
export function programCard(
  channel: TurnContext | string,
  match: ProgramMatch,
  offerMore: boolean,
  words: ProgramCardWords,
  reasonWords: ReasonTexts,
  caveatTexts?: CaveatTexts,
): Attachment {
  const p = match.program;
  const phone = p.intakePhone ?? p.phone;
  const reasons = match.reasons.slice(0, 3);
  // What it does not list of what they asked for, said plainly rather than left out.
  const caveats = caveatTexts ? (match.caveats ?? []).map((c) => fill(caveatTexts[c.key], c.values)) : [];
  const call = callLabel(words, p.name);
  const where = whereText(match, words);
  const schedule = scheduleText(match, words, reasonWords);
  if (isTeams(channel)) {
    const others = [
      ...(p.website ? [{ type: 'Action.OpenUrl', title: words.website, url: p.website }] : []),
      ...(offerMore ? [{ type: 'Action.Submit', title: words.showMore, data: { choice: words.showMore } satisfies ChoiceSubmit }] : []),
    ];
    return CardFactory.adaptiveCard({
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      body: [
        { type: 'TextBlock', text: p.name, weight: 'Bolder', size: 'Medium', wrap: true },
        { type: 'TextBlock', text: where, isSubtle: true, spacing: 'None', wrap: true },
        { type: 'TextBlock', text: schedule, wrap: true },
        { type: 'TextBlock', text: reasons.map((r) => `- ${r}`).join('\r'), wrap: true },
        ...caveats.map((text) => ({ type: 'TextBlock', text, color: 'Attention', wrap: true })),
        { type: 'TextBlock', text: fill(words.callPhone, { phone }), weight: 'Bolder', wrap: true },
        { type: 'ActionSet', actions: [adaptiveCallAction(channel, call, telOf(phone))] },
      ],
      ...(others.length > 0 ? { actions: others } : {}),
    });
  }
  const buttons: CardAction[] = [
    callAction(channel, call, telOf(phone)),
    ...(p.website ? [{ type: ActionTypes.OpenUrl, title: words.website, value: p.website }] : []),
    ...(offerMore ? [{ type: ActionTypes.ImBack, title: words.showMore, value: words.showMore }] : []),
  ];
  const text = [schedule, ...reasons.map((r) => `• ${r}`), ...caveats.map((c) => `**${c}**`), fill(words.phone, { phone })].join('\n\n');
  return CardFactory.heroCard(p.name, undefined, buttons, { subtitle: where, text });
}

/**
 * The programs as one message: a carousel or a list, whichever the channel draws (render.ts
 * cardsLayout), with a text fallback naming each program and its number.
 */
export function programCardsMessage(
  channel: TurnContext | string,
  matches: readonly ProgramMatch[],
  offerMore: boolean,
  words: ProgramCardWords,
  reasonWords: ReasonTexts,
  caveatTexts?: CaveatTexts,
): Partial<Activity> {
  const cards = matches.map((m) => programCard(channel, m, offerMore, words, reasonWords, caveatTexts));
  const summary = matches.map((m) => `${m.program.name}: ${m.program.intakePhone ?? m.program.phone}`).join('\n');
  return cardsLayout(channel) === 'carousel' ? MessageFactory.carousel(cards, summary) : MessageFactory.list(cards, summary);
}

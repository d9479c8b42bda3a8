import {
  ActionTypes,
  ActivityTypes,
  CardFactory,
  MessageFactory,
  type Activity,
  type Attachment,
  type CardAction,
  type TurnContext,
} from 'botbuilder';
import type { PromptOptions } from 'botbuilder-dialogs';

/**
 * All channel-specific rendering lives here, so dialogs stay channel-neutral.
 *
 * Teams shows suggested actions only in 1:1 chats and never alongside cards. So on
 * `msteams` choices become an Adaptive Card with Action.Submit buttons (the submit's
 * `value` is turned back into text by normalizeIncoming), laid out in rows so that none
 * hides (choiceRows). Call buttons differ per channel too: see callAction. Several cards
 * in one message are a carousel or a list depending on who draws them: see cardsLayout.
 */
export const TEAMS = 'msteams';

/**
 * Channels whose chat is drawn by Bot Framework Web Chat: our page and widget (the local
 * Direct Line says `webchat`), Web Chat on Azure's Direct Line (`directline`), and the
 * Emulator, which is Web Chat inside.
 */
const WEB_CHAT_CHANNELS: ReadonlySet<string> = new Set(['webchat', 'directline', 'emulator']);

/**
 * What a call button dials, as the `tel:` URL people's phones take: E.164 for a full
 * number, and the short codes 988 and 911 as they are. data/ holds them in this form.
 */
export const TEL_URL = /^tel:(?:\+1\d{10}|988|911)$/;

export interface Helpline {
  display: string; // 833-820-2922
  tel: string; // tel:+18338202922
}

export function isTeams(channelOrContext: string | TurnContext | undefined): boolean {
  const channelId = typeof channelOrContext === 'string' ? channelOrContext : channelOrContext?.activity.channelId;
  return channelId === TEAMS;
}

const channelOf = (c: TurnContext | string): string => (typeof c === 'string' ? c : c.activity.channelId);

/** Shape of the data every Action.Submit button carries; normalizeIncoming reads it back. */
export interface ChoiceSubmit {
  choice: string;
}

/**
 * Teams draws at most six buttons of an action set (the card's own actions, or an ActionSet
 * element) and moves the rest under "…", its overflow menu, where people miss them: a
 * question with eight answers showed six and hid "Not sure" and "Skip". Teams' docs: "You can
 * select up to six primary buttons that appear on the Adaptive Card. Any additional buttons
 * ... are placed inside the overflow menu", and each action set can have one.
 */
export const TEAMS_VISIBLE_ACTIONS = 6;

/** Buttons side by side in one row, and the label characters they share: Teams never wraps a button's title, it cuts it short. */
const ROW_MAX_BUTTONS = 4;
const ROW_MAX_CHARS = 24;

/**
 * The choices as rows of buttons, in their order: short answers share a row ("Yes", "No",
 * "Not sure", "Skip"), a long one gets a row of its own, and a row never holds more than
 * four, well under what Teams shows. Every choice stays a visible, one-tap button.
 */
export function choiceRows(choices: readonly string[]): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let chars = 0;
  for (const choice of choices) {
    const length = [...choice].length;
    if (row.length > 0 && (row.length === ROW_MAX_BUTTONS || chars + length > ROW_MAX_CHARS)) {
      rows.push(row);
      row = [];
      chars = 0;
    }
    row.push(choice);
    chars += length;
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** The question, then each row of choices as an ActionSet of Action.Submit buttons (Adaptive Cards 1.2+). */
function adaptiveChoiceCard(text: string, choices: readonly string[]): Attachment {
  return CardFactory.adaptiveCard({
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: [
      { type: 'TextBlock', text, wrap: true },
      ...choiceRows(choices).map((row) => ({
        type: 'ActionSet',
        actions: row.map((title) => ({ type: 'Action.Submit', title, data: { choice: title } satisfies ChoiceSubmit })),
      })),
    ],
  });
}

/** A message offering choices: suggested actions everywhere except Teams, where it is an Adaptive Card. */
export function choiceMessage(channel: TurnContext | string, text: string, choices: readonly string[]): Partial<Activity> {
  if (choices.length === 0) return MessageFactory.text(text);
  if (isTeams(channelOf(channel))) {
    const msg = MessageFactory.attachment(adaptiveChoiceCard(text, choices));
    msg.text = undefined;
    return msg;
  }
  return MessageFactory.suggestedActions(
    choices.map((title): CardAction => ({ type: ActionTypes.ImBack, title, value: title })),
    text,
  );
}

/**
 * Options for a prompt with buttons (dialogs/prompt.ts). They are kept in conversation
 * state for as long as the prompt waits, and written and read every turn, so they hold
 * the texts and the choices only; the prompt draws the message for the channel
 * (choiceMessage) each time it asks. Without a retry text of its own there is no
 * retryPrompt: the prompt asks with `prompt` again.
 */
export function choicePromptOptions(text: string, choices: readonly string[], retryText?: string): PromptOptions {
  return {
    prompt: text,
    ...(retryText !== undefined && retryText !== text ? { retryPrompt: retryText } : {}),
    choices: [...choices],
  };
}

/**
 * The URL a call button opens on the channel. On Teams the `+` is written `%2B`
 * (tel:%2B18338202922), the form Teams call links take: a `+` that passes through URL
 * handling using form encoding comes out as a space, `%2B` always comes out as `+`.
 */
export function callUrl(channel: TurnContext | string, tel: string): string {
  return isTeams(channelOf(channel)) ? tel.replace(/^tel:\+/, 'tel:%2B') : tel;
}

/**
 * A call button for a hero card (every channel but Teams, which gets Adaptive Cards: see
 * adaptiveCallAction). The Bot Framework schema gives a `call` action the `tel:` URL as its
 * value, and the Bot Connector maps that to each channel's own call button. But Web Chat
 * 4.18 draws a card's `call` button as a link to "tel:" + value (AdaptiveCardBuilder), so
 * the schema's value opens `tel:tel:+1…`, which dials nothing. On Web Chat channels the
 * button is an `openUrl` to the tel: URL instead, which Web Chat opens as it is (as would
 * any Direct Line client that opens links) and which still works if Web Chat ever stops
 * adding the prefix.
 */
export function callAction(channel: TurnContext | string, title: string, tel: string): CardAction {
  const channelId = channelOf(channel);
  if (isTeams(channelId)) return { type: ActionTypes.OpenUrl, title, value: callUrl(channelId, tel) };
  if (WEB_CHAT_CHANNELS.has(channelId)) return { type: ActionTypes.OpenUrl, title, value: tel };
  return { type: ActionTypes.Call, title, value: tel };
}

/** An Adaptive Card call button (Teams has no `call` action): Action.OpenUrl to the channel's call URL. */
export function adaptiveCallAction(channel: TurnContext | string, title: string, tel: string): { type: 'Action.OpenUrl'; title: string; url: string } {
  return { type: 'Action.OpenUrl', title, url: callUrl(channel, tel) };
}

/** The words of a call card: its title, and its button ("Call 833-820-2922"), both from data/. */
export interface CallCardWords {
  title: string;
  button: string;
}

/**
 * A call action for a phone number. The number is always in the text too,
 * because some clients ignore `tel:` links.
 */
export function callAttachment(channel: TurnContext | string, words: CallCardWords, phone: Helpline, extraText?: string): Attachment {
  if (isTeams(channelOf(channel))) {
    return CardFactory.adaptiveCard({
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      body: [
        { type: 'TextBlock', text: words.title, weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: words.button, wrap: true },
        ...(extraText ? [{ type: 'TextBlock', text: extraText, wrap: true }] : []),
      ],
      actions: [adaptiveCallAction(channel, words.button, phone.tel)],
    });
  }
  return CardFactory.heroCard(words.title, extraText ? `${phone.display}. ${extraText}` : phone.display, undefined, [
    callAction(channel, words.button, phone.tel),
  ]);
}

/** A message with text (which names the number) and a call action card. */
export function callMessage(
  channel: TurnContext | string,
  text: string,
  words: CallCardWords,
  phone: Helpline,
  extraText?: string,
): Partial<Activity> {
  const msg = MessageFactory.attachment(callAttachment(channel, words, phone, extraText), text);
  msg.type = ActivityTypes.Message;
  return msg;
}

/** A message with one link button (FindTreatment.gov): an Adaptive Card on Teams, a hero card elsewhere. */
export function linkMessage(channel: TurnContext | string, title: string, url: string): Partial<Activity> {
  if (isTeams(channelOf(channel))) {
    return MessageFactory.attachment(
      CardFactory.adaptiveCard({
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        type: 'AdaptiveCard',
        version: '1.4',
        body: [{ type: 'TextBlock', text: title, weight: 'Bolder', wrap: true }],
        actions: [{ type: 'Action.OpenUrl', title, url }],
      }),
    );
  }
  return MessageFactory.attachment(CardFactory.heroCard(title, undefined, [{ type: ActionTypes.OpenUrl, title, value: url }]));
}

export type CardsLayout = 'carousel' | 'list';

/** A service URL on this machine: a local tool talking to the bot, not a Bot Framework channel service. */
function isLocalServiceUrl(serviceUrl: string | undefined): boolean {
  if (!serviceUrl) return false;
  try {
    const { protocol, hostname } = new URL(serviceUrl);
    return protocol === 'http:' || hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.');
  } catch {
    return false;
  }
}

/**
 * How a message with several cards (the program results) lays them out, per channel.
 *
 * - Web Chat (our page and widget, Azure's Direct Line, the Emulator) draws a carousel with
 *   arrows and keeps the chat short: `carousel`.
 * - Teams draws a carousel of up to ten cards: `carousel`. But Microsoft 365 Agents Playground
 *   (the Teams App Test Tool) also says `msteams`, and it draws no carousel (only Adaptive
 *   Cards, one under another at best). Real Teams always calls from a Bot Framework https
 *   service; the Playground calls from a local http one, so that is how it is told apart.
 * - Any other channel, which may not draw a carousel either: `list`, cards one under the
 *   other, which every client that shows cards can draw, and where each program reads on
 *   its own. The message's text names every program and its number anyway.
 */
export function cardsLayout(channel: TurnContext | string): CardsLayout {
  const channelId = channelOf(channel);
  if (WEB_CHAT_CHANNELS.has(channelId)) return 'carousel';
  if (isTeams(channelId)) {
    const serviceUrl = typeof channel === 'string' ? undefined : channel.activity.serviceUrl;
    return isLocalServiceUrl(serviceUrl) ? 'list' : 'carousel';
  }
  return 'list';
}

/** Strips markup from user text before it is matched or ever shown back. */
export function toPlainText(text: string): string {
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z#0-9]+;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

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
 * Teams shows suggested actions only in 1:1 chats and never alongside cards, and
 * `tel:` links do nothing on Teams desktop and web. So on `msteams` choices become an
 * Adaptive Card with Action.Submit buttons (the submit's `value` is turned back into
 * text by normalizeIncoming), and phone numbers are printed as text with a Teams call link.
 */
export const TEAMS = 'msteams';

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

function adaptiveChoiceCard(text: string, choices: readonly string[]): Attachment {
  return CardFactory.adaptiveCard({
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: [{ type: 'TextBlock', text, wrap: true }],
    actions: choices.map((title) => ({ type: 'Action.Submit', title, data: { choice: title } satisfies ChoiceSubmit })),
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

/** Teams deep link that starts a PSTN call (4: marks a phone number). */
export function teamsCallLink(tel: string): string {
  return `https://teams.microsoft.com/l/call/0/0?users=4:${tel.replace(/^tel:/, '')}`;
}

/**
 * A call action for a phone number. The number is always in the text too,
 * because some clients ignore `tel:` links.
 */
export function callAttachment(channel: TurnContext | string, title: string, phone: Helpline, extraText?: string): Attachment {
  if (isTeams(channelOf(channel))) {
    return CardFactory.adaptiveCard({
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      body: [
        { type: 'TextBlock', text: title, weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: `Call ${phone.display}`, wrap: true },
        ...(extraText ? [{ type: 'TextBlock', text: extraText, wrap: true }] : []),
      ],
      actions: [{ type: 'Action.OpenUrl', title: `Call ${phone.display} from Teams`, url: teamsCallLink(phone.tel) }],
    });
  }
  return CardFactory.heroCard(title, extraText ? `${phone.display}. ${extraText}` : phone.display, undefined, [
    { type: ActionTypes.Call, title: `Call ${phone.display}`, value: phone.tel },
  ]);
}

/** A message with text (which names the number) and a call action card. */
export function callMessage(
  channel: TurnContext | string,
  text: string,
  title: string,
  phone: Helpline,
  extraText?: string,
): Partial<Activity> {
  const msg = MessageFactory.attachment(callAttachment(channel, title, phone, extraText), text);
  msg.type = ActivityTypes.Message;
  return msg;
}

/** Strips markup from user text before it is matched or ever shown back. */
export function toPlainText(text: string): string {
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z#0-9]+;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

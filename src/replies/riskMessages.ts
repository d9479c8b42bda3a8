import { ActionTypes, CardFactory, MessageFactory, type Activity, type CardAction, type TurnContext } from 'botbuilder';
import type { Content } from '../domain/content.js';
import type { RiskAnswer, RiskText, NumberKey } from '../domain/safety/riskTexts.js';
import { adaptiveCallAction, callAction, callUrl, isTeams } from './render.js';

interface Phone {
  label: string;
  display: string;
  tel: string;
}

/** Extra lines that go before the last message (the relapse answer's "daily use again"). */
export interface RiskReplyOptions {
  extra?: readonly string[];
  /** The value the meeting button sends: the words the meeting search answers to (content.meetings.findMeeting). */
  findMeetingValue?: string;
}

function phoneOf(key: NumberKey, text: RiskText, content: Content): Phone {
  if (key === 'helpline') return { label: text.numbers.helpline.label, display: content.text.helpline.display, tel: content.text.helpline.tel };
  return text.numbers[key];
}

/**
 * A risk answer as messages: every line but the last as plain text, the last with the
 * numbers written out (some clients ignore tel: links) and a call button for each, drawn
 * the channel's way as the crisis response is (crisisMessages.ts): a hero card, or on
 * Teams an Adaptive Card with each number also a tel: link in the words.
 */
export function riskActivities(context: TurnContext, content: Content, text: RiskText, answer: RiskAnswer, options: RiskReplyOptions = {}): Partial<Activity>[] {
  const lines = [...answer.lines];
  const last = lines.pop() ?? '';
  const before = [...lines, ...(options.extra ?? [])];
  const phones = answer.numbers.map((k) => phoneOf(k, text, content));
  const meeting = answer.offerMeeting && options.findMeetingValue ? { title: text.findMeeting, value: options.findMeetingValue } : undefined;
  const activities: Partial<Activity>[] = before.map((line) => MessageFactory.text(line));

  if (isTeams(context)) {
    const linked = phones.map((p) => `${p.label}: [${p.display}](${callUrl(context, p.tel)})`);
    const card = CardFactory.adaptiveCard({
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      body: linked.map((line) => ({ type: 'TextBlock', text: line, weight: 'Bolder', wrap: true })),
      actions: [
        ...phones.map((p) => adaptiveCallAction(context, p.label, p.tel)),
        ...(meeting ? [{ type: 'Action.Submit', title: meeting.title, data: { choice: meeting.value } }] : []),
      ],
    });
    const msg = MessageFactory.attachment(card, `${last}\n\n${linked.join('\n\n')}`);
    msg.textFormat = 'markdown';
    activities.push(msg);
    return activities;
  }
  const numbersText = phones.map((p) => `${p.label}: ${p.display}`).join('\n\n');
  const buttons: CardAction[] = phones.map((p) => callAction(context, p.label, p.tel));
  if (meeting) buttons.push({ type: ActionTypes.ImBack, title: meeting.title, value: meeting.value });
  activities.push(MessageFactory.attachment(CardFactory.heroCard(text.cardTitle, undefined, buttons), `${last}\n\n${numbersText}`));
  return activities;
}

import type { Activity, TurnContext } from 'botbuilder';
import type { Content } from '../domain/content.js';
import { callMessage } from './render.js';

/** Messages several dialogs send, built from the content in data/. */

/** The helpline: tap-to-call where it works, the number as text everywhere, hours and what happens. */
export function helplineMessage(context: TurnContext, content: Content, lead?: string): Partial<Activity> {
  const h = content.text.helpline;
  const text = [lead, `You can call our helpline any time at ${h.display}. ${h.hours}`, h.whatHappens]
    .filter((s): s is string => Boolean(s))
    .join('\n\n');
  return callMessage(context, text, 'Talk to someone now', h, h.hours);
}

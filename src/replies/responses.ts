import type { Activity, TurnContext } from 'botbuilder';
import type { Content } from '../domain/content.js';
import { fill } from '../domain/template.js';
import { callMessage } from './render.js';

/** Messages several dialogs send, built from the content in data/. */

/** The helpline: tap-to-call where it works, the number as text everywhere, hours and what happens. */
export function helplineMessage(context: TurnContext, content: Content, lead?: string): Partial<Activity> {
  const h = content.text.helpline;
  const words = content.messages.helpline;
  const text = [lead, `${fill(words.callAnyTime, { helpline: h.display })} ${h.hours}`, h.whatHappens]
    .filter((s): s is string => Boolean(s))
    .join('\n\n');
  return callMessage(context, text, { title: words.cardTitle, button: fill(words.callButton, { number: h.display }) }, h, h.hours);
}

/** The apologies for a failed turn, with the helpline filled in (the adapter sends one; see TurnErrorText). */
export function turnErrorText(content: Content): { apology: string; crisisApology: string } {
  const helpline = content.text.helpline.display;
  const w = content.messages.turnError;
  return { apology: fill(w.apology, { helpline }), crisisApology: fill(w.crisisApology, { helpline }) };
}

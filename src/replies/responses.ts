import type { Activity, TurnContext } from 'botbuilder';
import type { Content } from '../domain/content.js';
import { fill } from '../domain/template.js';
import { callMessage } from './render.js';
import { textsFor } from '../turn/locale.js';
import { DEFAULT_LOCALE } from '../domain/locale.js';

/** Messages several dialogs send, built from the content in data/. */

/** The helpline: tap-to-call where it works, the number as text everywhere, hours and what happens. */
export function helplineMessage(context: TurnContext, content: Content, lead?: string): Partial<Activity> {
  const local = textsFor(context, content);
  const h = local.text.helpline;
  const words = local.messages.helpline;
  // In Spanish: the helpline as it is, and either the operator's word that it has Spanish-speaking
  // staff (HELPLINE_SPANISH_STAFF) or SAMHSA's National Helpline, which answers in Spanish.
  const language = local.locale === DEFAULT_LOCALE ? undefined : content.helplineSpanishStaff ? words.staffSpeaksSpanish : words.helpInSpanish;
  const text = [lead, `${fill(words.callAnyTime, { helpline: h.display })} ${h.hours}`, h.whatHappens, language]
    .filter((s): s is string => Boolean(s))
    .join('\n\n');
  return callMessage(context, text, { title: words.cardTitle, button: fill(words.callButton, { number: h.display }) }, h, h.hours);
}

/** The apologies for a failed turn in the turn's language (the adapter sends one; see TurnErrorText). */
export function turnErrorTexts(content: Content): (context: TurnContext) => { apology: string; crisisApology: string } {
  return (context) => turnErrorText(textsFor(context, content));
}

/** The apologies for a failed turn, with the helpline filled in (the adapter sends one; see TurnErrorText). */
export function turnErrorText(content: Content): { apology: string; crisisApology: string } {
  const helpline = content.text.helpline.display;
  const w = content.messages.turnError;
  return { apology: fill(w.apology, { helpline }), crisisApology: fill(w.crisisApology, { helpline }) };
}

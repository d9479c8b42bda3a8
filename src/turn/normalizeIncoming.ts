import { ActivityTypes, TurnContext, type Middleware } from 'botbuilder';
import { z } from 'zod';
import { setTextForCrisisCheck } from './turnSignals.js';
import { toPlainText } from '../replies/render.js';

/**
 * Longest text we try to understand; the rest of a 50 KB paste adds nothing but cost.
 * The crisis check is not cut: it reads the whole message (see textForCrisisCheck).
 */
export const MAX_UNDERSTOOD_CHARS = 2000;

// Tags only, not "<3" or "a < b": toPlainText's /<[^>]*>/ would take everything from a
// "<" to the next ">", words included, and costs time in the square of a long paste's length.
const TAG = /<\/?[a-z!][^<>]*>/gi;
const SPACES = /\s+/g;

/**
 * The whole message as the crisis check reads it: markup gone, lines run together as
 * they are for understanding ("I want<br>to die" is one sentence), entities left for the
 * crisis normalizer to decode ("k&#105;ll"). Linear in the length of the text.
 */
function textForCrisis(text: string): string {
  return text.replace(TAG, ' ').replace(SPACES, ' ').trim();
}

/** A card submit: our own buttons send { choice }, Teams imBack-style data sends { msteams: { value } }. */
const SubmitValue = z.union([
  z.object({ choice: z.string().trim().min(1).max(200) }),
  z.object({ msteams: z.object({ value: z.string().trim().min(1).max(200) }) }),
]);

/**
 * Makes every incoming message look the same to the bot, whatever the channel:
 * removes the bot's @mention (Teams), turns a card submit's value into text so every
 * prompt understands it, strips markup and trims very long text (keeping the whole
 * message aside for the crisis check). Never logs the text.
 */
export const normalizeIncoming: Middleware = {
  async onTurn(context, next) {
    const activity = context.activity;
    if (activity.type === ActivityTypes.Message) {
      if (activity.recipient?.id && Array.isArray(activity.entities)) {
        TurnContext.removeRecipientMention(activity);
      }
      const hasText = typeof activity.text === 'string' && activity.text.trim().length > 0;
      if (!hasText && activity.value !== undefined) {
        const submit = SubmitValue.safeParse(activity.value);
        if (submit.success) activity.text = 'choice' in submit.data ? submit.data.choice : submit.data.msteams.value;
      }
      if (typeof activity.text === 'string') {
        setTextForCrisisCheck(context, textForCrisis(activity.text));
        activity.text = toPlainText(activity.text.slice(0, MAX_UNDERSTOOD_CHARS * 2)).slice(0, MAX_UNDERSTOOD_CHARS);
      }
    }
    await next();
  },
};

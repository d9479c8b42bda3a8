import type { Middleware, TurnContext } from 'botbuilder';
import { DEFAULT_LOCALE, isLocale, localeOfTag, type Locale, type PerLocale } from '../domain/locale.js';
import type { LanguageReader } from '../domain/languageOfMessage.js';
import type { ConversationAccessors, ConversationData } from './conversationData.js';
import { waitingPromptOptions } from '../botframework/waitingPrompt.js';

/**
 * The turn's language. Resolved once per turn, before the crisis check (so its reply is in
 * the person's language too), kept in conversation state as a small enum (never the words),
 * and read by dialogs and replies through `textsFor` / `turnLocale`. In order:
 *
 * 1. An explicit choice: "español", "English", "en español", the menu's language button.
 *    It holds until the next explicit choice. Not at a question whose answer is a language
 *    (the assessment's "what language would you like your care in?", "Language" after the
 *    results): there "Español" or "Spanish" is the care's language, and the chat keeps its own.
 * 2. What the person writes: a message clearly in one language (languageOfMessage.ts)
 *    switches to it; one that does not say (a ZIP code, "ok", a tie like "quiero info about
 *    IOP" read as Spanish 2 to 1, so Spanish) keeps the conversation's language.
 * 3. The channel's `activity.locale` ("es-US" from Web Chat or Teams) for a conversation
 *    that has not said yet.
 */

const LOCALE = Symbol('turnLocale');

/** Where the conversation's language came from; a choice is kept until another choice. */
export type LocaleSource = NonNullable<ConversationData['localeFrom']>;

const CHOSEN = Symbol('languageChosen');

const WRITTEN = Symbol('writtenLocale');

/**
 * The language this turn's message is clearly written in, whatever the conversation's
 * language (undefined when the message does not say). The crisis reply follows it: safety
 * over a stated preference (crisisMiddleware.ts).
 */
export function writtenLocale(context: TurnContext): Locale | undefined {
  return context.turnState.get(WRITTEN) as Locale | undefined;
}

/** True when this turn's message chose a language outright ("español", the menu's button): the root says so (routes.ts). */
export function languageChosenThisTurn(context: TurnContext): boolean {
  return context.turnState.get(CHOSEN) === true;
}

/**
 * True when the prompt waiting takes a language as its answer (dialogs/prompt.ts
 * `languageIsAnswer`: the care's language), so language words there choose nothing for the
 * chat. Read from the stored dialog stack; with state unreadable, false (the choice stands).
 */
async function languageAnswersPrompt(context: TurnContext, accessors: ConversationAccessors): Promise<boolean> {
  try {
    return waitingPromptOptions(await accessors.dialogState.get(context))?.languageIsAnswer === true;
  } catch {
    return false;
  }
}

/** The turn's language (the channel's, or English, before the middleware has run). */
export function turnLocale(context: TurnContext): Locale {
  const set = context.turnState.get(LOCALE) as Locale | undefined;
  return set ?? localeOfTag(context.activity?.locale) ?? DEFAULT_LOCALE;
}

/** Sets the turn's language (the middleware; a dialog after an explicit choice). */
export function setTurnLocale(context: TurnContext, locale: Locale): void {
  context.turnState.set(LOCALE, locale);
}

/** Anything kept in every locale: the content (`in`), or a per-locale record. */
export type Localized<T> = { in(locale: Locale): T } | PerLocale<T>;

/** The texts for the turn's language: the one accessor dialogs and replies use. */
export function textsFor<T>(context: TurnContext, texts: Localized<T>): T {
  const locale = turnLocale(context);
  return 'in' in texts && typeof texts.in === 'function' ? texts.in(locale) : (texts as PerLocale<T>)[locale];
}

export interface LocaleDeps {
  accessors: ConversationAccessors;
  reader: LanguageReader;
}

/** Decides the turn's language and keeps it in conversation state. */
export function resolveLocale(
  stored: { locale?: unknown; localeFrom?: unknown },
  message: string | undefined,
  channelLocale: string | undefined,
  reader: LanguageReader,
): { locale: Locale; from: LocaleSource } {
  const current = isLocale(stored.locale) ? stored.locale : undefined;
  const from: LocaleSource = stored.localeFrom === 'choice' || stored.localeFrom === 'writing' ? stored.localeFrom : 'channel';
  const text = message ?? '';
  const chosen = text.length > 0 ? reader.chosen(text) : undefined;
  if (chosen) return { locale: chosen, from: 'choice' };
  if (current && from === 'choice') return { locale: current, from };
  const written = text.length > 0 ? reader.localeOf(text) : undefined;
  if (written) return { locale: written, from: 'writing' };
  if (current) return { locale: current, from };
  return { locale: localeOfTag(channelLocale) ?? DEFAULT_LOCALE, from: 'channel' };
}

export function localeMiddleware(deps: LocaleDeps): Middleware {
  return {
    async onTurn(context, next) {
      const text = context.activity.type === 'message' && typeof context.activity.text === 'string' ? context.activity.text : undefined;
      let data: ConversationData | undefined;
      try {
        data = await deps.accessors.getData(context);
      } catch {
        // The crisis response must not wait on the state store (crisisMiddleware.ts): with state
        // down, the message's own language (or the channel's) still decides, and the turn goes on.
        data = undefined;
      }
      const chooses = text !== undefined && deps.reader.chosen(text) !== undefined;
      // "Español" or "Spanish" at "what language would you like your care in?" answers it: the chat keeps its language.
      const answers = chooses && (await languageAnswersPrompt(context, deps.accessors));
      const { locale, from } = resolveLocale(data ?? {}, answers ? undefined : text, context.activity.locale, deps.reader);
      if (data && data.locale !== locale) data.locale = locale;
      if (data && data.localeFrom !== from) data.localeFrom = from;
      setTurnLocale(context, locale);
      if (answers) {
        // Neither a choice nor writing: the words are the waiting question's.
      } else if (chooses) context.turnState.set(CHOSEN, true);
      else if (text !== undefined) {
        const written = deps.reader.localeOf(text);
        if (written) context.turnState.set(WRITTEN, written);
      }
      await next();
    },
  };
}

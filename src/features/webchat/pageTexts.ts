import { z } from 'zod';
import { readLocaleFile } from '../../domain/content.js';
import { chat, label, textsSchema } from '../../domain/template.js';
import { DEFAULT_LOCALE, localeOfTag, perLocale, type Locale, type PerLocale } from '../../domain/locale.js';

/**
 * The chat page's own words (data/web-page.json, data/locales/<locale>/web-page.json): the
 * banner, the emergency line, the call button, the footer's disclaimer and what app.js says
 * when the chat cannot start. Web Chat's own strings (the send box, "Just now") come from
 * Web Chat for `webChatLocale` ("es-US" falls back to its "es" strings), and the same locale
 * goes to the bot on every activity, so the conversation starts in the page's language.
 */
const PageWords = textsSchema({
  title: chat(),
  description: chat(),
  skipLink: label(),
  brand: label(),
  tagline: chat(),
  callLabel: label(['helpline'], { required: ['helpline'] }),
  callNote: label(),
  emergencyLabel: label(),
  dangerLead: label(),
  dangerCall: chat(['emergency'], { required: ['emergency'] }),
  suicideLead: label(),
  suicideCall: chat(['crisis'], { required: ['crisis'] }),
  chatTitle: label(),
  connecting: label(),
  noscript: chat(['helpline'], { required: ['helpline'] }),
  footer: chat(['helpline'], { required: ['helpline'] }),
  status: {
    call: label(['helpline'], { required: ['helpline'] }),
    afterCall: chat(),
    startNew: label(),
    couldNotLoad: chat(),
    ended: chat(),
    couldNotConnect: chat(),
    couldNotStart: chat(),
    tooMany: chat(),
    busy: chat(),
  },
});
export const PageTextsFile = z.intersection(
  z.object({ lang: z.string().regex(/^[a-z]{2}$/), webChatLocale: z.string().regex(/^[a-z]{2}-[A-Z]{2}$/) }),
  PageWords,
);
export type PageTexts = z.infer<typeof PageTextsFile>;

export function loadPageTexts(dir: string): PerLocale<PageTexts> {
  return perLocale((locale) => readLocaleFile(dir, 'web-page.json', locale, PageTextsFile));
}

/**
 * The page's language: `?lang=es` from an embedding page first, then the browser's
 * Accept-Language in its order of preference ("es-US,es;q=0.9,en;q=0.8"), else English.
 */
export function pageLocale(lang: string | undefined, acceptLanguage: string | undefined): Locale {
  const asked = localeOfTag(lang);
  if (asked) return asked;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .slice(0, 20)
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { locale: localeOfTag(tag), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r): r is { locale: Locale; q: number; i: number } => r.locale !== undefined && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.locale ?? DEFAULT_LOCALE;
}

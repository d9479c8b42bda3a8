import { readFileSync } from 'node:fs';
import { fill } from '../../domain/template.js';
import type { PageTexts } from './pageTexts.js';

export interface PageValues {
  nonce: string;
  embed: boolean;
  helplineDisplay: string;
  helplineTel: string;
  /** The page's words in its language (data/web-page.json or data/locales/<locale>/web-page.json). */
  texts: PageTexts;
}

const escapeHtml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A text with {placeholders} filled by links: the text is escaped, the links are ours. */
const withLinks = (text: string, links: Record<string, string>): string => fill(escapeHtml(text), links);

/** Kept on one line only when short: a longer line (Spanish "marca 2, o manda un texto…") must wrap on a phone. */
const ONE_LINE_CHARS = 40;

/** index.html with its placeholders filled; read once, filled per request (the nonce changes). */
export class PageTemplate {
  private readonly html: string;

  constructor(path: string) {
    this.html = readFileSync(path, 'utf8');
    for (const name of ['NONCE', 'BODY_CLASS', 'HELPLINE_DISPLAY', 'HELPLINE_TEL', 'LANG', 'WEBCHAT_LOCALE', 'STATUS_JSON', 'T_TITLE', 'H_FOOTER']) {
      if (!this.html.includes(`{{${name}}}`)) throw new Error(`${path}: placeholder {{${name}}} is missing`);
    }
  }

  render(values: PageValues): string {
    const t = values.texts;
    const helplineLink = `<a href="${escapeHtml(values.helplineTel)}">${escapeHtml(values.helplineDisplay)}</a>`;
    const text: Record<string, string> = {
      NONCE: values.nonce,
      BODY_CLASS: values.embed ? 'embed' : 'standalone',
      HELPLINE_DISPLAY: values.helplineDisplay,
      HELPLINE_TEL: values.helplineTel,
      LANG: t.lang,
      WEBCHAT_LOCALE: t.webChatLocale,
      // app.js's words, read from the body's data-texts (no inline script under the page's CSP).
      STATUS_JSON: JSON.stringify(t.status),
      T_TITLE: t.title,
      T_DESCRIPTION: t.description,
      T_SKIP_LINK: t.skipLink,
      T_BRAND: t.brand,
      T_TAGLINE: t.tagline,
      T_CALL_LABEL: fill(t.callLabel, { helpline: values.helplineDisplay }),
      T_CALL_NOTE: t.callNote,
      T_EMERGENCY_LABEL: t.emergencyLabel,
      T_DANGER_LEAD: t.dangerLead,
      T_SUICIDE_LEAD: t.suicideLead,
      T_CHAT_TITLE: t.chatTitle,
      T_CONNECTING: t.connecting,
      SUICIDE_CLASS: t.suicideCall.length <= ONE_LINE_CHARS ? 'nowrap' : 'wrap',
    };
    const html: Record<string, string> = {
      H_DANGER_CALL: withLinks(t.dangerCall, { emergency: '<a href="tel:911">911</a>' }),
      H_SUICIDE_CALL: withLinks(t.suicideCall, { crisis: '<a href="tel:988">988</a>' }),
      H_NOSCRIPT: withLinks(t.noscript, { helpline: helplineLink }),
      H_FOOTER: withLinks(t.footer, { helpline: helplineLink }),
    };
    return this.html.replace(/\{\{([A-Z_]+)\}\}/g, (whole, name: string) => (name in html ? (html[name] ?? '') : name in text ? escapeHtml(text[name] ?? '') : whole));
  }
}

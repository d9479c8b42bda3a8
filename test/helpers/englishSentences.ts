import type { Activity } from 'botbuilder';
import { textOf } from './testBot.js';

/**
 * English words that never appear in Spanish: a sentence holding two of them, once names and
 * the words both languages use (IOP, Medicaid, OK) are taken out, is English (issue #18).
 */
const ENGLISH_ONLY = new Set(
  (
    'the and you your to of is are was with for this that what how we our can will would please call here there ' +
    'have has it its they them their be been do does did not if or at by from about when where which who why ' +
    'just like get got want need tell more next back find talk someone person program programs meeting meetings ' +
    'near help thanks sorry okay yes i im ive dont cant youre lets'
  ).split(' '),
);

/** The words a person reads in one reply (text, buttons, cards), names and links taken out. */
function wordsOf(activity: Partial<Activity>, names: readonly string[]): string {
  let text = textOf(activity);
  for (const name of names) if (name.length > 3) text = text.split(name).join(' ');
  return text
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/tel:\S+/g, ' ')
    .replace(/"(?:type|contentType|version|\$schema|size|weight|spacing|style|horizontalAlignment|wrap|isSubtle|url|value|data|mode|msteams)"\s*:\s*("[^"]*"|true|false|\d+)/g, ' ');
}

/** Sentences of the replies that read as English; `names` (programs, meetings, places) are not words. */
export function englishSentences(replies: Partial<Activity>[], names: readonly string[] = []): string[] {
  const found: string[] = [];
  const longestFirst = [...names].sort((a, b) => b.length - a.length);
  for (const reply of replies) {
    if (reply.type !== 'message') continue;
    for (const sentence of wordsOf(reply, longestFirst).split(/[.!?\n]+|\\n|","|\["|"\]/)) {
      const tokens = sentence
        .toLowerCase()
        .replace(/[’']/g, '')
        .split(/[^a-záéíóúñü]+/)
        .filter(Boolean);
      const english = tokens.filter((t) => ENGLISH_ONLY.has(t));
      if (english.length >= 2) found.push(`${sentence.trim()} [${english.join(', ')}]`);
    }
  }
  return found;
}

import { z } from 'zod';
import { readJsonFile } from './content.js';
import { localePath, type Locale } from './locale.js';
import { fromRoot } from '../paths.js';

/**
 * Which language a chat message is written in, for answering in it. The crisis check's
 * per-message reading (safety/textNormalizer.ts detectLanguage) decides Spanish or English
 * for every message, a tie being English; answering needs one more answer, "can't tell",
 * so that "ok", "45402", "IOP" or "Dayton, OH" keep the conversation's language instead of
 * flipping it. So the same signs are weighed here (the same marker words, from
 * crisis-lexicon.json, and the same Spanish-only letters) together with the bot's own
 * words (data/language-words.json), and a message needs two points, more than the other
 * language, to count.
 *
 * Measured on chat-length messages (test/fixtures/language-chat-messages.json, README
 * "Spanish"): 39/40 Spanish and 36/40 English read right, none read as the other language,
 * 0/20 names, ZIP codes and "ok" switching. tinyld 1.3.4, a maintained short-text detector,
 * on the same set: 34/40 and 31/40, one English message read as Spanish, 5/20 neutral ones
 * switching ("Los Angeles" to Spanish, "Medicaid" to English): it must always guess, while
 * this reading can say it cannot tell.
 */

/** Lower-case letters without accents, as the text is compared. */
const WordList = z.array(z.string().regex(/^[a-z]+$/));
const PhraseList = z.array(z.string().regex(/^[a-z]+( [a-z]+)*$/)).min(1);
export const LanguageWordsFile = z.object({
  about: z.string().optional(),
  spanish: z.object({ weak: WordList, strong: WordList }),
  english: z.object({ weak: WordList, strong: WordList }),
  choices: z.object({ en: PhraseList, es: PhraseList }),
});
const LexiconMarkers = z.object({
  normalization: z.object({ spanish: z.object({ markers: WordList, englishMarkers: WordList }) }),
});

export interface LanguageEvidence {
  es: number;
  en: number;
}

export interface LanguageReader {
  evidence(text: string): LanguageEvidence;
  /** The message's language, or undefined when it does not say (too short, names and numbers, a tie). */
  localeOf(text: string): Locale | undefined;
  /** The language a whole message chooses outright ("español", "English", "háblame en español"), if it is one of those. */
  chosen(text: string): Locale | undefined;
}

/** Lower case, accents and punctuation off, single spaces. */
const plain = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
/** Longer than any choice: a sentence that mentions a language is not a choice of it. */
const MAX_CHOICE_CHARS = 40;

/** Characters only Spanish writing uses among the two languages (as the crisis check counts them). */
const SPANISH_LETTERS = /[ñ¿¡áéíóú]/gi;
const COMBINING_MARK = /\p{M}+/gu;
/** Enough of any chat message; bounded for a long paste. */
const READ_CHARS = 2000;
/** Points a message needs for its language to count. */
const ENOUGH = 2;

export function createLanguageReader(words: z.infer<typeof LanguageWordsFile>, markers: { spanish: readonly string[]; english: readonly string[] }): LanguageReader {
  const weight = new Map<string, LanguageEvidence>();
  const add = (list: readonly string[], side: keyof LanguageEvidence, points: number): void => {
    for (const word of list) {
      const w = weight.get(word) ?? { es: 0, en: 0 };
      w[side] = Math.max(w[side], points);
      weight.set(word, w);
    }
  };
  add(markers.spanish, 'es', 1);
  add(markers.english, 'en', 1);
  add(words.spanish.weak, 'es', 1);
  add(words.english.weak, 'en', 1);
  add(words.spanish.strong, 'es', 2);
  add(words.english.strong, 'en', 2);

  const evidence = (text: string): LanguageEvidence => {
    const head = (text.length > READ_CHARS ? text.slice(0, READ_CHARS) : text).toLowerCase();
    const found: LanguageEvidence = { es: Math.min(3, (head.match(SPANISH_LETTERS) ?? []).length), en: 0 };
    const plain = head.normalize('NFD').replace(COMBINING_MARK, '');
    for (const token of plain.split(/[^a-z]+/)) {
      const w = token.length > 0 ? weight.get(token) : undefined;
      if (w) {
        found.es += w.es;
        found.en += w.en;
      }
    }
    return found;
  };

  const choices = new Map<string, Locale>([...words.choices.en.map((p) => [p, 'en'] as const), ...words.choices.es.map((p) => [p, 'es'] as const)]);

  return {
    evidence,
    chosen: (text) => (text.length > MAX_CHOICE_CHARS ? undefined : choices.get(plain(text))),
    localeOf(text) {
      const { es, en } = evidence(text);
      if (es >= ENOUGH && es > en) return 'es';
      if (en >= ENOUGH && en > es) return 'en';
      return undefined;
    },
  };
}

/** The reader from data/language-words.json and the crisis lexicon's markers. */
export function loadLanguageReader(dir = fromRoot('data')): LanguageReader {
  const words = readJsonFile(localePath(dir, 'language-words.json'), LanguageWordsFile);
  const lexicon = readJsonFile(localePath(dir, 'crisis-lexicon.json'), LexiconMarkers);
  const { markers, englishMarkers } = lexicon.normalization.spanish;
  return createLanguageReader(words, { spanish: markers, english: englishMarkers });
}

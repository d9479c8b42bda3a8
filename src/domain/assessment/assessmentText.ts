import { join } from 'node:path';
import { z } from 'zod';
import { MAX_WORDS_PER_MESSAGE, readJsonFile, readLocaleFile } from '../content.js';
import { DEFAULT_LOCALE, perLocale, type PerLocale } from '../locale.js';
import { fromRoot } from '../../paths.js';
import { QUESTION_IDS, type QuestionId } from './questionIds.js';

/** The words of the assessment (data/assessment.json): questions, buttons, examples, replies. */

const wordCount = (s: string): number => s.trim().split(/\s+/).filter(Boolean).length;
const chatText = z
  .string()
  .min(1)
  .refine((s) => wordCount(s) <= MAX_WORDS_PER_MESSAGE, `must be at most ${MAX_WORDS_PER_MESSAGE} words`);

export const AnswerOption = z.object({
  /** The stored value (checked against the profile schema when the dialog is built). */
  value: z.string().min(1),
  /** Button text; options without a label are understood when typed but not offered as buttons. */
  label: z.string().min(1).max(40).optional(),
  /** A few words for "You said {short} before". */
  short: z.string().min(1).max(60),
  /** A clause for "Got it: {understood}". */
  understood: z.string().min(1).max(90),
  /** The same clause when the help is for someone else: "they work nights", "trabaja de noche". */
  understoodThem: z.string().min(1).max(90),
  /** Words and phrases that mean this option when typed at this question. */
  synonyms: z.array(z.string().min(1)).default([]),
});
export type AnswerOption = z.infer<typeof AnswerOption>;

export const QuestionText = z.object({
  text: chatText,
  /** Shown when an answer was not understood; typed examples, already quoted. */
  examples: z.array(z.string().min(1)).min(1).max(3),
  options: z.array(AnswerOption),
  /** For several answers at once: "{items} work for you" reads better than one clause each. */
  understoodList: z.string().includes('{items}').optional(),
  /** The same for someone else: "{items} work for them". */
  understoodListThem: z.string().includes('{items}').optional(),
});
export type QuestionText = z.infer<typeof QuestionText>;

export const AssessmentMessages = z.object({
  intro: chatText,
  retryLead: chatText.refine((s) => s.includes('{examples}'), 'must contain {examples}'),
  buttonsOnly: chatText,
  skipLabel: z.string().min(1).max(20),
  doneLabel: z.string().min(1).max(20),
  skipped: chatText,
  backAtFirst: chatText,
  backTo: chatText,
  startedOver: chatText,
  gotIt: chatText.refine((s) => s.includes('{items}'), 'must contain {items}'),
  changed: chatText.refine((s) => s.includes('{old}') && s.includes('{new}'), 'must contain {old} and {new}'),
  anythingElse: chatText.refine((s) => s.includes('{items}'), 'must contain {items}'),
  withdrawalNotSure: chatText,
  detoxFind: z.string().min(1),
  detoxNotNow: z.string().min(1),
  detoxNotNowReply: chatText,
  detoxNoSuggestions: chatText,
  noSuggestions: chatText,
  zipUnknown: chatText,
  placeUnknown: chatText,
  placeAmbiguous: chatText,
  languageOther: chatText,
  /** Added once when the same question has been misunderstood three times. */
  stuckHelpline: chatText,
  /** "you're near {place}" in "Got it: ...": {place} is "97201 (Portland, OR)". */
  near: z.string().min(1).max(90).refine((s) => s.includes('{place}'), 'must contain {place}'),
  /** The same for someone else: "they're near {place}". */
  nearThem: z.string().min(1).max(90).refine((s) => s.includes('{place}'), 'must contain {place}'),
  /** The words that join a list: "a, b, and c" / "a, b y c"; "or" for the typed examples. */
  and: z.string().min(1).max(10),
  or: z.string().min(1).max(10),
});
export type AssessmentMessages = z.infer<typeof AssessmentMessages>;

export const AssessmentTextFile = z.object({
  messages: AssessmentMessages,
  questions: z.object(Object.fromEntries(QUESTION_IDS.map((id) => [id, QuestionText])) as Record<QuestionId, typeof QuestionText>),
});
export type AssessmentText = z.infer<typeof AssessmentTextFile>;

export const DEFAULT_ASSESSMENT_TEXT_PATH = fromRoot(join('data', 'assessment.json'));

/** Reads and validates data/assessment.json (throws ContentError naming the field). */
export function loadAssessmentText(path: string = DEFAULT_ASSESSMENT_TEXT_PATH): AssessmentText {
  return readJsonFile(path, AssessmentTextFile);
}

/** The same words without accents: people often type "si", "telefono", "mañana" as "manana". */
const withoutAccents = (s: string): string => s.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');

/**
 * Every locale's assessment words (data/assessment.json, data/locales/<locale>/assessment.json).
 * In another language each option also understands its English words and labels ("Medicaid",
 * "nights", "no car" in a Spanish conversation), and its own words typed without accents.
 */
export function loadAssessmentTexts(dir: string = fromRoot('data')): PerLocale<AssessmentText> {
  const english = readLocaleFile(dir, 'assessment.json', DEFAULT_LOCALE, AssessmentTextFile);
  return perLocale((locale) => {
    if (locale === DEFAULT_LOCALE) return english;
    const local = readLocaleFile(dir, 'assessment.json', locale, AssessmentTextFile);
    const questions = Object.fromEntries(
      QUESTION_IDS.map((id) => {
        const q = local.questions[id];
        const en = new Map(english.questions[id].options.map((o) => [o.value, o]));
        const options = q.options.map((o) => {
          const other = en.get(o.value);
          const words = [...o.synonyms, ...o.synonyms.map(withoutAccents), ...(o.label ? [withoutAccents(o.label)] : []), ...(other ? [...other.synonyms, ...(other.label ? [other.label] : [])] : [])];
          return { ...o, synonyms: [...new Set(words)] };
        });
        return [id, { ...q, options }];
      }),
    ) as AssessmentText['questions'];
    return { ...local, questions };
  });
}

import { join } from 'node:path';
import { z } from 'zod';
import { MAX_WORDS_PER_MESSAGE, readJsonFile } from '../content.js';
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

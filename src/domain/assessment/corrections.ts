import type { Profile } from '../profile/profile.js';
import { readAnswer, type ValueQuestionId } from './answers.js';
import type { AssessmentText } from './assessmentText.js';
import { QUESTION_IDS } from './questionIds.js';
import { findPhrases, longestNonOverlapping, normalizeAnswer } from './textMatch.js';

/** A correction of an answer already given: the question and its new values. */
export interface Correction {
  question: ValueQuestionId;
  values: string[];
}

/** "not days", "no de día": the word before an answer that takes it back. */
const TAKEN_BACK = /(?:^|\s)(?:not|no)\s*$/;

/** Questions an "X, not Y" can correct: those whose answer is one of their options. */
const CORRECTABLE: readonly ValueQuestionId[] = QUESTION_IDS.filter(
  (id): id is ValueQuestionId => id !== 'resume' && id !== 'detoxOffer' && id !== 'location',
);

/**
 * "I said nights, not days", "evenings, not mornings", "dije de noche, no de día": an answer
 * given before, taken back by name, and another of the same question's answers named in its
 * place. Read before the waiting question's own reading, which would otherwise take "nights"
 * and "days" as the times they can come (#16). Both must be there: the answer the profile
 * holds, after "not", and another answer of that question not taken back. Pure; nothing kept.
 */
export function correctionOf(text: string, profile: Profile, assessment: AssessmentText): Correction | undefined {
  const normalized = normalizeAnswer(text);
  for (const question of CORRECTABLE) {
    const current = readAnswer(profile, question);
    if (!current?.length) continue;
    const phrases = assessment.questions[question].options.flatMap((o) => [...(o.label ? [o.label] : []), ...o.synonyms].map((phrase) => ({ value: o.value, phrase })));
    const hits = longestNonOverlapping(findPhrases(normalized, phrases));
    const takenBack = hits.filter((h) => TAKEN_BACK.test(normalized.slice(0, h.start)));
    const said = hits.filter((h) => !takenBack.includes(h) && !current.includes(h.value));
    if (takenBack.some((h) => current.includes(h.value)) && said.length > 0) {
      const kept = current.filter((v) => !takenBack.some((h) => h.value === v));
      const values = [...new Set(said.map((h) => h.value))];
      return { question, values: question === 'availability' || question === 'responsibilities' || question === 'interests' ? [...new Set([...kept, ...values])] : values.slice(-1) };
    }
  }
  return undefined;
}

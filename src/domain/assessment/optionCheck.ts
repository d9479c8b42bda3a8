import { ANY_TIME, OTHER_LANGUAGE, readAnswer, writeAnswer } from './answers.js';
import type { AssessmentText } from './assessmentText.js';
import { isProfileQuestion } from './questions.js';
import { QUESTION_IDS, WITHDRAWAL_QUESTIONS, type QuestionId } from './questionIds.js';

/** Options that steer the dialog instead of being stored as they are. */
function isSteering(id: QuestionId, value: string): boolean {
  if (id === 'availability' && value === ANY_TIME) return true; // stored as all four times
  if (id === 'language' && value === OTHER_LANGUAGE) return true; // asks which language
  return (WITHDRAWAL_QUESTIONS as readonly QuestionId[]).includes(id) && value === 'not_sure'; // left unanswered
}

/**
 * Option values in data/assessment.json that the profile cannot store (a typo like
 * "finshed_detox" would otherwise be dropped without a word). Empty when all is well.
 */
export function unmappedOptions(text: AssessmentText): string[] {
  const problems: string[] = [];
  for (const id of QUESTION_IDS) {
    if (!isProfileQuestion(id) || id === 'location') continue;
    for (const option of text.questions[id].options) {
      if (isSteering(id, option.value)) continue;
      const stored = readAnswer(writeAnswer({}, id, [option.value]), id);
      if (!stored?.includes(option.value)) problems.push(`questions.${id}: option "${option.value}" does not fit the profile`);
    }
  }
  return problems;
}

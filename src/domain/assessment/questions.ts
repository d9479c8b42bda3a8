import type { Profile } from '../profile/profile.js';
import { isAnswered } from './answers.js';
import { isMultiSelect, QUESTION_IDS, WITHDRAWAL_QUESTIONS, type ProfileQuestionId, type QuestionId } from './questionIds.js';

/** Which question comes next, given what the person has answered, skipped and confirmed. */

/**
 * `full`: everything that helps find an IOP. `detox`: after the withdrawal screen said
 * detox first, only what is needed to look for a detox program.
 */
export type AssessmentMode = 'full' | 'detox';

export interface Progress {
  mode: AssessmentMode;
  /**
   * Results come early: only what changes the answer most is asked before the first programs
   * (CORE_QUESTIONS); the rest is offered after them, as refining. Set when programs can be shown.
   */
  quick?: boolean;
  /** Questions skipped on purpose ("skip", "not sure" to the screen): not asked again. */
  skipped: readonly QuestionId[];
  /** Several-answer questions the person finished ("Done", or typed at their own prompt). */
  confirmed: readonly QuestionId[];
}

const DETOX_QUESTIONS: readonly ProfileQuestionId[] = ['location', 'payment'];

/**
 * Asked before the first programs, in this order: the age of someone they ask for (a parent is
 * asked "how old are they?" first: it decides teen or adult programs, and it is what a parent
 * expects to be asked), where they are in care and the withdrawal screen (safety first), where
 * they are, when they can go given work, school and family, and in person or telehealth.
 * Results follow by the fifth turn.
 */
export const CORE_QUESTIONS: readonly ProfileQuestionId[] = [
  'ageGroup',
  'careStage',
  'heavyUse',
  'symptomsWhenStopping',
  'pastSeizuresOrDts',
  'location',
  'availability',
  'format',
];

/**
 * Asking for someone else, their age group decides teen or adult programs, so it is asked.
 * Without a car, telehealth comes first and in person only within reach whatever the answer,
 * so in person or telehealth is left for after the results.
 */
function asksBeforeResults(id: ProfileQuestionId, profile: Profile): boolean {
  if (id === 'ageGroup') return profile.forWhom !== undefined && profile.forWhom !== 'self' && profile.age === undefined;
  if (id === 'format') return profile.transport !== 'none';
  return true;
}

/** Stages where detox is already behind the person, so the withdrawal screen is not asked. */
const PAST_DETOX: ReadonlySet<NonNullable<Profile['careStage']>> = new Set(['finished_detox', 'leaving_php', 'leaving_residential', 'in_iop']);

export const isProfileQuestion = (id: QuestionId): id is ProfileQuestionId => id !== 'resume' && id !== 'detoxOffer';

/** Whether a question applies to this person at all. */
export function isRelevant(id: ProfileQuestionId, profile: Profile, mode: AssessmentMode): boolean {
  if (mode === 'detox') return DETOX_QUESTIONS.includes(id);
  if ((WITHDRAWAL_QUESTIONS as readonly ProfileQuestionId[]).includes(id)) {
    // Skipping "where are you in care" must not skip the safety screen.
    return profile.careStage === undefined || !PAST_DETOX.has(profile.careStage);
  }
  switch (id) {
    case 'readiness':
      return profile.careStage !== 'in_iop';
    case 'workShift':
      return (profile.responsibilities ?? []).some((r) => r === 'full_time_job' || r === 'part_time_job');
    default:
      return true;
  }
}

/** Whether a question still needs asking. */
export function isPending(id: ProfileQuestionId, profile: Profile, progress: Progress): boolean {
  if (!isRelevant(id, profile, progress.mode) || progress.skipped.includes(id)) return false;
  // Several-answer questions mentioned in passing are still asked, as "anything else?".
  return isMultiSelect(id) ? !progress.confirmed.includes(id) : !isAnswered(profile, id);
}

export function nextQuestion(profile: Profile, progress: Progress): ProfileQuestionId | undefined {
  // Looking for detox: where they are matters most, so it comes first.
  if (progress.mode === 'detox') return DETOX_QUESTIONS.find((id) => isPending(id, profile, progress));
  if (progress.quick) return CORE_QUESTIONS.find((id) => asksBeforeResults(id, profile) && isPending(id, profile, progress));
  return QUESTION_IDS.filter(isProfileQuestion).find((id) => isPending(id, profile, progress));
}

/** Every question the assessment can ask, in the order it asks them. */
export const QUESTION_IDS = [
  'resume',
  'careStage',
  'heavyUse',
  'symptomsWhenStopping',
  'pastSeizuresOrDts',
  'readiness',
  'responsibilities',
  'workShift',
  'transport',
  'homeSafe',
  'availability',
  'format',
  'payment',
  'language',
  'location',
  'ageGroup',
  'interests',
  'coOccurring',
  'detoxOffer',
] as const;
export type QuestionId = (typeof QUESTION_IDS)[number];

/** Questions whose answer is a profile field (the others steer the dialog). */
export type ProfileQuestionId = Exclude<QuestionId, 'resume' | 'detoxOffer'>;

/** The withdrawal safety screen, asked of anyone not yet through detox. */
export const WITHDRAWAL_QUESTIONS = ['heavyUse', 'symptomsWhenStopping', 'pastSeizuresOrDts'] as const satisfies readonly ProfileQuestionId[];

/** Questions that take several answers and finish with "Done". */
export const MULTI_SELECT_QUESTIONS = ['responsibilities', 'availability', 'interests'] as const satisfies readonly ProfileQuestionId[];
export type MultiSelectQuestionId = (typeof MULTI_SELECT_QUESTIONS)[number];

export const isMultiSelect = (id: QuestionId): id is MultiSelectQuestionId => (MULTI_SELECT_QUESTIONS as readonly QuestionId[]).includes(id);

import type { PromptOptions } from 'botbuilder-dialogs';
import { choicePromptOptions } from '../src/replies/render.js';
import type { Profile } from '../src/domain/profile/profile.js';
import { readAnswer } from '../src/domain/assessment/answers.js';
import type { AssessmentText } from '../src/domain/assessment/assessmentText.js';
import { fill, joinClauses } from '../src/domain/assessment/confirmation.js';
import { isMultiSelect, type QuestionId } from '../src/domain/assessment/questionIds.js';

/** Why the location question is asked again (kinds and database names only, never typed text). */
export type PlaceProblem = { kind: 'unknown_zip' } | { kind: 'unknown' } | { kind: 'ambiguous'; city: string; exampleState: string };

export interface PromptState {
  /** Misunderstood answers to this question so far: 1 adds examples, 2 or more shows buttons only. */
  attempt: number;
  placeProblem?: PlaceProblem;
  /** "Another language" was tapped: ask which one. */
  languageOther?: boolean;
}

const NO_SKIP: ReadonlySet<QuestionId> = new Set(['resume', 'detoxOffer']);

function placeProblemText(problem: PlaceProblem, text: AssessmentText): string {
  const m = text.messages;
  if (problem.kind === 'unknown_zip') return m.zipUnknown;
  if (problem.kind === 'ambiguous') return fill(m.placeAmbiguous, { city: problem.city, state: problem.exampleState });
  return m.placeUnknown;
}

/** The question as it should be asked now: first time, with examples, or buttons only. */
export function questionPrompt(id: QuestionId, profile: Profile, state: PromptState, text: AssessmentText, aboutThem?: Partial<Record<QuestionId, string>>): PromptOptions {
  const question = text.questions[id];
  const m = text.messages;
  const picked = isMultiSelect(id) ? (readAnswer(profile, id) ?? []).filter((v) => v !== 'none') : [];

  // Looking for help for someone else: the question is about them ("How do they usually get around?").
  let body = aboutThem?.[id] ?? question.text;
  if (state.languageOther) body = m.languageOther;
  else if (picked.length > 0) {
    const shorts = picked.map((v) => question.options.find((o) => o.value === v)?.short ?? v);
    body = fill(m.anythingElse, { items: joinClauses(shorts, m.and) });
  }

  if (id === 'location' && state.placeProblem) body = placeProblemText(state.placeProblem, text);
  else if (state.attempt === 1) body = `${fill(m.retryLead, { examples: joinClauses(question.examples, m.or) })}\n\n${body}`;
  else if (state.attempt >= 2) body = id === 'location' ? m.placeUnknown : m.buttonsOnly;

  const buttons = question.options
    .filter((o) => o.label !== undefined && !picked.includes(o.value))
    // Once something is picked, "None of these" and "Any time" no longer make sense.
    .filter((o) => picked.length === 0 || (o.value !== 'none' && o.value !== 'any'))
    .map((o) => o.label as string);
  if (picked.length > 0) buttons.push(m.doneLabel);
  else if (!NO_SKIP.has(id)) buttons.push(m.skipLabel);
  return choicePromptOptions(body, buttons);
}

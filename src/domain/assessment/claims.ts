import { hasAnswers } from './answers.js';
import { parseAnswer } from './answerParser.js';
import type { ProfileQuestionId } from './questionIds.js';
import type { AssessmentText } from './assessmentText.js';
import { controlOf } from './controls.js';
import { hasFacts, readFacts, type Facts } from './facts.js';
import { extractAnswers } from './freeText.js';
import { resolvePlace } from './location.js';
import { looksLikeQuestion, normalizeAnswer } from './textMatch.js';

/** A whole message that is exactly one of the assessment's answers ("no", "evenings", "Medicaid"). */
function isExactOption(text: string, assessment: AssessmentText): boolean {
  const t = normalizeAnswer(text);
  if (t.length === 0) return false;
  return Object.values(assessment.questions).some((q) =>
    q.options.some((o) => (o.label !== undefined && normalizeAnswer(o.label) === t) || o.synonyms.some((s) => normalizeAnswer(s) === t)),
  );
}

/** "97201", "Portland, OR": a place, not a question. Bare city names are left to the root ("Hope" is a town). */
function isPlace(text: string): boolean {
  if (/^\s*\d{5}(?:-\d{4})?\s*$/.test(text)) return true;
  return /,/.test(text) && resolvePlace(text).kind === 'found';
}

/**
 * Whether a message mid-assessment is an answer (or "skip"/"back") rather than something
 * for the root: "I work nights" is an answer, "what is group therapy?" is a question.
 */
export function claimsAnswer(text: string, assessment: AssessmentText, pending?: ProfileQuestionId, placeAsked?: string): boolean {
  if (controlOf(text, { skip: assessment.messages.skipLabel, done: assessment.messages.doneLabel })) return true;
  if (looksLikeQuestion(text)) return false;
  // The waiting question has first claim: "I'm ready, I don't want to go back to drinking"
  // answers "how do you feel about a change?" even when it sounds like something else.
  if (pending) {
    const parsed = parseAnswer(pending, text, assessment.questions[pending]);
    if (parsed.kind === 'answer' && parsed.own.length > 0) return true;
    // Said in a sentence ("she just turned 15", "vivo en Hialeah"): what the message says fills the question itself.
    // "Maine" after "there's more than one Portland: which state?" places it.
    if (fillsQuestion(readFacts(text, { pending, question: assessment.questions[pending], ...(placeAsked ? { placeAsked } : {}) }), pending)) return true;
    // A correction of an earlier answer ("wait, it's for my son not me", "perdón, trabajo de noche"): kept as facts, not a topic.
    if (CORRECTION.test(normalizeAnswer(text)) && hasFacts(readFacts(text))) return true;
  }
  return isExactOption(text, assessment) || isPlace(text) || hasAnswers(extractAnswers(text));
}

/** How people take back what they said: a cue word, or "X not Y" ("evenings not mornings", "no para mí"). */
const CORRECTION = /^(?:wait|actually|sorry|correction|scratch that|my bad|i meant|i mean|oops|perdon|perdón|mejor|en realidad|me equivoqué|me equivoque|corrijo)\b|\b(?:i meant|i mean|not anymore|anymore|instead|i typed|ya no|no era)\b|\b\w+ not (?:\w+ ){0,2}\w+$|\bno (?:para|en|de) [^ ]+(?: [^ ]+)?$/;

/** Whether facts read from a message answer the waiting question itself. */
function fillsQuestion(facts: Facts, pending: ProfileQuestionId): boolean {
  if (pending === 'ageGroup') return facts.age !== undefined;
  if (pending === 'location') return facts.answers.location !== undefined || facts.place?.zip !== undefined;
  return (facts.answers.values[pending]?.length ?? 0) > 0;
}

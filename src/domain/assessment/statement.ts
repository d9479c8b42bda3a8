import type { IntentName } from '../nlu/intentNames.js';
import { hasFacts, type Facts } from './facts.js';
import { looksLikeQuestion, normalizeAnswer } from './textMatch.js';

/**
 * Intents the classifier gives sentences that mostly tell a situation: "I'm getting out of
 * rehab Friday, I'm in Tucson" sounds like "what is an IOP", "I work nights" like a question
 * about schedules. When such a message carries facts and asks nothing, it is the person
 * telling their story: the facts are kept and the program search goes on from there.
 * Asking for a person, a meeting, a callback or to be forgotten always keeps its intent.
 */
const STATEMENT_LIKE: ReadonlySet<IntentName> = new Set<IntentName>([
  'unknown',
  'learn_iop',
  'topic_what_is_iop',
  'topic_group_therapy',
  'topic_individual_counseling',
  'topic_support_groups',
  'topic_complementary',
  'topic_aftercare',
  'find_program',
  'cost_insurance',
  'schedule_time',
  'greeting',
  'thanks',
  'what_do_you_know',
]);

/** True when the message tells facts rather than asking for something. */
export function isStatementOfFacts(text: string, facts: Facts, intent: IntentName, score = 1): boolean {
  // A question mark anywhere asks something ("do programs work around school? I'm a senior"):
  // the intent answers it, and the facts are kept all the same.
  if (!hasFacts(facts) || looksLikeQuestion(text) || text.includes('?')) return false;
  if (score < SURE) return true;
  if (intent === 'cost_insurance') return !onlyPayment(facts);
  if (intent === 'faq_family') return !ASKS.test(normalizeAnswer(text));
  return STATEMENT_LIKE.has(intent);
}

/**
 * How they would pay, and nothing else, in a message about cost: "I have Blue Shield, does it
 * cover IOP", "I can't afford treatment", "¿cuánto cuesta? no tengo dinero". That is a cost
 * question (the payment is still kept), not a situation to search programs from.
 */
function onlyPayment(facts: Facts): boolean {
  const told = Object.entries(facts.answers.values).filter(([, v]) => (v?.length ?? 0) > 0).map(([k]) => k);
  // Someone else, an age or a place told with it is a situation.
  const situation = (facts.forWhom !== undefined && facts.forWhom !== 'self') || facts.age !== undefined || facts.answers.location !== undefined;
  return told.length === 1 && told[0] === 'payment' && !situation;
}

/**
 * A family member's situation told ("my 15 year old is vaping every day", "mi esposo toma
 * todos los días y ya no sé qué hacer") starts the search with what was said (the family
 * words come with it, dialogs/listening.ts); asking how to help them keeps the family answer.
 * Questions inside the message count, without a question mark too.
 */
const ASKS =
  /\b(?:how do i|how can i|how should i|how do we|how can we|what can i|what do i|what should i|what can we|what do we|is there|are there|do you|can you|do they|does it|should i)\b|(?<![\p{L}])(?:c[oó]mo (?:lo |la |le |los |las )?(?:ayudo|apoyo|ayudamos|apoyamos|ayudarl[oae]s?|apoyarl[oae]s?|hago)|qu[eé] (?:hago|hacemos|puedo hacer|podemos hacer)|hay algo|tienen algo|hay (?:un )?programas?)(?![\p{L}])/u;

/** Below this the classifier is guessing: facts told plainly ("actually I do have a car now") outweigh it. */
const SURE = 0.8;

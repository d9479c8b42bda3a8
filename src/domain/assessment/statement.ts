import type { IntentName } from '../nlu/intentNames.js';
import { hasFacts, type Facts } from './facts.js';
import { looksLikeQuestion } from './textMatch.js';

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
  return hasFacts(facts) && !looksLikeQuestion(text) && (STATEMENT_LIKE.has(intent) || score < SURE);
}

/** Below this the classifier is guessing: facts told plainly ("actually I do have a car now") outweigh it. */
const SURE = 0.8;

import { applyFacts, hasFacts, readFacts } from '../assessment/facts.js';
import type { QuestionText } from '../assessment/assessmentText.js';
import type { ValueQuestionId } from '../assessment/answers.js';
import type { ProfileQuestionId } from '../assessment/questionIds.js';
import type { Profile } from '../profile/profile.js';

/**
 * What a person says after seeing programs ("cheaper", "closer", "evenings only", "telehealth
 * instead", "I moved to Dayton"), as a change to the search. Pure: the text is not kept.
 */

export interface Refinement {
  /** The profile with what they said written in (the latest word wins). */
  profile: Profile;
  /** "closer": search nearer than before. */
  closer: boolean;
  /** "cheaper": free or sliding-scale programs. */
  cheaper: boolean;
}

// English and Spanish (accents folded): "closer" / "más cerca", "cheaper" / "más barato", "por video".
const CLOSER = /\b(?:closer|nearer|closest|nearest|less far|not so far|too far|mas cerca|mas cercanos?|muy lejos|cerquita)\b/;
const CHEAPER = /\b(?:cheaper|cheapest|less expensive|lower cost|low cost|too expensive|costs? less|free ones?|mas baratos?|mas economicos?|muy caro|gratis)\b/;
const TELEHEALTH = /\b(?:telehealth|online|virtual|virtually|video|zoom|from home|remote|remotely|en linea|desde (?:mi )?casa)\b/;
const IN_PERSON = /\b(?:in person|face to face|in-person|en persona|presencial)\b/;
/** Questions whose new answer replaces the old one rather than adding to it ("evenings only"). */
const REPLACED: readonly ProfileQuestionId[] = ['availability', 'format', 'payment', 'language', 'location'];

const normalize = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9\s,-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The change a message asks for, or undefined when it asks for none this can read. */
export function readRefinement(text: string, profile: Profile, pending?: { id: ValueQuestionId; question: QuestionText }): Refinement | undefined {
  const t = normalize(text);
  const facts = readFacts(text, pending ? { pending: pending.id, question: pending.question } : {});
  const closer = CLOSER.test(t);
  const cheaper = CHEAPER.test(t);
  // "telehealth instead" / "in person after all": the format, said without a verb.
  if (facts.answers.values.format === undefined) {
    if (TELEHEALTH.test(t)) facts.answers.values.format = ['telehealth'];
    else if (IN_PERSON.test(t)) facts.answers.values.format = ['in_person'];
  }
  if (cheaper) facts.answers.values.payment = ['free_or_sliding'];
  // "I moved to Portland" changes nothing yet: which Portland is asked first (dialogs/listening.ts).
  const { placeAmbiguous: _askedFirst, ...told } = facts;
  if (!closer && !cheaper && !hasFacts(told)) return undefined;
  const applied = applyFacts(profile, facts, new Set(REPLACED));
  return { profile: applied.profile, closer, cheaper };
}

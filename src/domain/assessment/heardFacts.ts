import { emptyAnswers, type ValueQuestionId } from './answers.js';
import type { ParsedAnswer } from './answerParser.js';
import { readFacts } from './facts.js';
import type { ProfileQuestionId } from './questionIds.js';

/**
 * The answer to the question on screen, plus what else the message says by the fact rules of
 * every language (data/fact-rules.json): "trabajo de noche y tengo dos hijos, no tengo carro"
 * at the availability question also answers the shift, the children and the ride, as the
 * English patterns of freeText.ts do for "I work nights and have two kids, no car". The
 * question's own reading wins where both speak; a tap is only the tap.
 */
export function withFactsOfEveryLanguage(parsed: ParsedAnswer, id: ProfileQuestionId, text: string): ParsedAnswer {
  // "actually I'm in Dayton", "no, estoy en Houston" at the place question: the words around
  // the place are no place, but the fact rules' lead-ins find it ("I'm in", "estoy en").
  if (parsed.kind === 'place_problem' && parsed.problem.kind === 'unknown') {
    const said = readFacts(text);
    if (said.answers.location) return { kind: 'answer', answers: said.answers, own: ['found'], tapped: false };
    if (said.placeAmbiguous) return { kind: 'place_problem', problem: { kind: 'ambiguous', ...said.placeAmbiguous }, answers: parsed.answers };
    return parsed;
  }
  if (parsed.kind !== 'answer' && parsed.kind !== 'unrecognized') return parsed;
  if (parsed.kind === 'answer' && parsed.tapped) return parsed;
  // Read as at this question: "sixteen" or "diecisiete" at "how old are you?" is an age.
  const heard = readFacts(text, { pending: id }).answers;
  const base = parsed.kind === 'answer' ? parsed : { kind: 'answer' as const, answers: emptyAnswers(), own: [] as string[], tapped: false };
  let added = false;
  const own = id === 'location' ? undefined : heard.values[id];
  if (id !== 'location' && base.own.length === 0 && own?.length) {
    base.answers.values[id] = own;
    base.own = own;
    added = true;
  }
  for (const [question, values] of Object.entries(heard.values) as Array<[ValueQuestionId, string[] | undefined]>) {
    if (question === id || !values?.length || base.answers.values[question]?.length) continue;
    base.answers.values[question] = values;
    added = true;
  }
  if (!base.answers.location && heard.location && id !== 'location') {
    base.answers.location = heard.location;
    added = true;
  }
  return parsed.kind === 'unrecognized' && !added ? parsed : base;
}

import { ANY_TIME, hasAnswers, NONE, OTHER_LANGUAGE, type Answers, type ValueQuestionId } from './answers.js';
import type { QuestionText } from './assessmentText.js';
import { ageGroupOf, answerAtOwnQuestion, extractAnswers, withoutWorkTimes } from './freeText.js';
import { placeNamed, type PlaceResult } from './location.js';
import { isMultiSelect, type ProfileQuestionId } from './questionIds.js';
import { findPhrases, longestNonOverlapping, normalizeAnswer } from './textMatch.js';

/** What one message means as an answer to the question on screen. */
export type ParsedAnswer =
  /** `own`: the values for the question asked (empty when only other facts were found). */
  | { kind: 'answer'; answers: Answers; own: string[]; tapped: boolean }
  | { kind: 'place_problem'; problem: Exclude<PlaceResult, { kind: 'found' }>; answers: Answers }
  | { kind: 'other_language' }
  | { kind: 'unrecognized' };

/** True when the message is exactly one of the question's buttons: a tap, or the same words typed. */
export function tappedOption(text: string, question: QuestionText): string | undefined {
  const t = normalizeAnswer(text);
  return question.options.find((o) => o.label !== undefined && normalizeAnswer(o.label) === t)?.value;
}

/** The question's options named in the text (labels and synonyms, longest phrase first). */
export function optionsNamed(text: string, question: QuestionText): string[] {
  const phrases = question.options.flatMap((o) => [...(o.label ? [o.label] : []), ...o.synonyms].map((phrase) => ({ value: o.value, phrase })));
  const hits = longestNonOverlapping(findPhrases(normalizeAnswer(text), phrases));
  return [...new Set(hits.map((h) => h.value))];
}

const SCREEN: ReadonlySet<ProfileQuestionId> = new Set(['heavyUse', 'symptomsWhenStopping', 'pastSeizuresOrDts']);

/** Picks this question's answer from what the text named and what the extractor found. */
function ownValues(id: ValueQuestionId, named: string[], extracted: string[] | undefined): string[] {
  if (isMultiSelect(id)) {
    if (named.includes(NONE) && named.length === 1 && !extracted?.length) return [NONE];
    if (named.includes(ANY_TIME)) return [ANY_TIME];
    return [...new Set([...named.filter((v) => v !== NONE), ...(extracted ?? [])])];
  }
  // A "yes" anywhere in a screen answer counts ("no, but I take Xanax").
  if (SCREEN.has(id) && (named.includes('yes') || extracted?.includes('yes'))) return ['yes'];
  if (extracted?.length) return extracted.slice(-1);
  // When several options are named, the last one is usually the correction ("days, no, nights").
  return named.slice(-1);
}

/** The children's school, not the person's ("my kids are in school", "mis hijos van a la escuela"). */
const CHILDRENS_SCHOOL = /(?<![\p{L}])(?:kids?|children|child|sons?|daughters?|hij[oa]s?|ni[nñ][oa]s)(?![\p{L}]).{0,20}(?<![\p{L}])(?:school|college|classes|escuela|colegio)(?![\p{L}])/u;
const OWN_SCHOOL = /\b(?:im in|i am in|i go to|i take|im taking|im a student|voy a la|estudio|estoy estudiando|soy estudiante)\b/;

/**
 * At "what's on your plate?": "I work" alone reads as a full-time job, but not beside "part
 * time"; and school said of the children is theirs.
 */
function ownResponsibilities(values: string[], normalized: string): string[] {
  let out = values;
  if (out.includes('part_time_job') && !/\bfull ?time\b|\btiempo completo\b/.test(normalized)) out = out.filter((v) => v !== 'full_time_job');
  if (out.includes('school') && CHILDRENS_SCHOOL.test(normalized) && !OWN_SCHOOL.test(normalized)) out = out.filter((v) => v !== 'school');
  return out;
}

/** Understands a message typed or tapped at one question. Never keeps the text. */
export function parseAnswer(id: ProfileQuestionId, text: string, question: QuestionText): ParsedAnswer {
  const answers = extractAnswers(text);

  if (id === 'location') {
    // "Dayton" is Dayton, OH; "Portland" is asked about (location.ts placeNamed).
    const place = answers.location ? ({ kind: 'found', location: answers.location } as const) : placeNamed(text);
    if (place.kind === 'found') return { kind: 'answer', answers: { ...answers, location: place.location }, own: ['found'], tapped: false };
    if (hasAnswers(answers)) return { kind: 'answer', answers, own: [], tapped: false };
    return { kind: 'place_problem', problem: place, answers };
  }

  const tapped = tappedOption(text, question);
  if (tapped === OTHER_LANGUAGE) return { kind: 'other_language' };
  // At "when could you go?", "evenings? I work days" names evenings only: the hours at work are the hours they can't come.
  const named = tapped !== undefined ? [tapped] : optionsNamed(id === 'availability' ? withoutWorkTimes(normalizeAnswer(text)) : text, question);
  if (id === 'ageGroup' && named.length === 0) {
    const bareAge = /^\s*(\d{1,3})\s*$/.exec(text)?.[1];
    const group = bareAge === undefined ? undefined : ageGroupOf(Number(bareAge));
    if (group) named.push(group);
  }
  const values = ownValues(id, named.filter((v) => v !== OTHER_LANGUAGE), answers.values[id] ?? answerAtOwnQuestion(id, text));
  const own = id === 'responsibilities' ? ownResponsibilities(values, normalizeAnswer(text)) : values;
  if (own.length > 0) answers.values[id] = own;
  else delete answers.values[id];

  if (own.length === 0 && !hasAnswers(answers)) return { kind: 'unrecognized' };
  return { kind: 'answer', answers, own, tapped: tapped !== undefined };
}

import type { Location, Profile } from '../profile/profile.js';
import { NONE, readAnswer, writeAnswer, type Answers, type ValueQuestionId } from './answers.js';
import { isMultiSelect, QUESTION_IDS, type ProfileQuestionId } from './questionIds.js';

/** One answer that changed, for "Got it: …" and "You said … before". */
export type AnswerChange =
  | { question: ValueQuestionId; before?: string[]; after: string[]; added: string[]; contradicts: boolean }
  | { question: 'location'; before?: Location; after: Location; contradicts: boolean };

export interface Applied {
  profile: Profile;
  changes: AnswerChange[];
}

const sameLocation = (a: Location, b: Location): boolean =>
  a.zip === b.zip && a.city === b.city && a.state === b.state && a.latitude === b.latitude && a.longitude === b.longitude;

/**
 * Writes answers into the profile. A new single answer replaces the old one (the latest
 * wins, and the change is flagged so the bot can say so). Several-answer questions add
 * to what was said in passing, unless `replace` names them (answered at their own prompt).
 */
export function applyAnswers(profile: Profile, answers: Answers, replace: ReadonlySet<ProfileQuestionId> = new Set()): Applied {
  let next = profile;
  const changes: AnswerChange[] = [];
  for (const question of QUESTION_IDS) {
    if (question === 'resume' || question === 'detoxOffer' || question === 'location') continue;
    const values = answers.values[question];
    if (!values) continue;
    const before = readAnswer(next, question);
    const merged =
      isMultiSelect(question) && before && !replace.has(question) && !values.includes(NONE)
        ? [...new Set([...before.filter((v) => v !== NONE), ...values])]
        : values;
    next = writeAnswer(next, question, merged);
    const after = readAnswer(next, question);
    if (!after || (before && before.length === after.length && before.every((v, i) => v === after[i]))) continue;
    const added = after.filter((v) => !before?.includes(v));
    const contradicts = !isMultiSelect(question) && before !== undefined && before[0] !== after[0];
    changes.push({ question, before, after, added, contradicts });
  }
  if (answers.location && !(profile.location && sameLocation(profile.location, answers.location))) {
    changes.push({ question: 'location', before: profile.location, after: answers.location, contradicts: profile.location !== undefined });
    next = { ...next, location: answers.location };
  }
  return { profile: next, changes };
}

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fromRoot } from '../../paths.js';

/**
 * Reads a free-text answer to "Are you safe right now?" in English or Spanish. The words
 * are data (data/safety-answers.json). Only a clear "yes" is safe; "no", "not really", "idk",
 * "no sé", silence ("...", "?") and more distress all keep the person on the crisis path,
 * because asking the same question again, or letting go too soon, is the costly mistake.
 */

export type SafetyAnswer =
  /** "yes", "yeah I'm safe", "sí, estoy bien". */
  | 'safe'
  /** Safe, but hurting: "I'm not going to do anything, I just feel empty". */
  | 'safe_hurting'
  /** "no", "not really", "no estoy a salvo", "scared of myself". */
  | 'not_safe'
  /** "idk", "maybe", "no sé, creo que sí", "for now, but tonight...", or anything not clear. */
  | 'unsure'
  /** "why does it matter, nobody cares", "ya nada importa". */
  | 'distress'
  /** "...", "?", an empty message. */
  | 'silent';

const Patterns = z.array(z.string().min(1)).min(1);
const SafetyAnswersFile = z
  .object({
    version: z.literal(1),
    description: z.string(),
    distress: Patterns,
    unsure: Patterns,
    notSafe: Patterns,
    negatedHarm: Patterns,
    safe: Patterns,
    hurting: Patterns,
  })
  .strict();

type Compiled = Record<'distress' | 'unsure' | 'notSafe' | 'negatedHarm' | 'safe' | 'hurting', RegExp>;

function compile(data: unknown, where: string): Compiled {
  const file = SafetyAnswersFile.parse(data);
  const one = (key: keyof Compiled): RegExp => {
    try {
      return new RegExp(file[key].map((p) => `(?:${p})`).join('|'));
    } catch (error) {
      throw new Error(`${where}: ${key}: ${(error as Error).message}`);
    }
  };
  return { distress: one('distress'), unsure: one('unsure'), notSafe: one('notSafe'), negatedHarm: one('negatedHarm'), safe: one('safe'), hurting: one('hurting') };
}

/** Loads and validates the word lists; a bad file stops the start. */
export function loadSafetyAnswers(path = fromRoot('data/safety-answers.json')): (text: string) => SafetyAnswer {
  const patterns = compile(JSON.parse(readFileSync(path, 'utf8')), path);
  return (text) => readSafetyAnswerWith(patterns, text);
}

/** Lower case, no accents, no apostrophes ("I'm" is "im"), words and single spaces. */
export function plainAnswer(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/['\u2018\u2019`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** What the text says about being safe, or undefined when it says nothing of it (the reader's default "unsure"). */
function explicitAnswerWith(p: Compiled, text: string): Exclude<SafetyAnswer, 'silent'> | undefined {
  const answer = readSafetyAnswerWith(p, text);
  if (answer === 'silent') return undefined;
  if (answer !== 'unsure') return answer;
  return p.unsure.test(plainAnswer(typeof text === 'string' ? text.slice(0, 500) : '')) ? 'unsure' : undefined;
}

function readSafetyAnswerWith(p: Compiled, text: string): SafetyAnswer {
  const plain = plainAnswer(typeof text === 'string' ? text.slice(0, 500) : '');
  if (plain.length === 0 || /^(?:h+m+|u+h+|u+m+|e+h+|mm+|ok so|so)$/.test(plain)) return 'silent';
  if (p.distress.test(plain)) return 'distress';
  if (p.unsure.test(plain)) return 'unsure';
  const noHarm = p.negatedHarm.test(plain);
  // The rest of the answer once "not going to hurt myself" is set aside, so its words are
  // neither a "not" nor a hurt.
  const rest = noHarm ? plain.replace(p.negatedHarm, ' ') : plain;
  // "No, I'm not going to do anything": the "no" answers the worry, not the question.
  if (p.notSafe.test(rest)) return noHarm ? 'safe_hurting' : 'not_safe';
  if (noHarm || p.safe.test(plain)) return p.hurting.test(rest) ? 'safe_hurting' : 'safe';
  return 'unsure';
}

let loaded: ((text: string) => SafetyAnswer) | undefined;
let loadedExplicit: ((text: string) => Exclude<SafetyAnswer, 'silent'> | undefined) | undefined;

/**
 * Reads a message sent after "are you safe?" was answered (at "next steps or a person?"):
 * only words that speak of safety ("i guess im safe for tonight", "not really", "idk") are an
 * answer; anything else (a question, a place) is not.
 */
export function defaultExplicitSafetyAnswerReader(): (text: string) => Exclude<SafetyAnswer, 'silent'> | undefined {
  if (!loadedExplicit) {
    const path = fromRoot('data/safety-answers.json');
    const patterns = compile(JSON.parse(readFileSync(path, 'utf8')), path);
    loadedExplicit = (text) => explicitAnswerWith(patterns, text);
  }
  return loadedExplicit;
}

/** The reader over data/safety-answers.json, loaded (and validated) once. */
export function defaultSafetyAnswerReader(): (text: string) => SafetyAnswer {
  loaded ??= loadSafetyAnswers();
  return loaded;
}

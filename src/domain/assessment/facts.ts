import { ForWhom, Gender, MedicationWish, type Location, type Profile } from '../profile/profile.js';
import { applyAnswers, type AnswerChange } from './applyAnswers.js';
import { emptyAnswers, hasAnswers, readAnswer, writeAnswer, type Answers, type ValueQuestionId } from './answers.js';
import { parseAnswer } from './answerParser.js';
import type { QuestionText } from './assessmentText.js';
import { factRules, type CompiledLanguage } from './factRules.js';
import { ageGroupOf, extractAnswers } from './freeText.js';
import { placeNamed, resolvePlace, stateAnswered, stateCode, zipInText } from './location.js';
import type { ProfileQuestionId } from './questionIds.js';
import { clauses, isNegated, normalizeAnswer, sentencesOf } from './textMatch.js';

/**
 * Everything a message says about the person, whatever it is otherwise: the first message,
 * an answer, an aside, a correction. The assessment's answer patterns (freeText.ts) and the
 * rules of data/fact-rules.json are both read. Only enumerated values come out, never text.
 */
export interface Facts {
  /** Answers to the assessment's questions, and a place resolved to coordinates. */
  answers: Answers;
  forWhom?: ForWhom;
  /** The age of the person the help is for. */
  age?: number;
  gender?: Gender;
  medication?: MedicationWish;
  /** What the message itself named of a place: a ZIP code, or a city and state (for the confirmation and the scorer). */
  place?: { zip?: string; city?: string; state?: string; stateFromCity?: boolean };
  /** Several-answer values the person said no longer apply ("I'm not in school"). */
  removed: Partial<Record<'responsibilities', string[]>>;
  /** A place named without its state, shared by places of a size ("Portland"): asked about, not kept. */
  placeAmbiguous?: AmbiguousPlace;
}

/** A city name in several states (the ZIP table's spelling and states, likeliest first): never the typed text. */
export interface AmbiguousPlace {
  city: string;
  states: string[];
}

export interface ReadOptions {
  /** The question waiting for an answer: its own words count ("nights" at "what hours do you work?"). */
  pending?: ProfileQuestionId;
  question?: QuestionText;
  /** "Who is this for?" is waiting: a bare "my son" or "me" answers it. */
  pendingForWhom?: boolean;
  /** Who the help is for, as already known: "he's 17" is then that person's age. */
  knownForWhom?: ForWhom;
  /** "Which state is it in?" was asked about this city: a state named alone ("Maine", "MO") places it. */
  placeAsked?: string;
}

/** Bare relation words, for the answer to "who is this for?". */
const RELATIONS: ReadonlyArray<[RegExp, ForWhom]> = [
  // Not a bare "im": "my husband but he doesnt know im looking" is the husband.
  [/(?<![\p{L}])(?:me|myself|mine|for me|its me|im the one|m[ií]|yo)(?![\p{L}])/u, 'self'],
  [/(?<![\p{L}])(?:son|daughter|kid|kids|child|children|teen|teenager|stepson|stepdaughter|boy|girl|hij[oa]s?|hijastr[oa]|ni[nñ][oa]s?|chamac[oa]s?)(?![\p{L}])/u, 'child'],
  [/(?<![\p{L}])(?:husband|wife|boyfriend|girlfriend|partner|fiance|fiancee|spouse|espos[oa]|marido|novi[oa]|pareja)(?![\p{L}])/u, 'partner'],
  [/(?<![\p{L}])(?:mom|mother|mum|dad|father|parent|parents|stepdad|stepmom|mam[aá]|pap[aá]|madre|padre|padrastro|madrastra)(?![\p{L}])/u, 'parent'],
  [/(?<![\p{L}])(?:friend|buddy|roommate|coworker|neighbor|amig[oa]|compa|vecin[oa])(?![\p{L}])/u, 'friend'],
  [/(?<![\p{L}])(?:brother|sister|cousin|uncle|aunt|nephew|niece|grandson|granddaughter|grandma|grandpa|grandmother|grandfather|family|relative|loved one|herman[oa]|prim[oa]|t[ií][oa]|sobrin[oa]|niet[oa]|abuel[oa]|cuñad[oa])(?![\p{L}])/u, 'other_family'],
];

const DEFINITION_QUESTION = /^(?:what(?:s| is| are| even is| does| do)|whats the difference|difference between|(?:qu[eé]|q) (?:es|son|significa|quiere decir))\b/;
const FIRST_PERSON = /\b(?:i|im|ive|id|my|me|mine|yo|mi|mis|estoy|tengo|voy)\b/;

/** Someone spoken of as he or she, anywhere in the message (for rules marked onThirdPerson: skip). */
const THIRD_PERSON = /\b(?:he|hes|him|his|she|shes|her|hers|himself|herself)\b/;

const MULTI = new Set<ValueQuestionId>(['responsibilities', 'availability', 'interests']);
const VALUE_FIELDS = new Set<string>(['careStage', 'responsibilities', 'workShift', 'transport', 'availability', 'format', 'payment', 'language']);

/** A place after a lead-in ("I live in Tucson", "moved to Dayton, Ohio"): the longest run of words that is one. */
function placeAfterLeadIns(normalized: string, set: CompiledLanguage): { location?: Location; state?: string; ambiguous?: AmbiguousPlace } | undefined {
  // A state alone ("a 30 day residential in Florida") gives way to a city named later ("coming home to Atlanta").
  let stateOnly: string | undefined;
  for (const lead of normalized.matchAll(set.placeLeadIn)) {
    const rest = normalized.slice(lead.index + lead[0].length).trim().split(' ').slice(0, 4);
    for (let take = rest.length; take >= 1; take--) {
      const candidate = rest.slice(0, take).join(' ');
      const first = rest[0] ?? '';
      const alias = set.placeAliases.get(candidate);
      // "the Bronx" is a place although "the" alone is not.
      if (alias === undefined && (set.notPlaces.has(candidate) || set.notPlaces.has(first) || /^\d/.test(first))) continue;
      // A state by its full name alone ("I'm in Arizona"): two letters are too often a word ("in or").
      const state = candidate.length > 3 ? stateCode(candidate) : undefined;
      const place = resolvePlace(alias ?? candidate);
      // "Ohio", "Florida", "Tennessee" are towns elsewhere too: the state's name is the state, unless its own city has that name (New York).
      if (state && !(place.kind === 'found' && place.location.state === state)) {
        stateOnly ??= state;
        break;
      }
      if (place.kind === 'found') return { location: place.location };
      // A name mostly one place's is that place ("actually I'm in Dayton" is Ohio's); one shared
      // by places of a size (Portland, Springfield) is asked about, never guessed (location.ts placeNamed).
      if (place.kind === 'ambiguous') {
        const named = placeNamed(alias ?? candidate);
        if (named.kind === 'found') return { location: named.location };
        if (named.kind === 'ambiguous') return { ambiguous: { city: named.city, states: named.states } };
      }
    }
  }
  return stateOnly ? { state: stateOnly } : undefined;
}

/** Whether the message itself names the state (its code or its name), not only a city the table places in it. */
function saysState(normalized: string, state: string): boolean {
  if (new RegExp(`\\b${state.toLowerCase()}\\b`).test(normalized)) return true;
  const words = normalized.split(' ');
  for (let i = 0; i < words.length; i++) for (const take of [1, 2, 3]) if (i + take <= words.length && words.slice(i, i + take).join(' ').length > 3 && stateCode(words.slice(i, i + take).join(' ')) === state) return true;
  return false;
}

/**
 * The language's number words as digits, for reading ages: "sixteen" → 16. A ten and a unit
 * are one number ("twenty two", "twenty-two", "treinta y uno" → 22, 22, 31), never the ten
 * alone ("twenty two" was read as 20).
 */
function digitsFor(normalized: string, set: CompiledLanguage): string {
  if (set.numberWords.size === 0) return normalized;
  const words = normalized.split(' ');
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const n = set.numberWords.get(words[i] ?? '');
    if (n === undefined) {
      out.push(words[i] ?? '');
      continue;
    }
    if (n >= 20 && n < 100 && n % 10 === 0) {
      const at = set.numberJoin !== undefined && words[i + 1] === set.numberJoin ? i + 2 : i + 1;
      const unit = set.numberWords.get(words[at] ?? '');
      if (unit !== undefined && unit >= 1 && unit <= 9) {
        out.push(String(n + unit));
        i = at;
        continue;
      }
    }
    out.push(String(n));
  }
  return out.join(' ');
}

function firstAge(match: RegExpExecArray | null): number | undefined {
  if (!match) return undefined;
  const group = match.slice(1).find((g) => g !== undefined);
  const age = group === undefined ? undefined : Number(group);
  return age !== undefined && Number.isInteger(age) && age >= 10 && age <= 110 ? age : undefined;
}

/** Reads a message for facts. Pure: the text is not kept. */
export function readFacts(text: string, options: ReadOptions = {}): Facts {
  const facts: Facts = { answers: emptyAnswers(), removed: {} };
  const { pending, question } = options;
  // The waiting question reads its own answer first (its buttons' words), then everything else.
  if (pending && question) {
    const parsed = parseAnswer(pending, text, question);
    if (parsed.kind === 'answer' || parsed.kind === 'place_problem') facts.answers = parsed.answers;
  } else {
    facts.answers = extractAnswers(text);
  }
  const values = facts.answers.values;
  const found = new Map<string, string[]>();
  const add = (field: string, value: string): void => {
    const previous = found.get(field) ?? [];
    found.set(field, MULTI.has(field as ValueQuestionId) || field === 'forWhom' ? [...new Set([...previous, value])] : [value]);
  };

  const normalized = normalizeAnswer(text);
  const thirdPerson = THIRD_PERSON.test(normalized);
  const sets = factRules();
  for (const sentence of sentencesOf(text)) {
    for (const clause of clauses(sentence)) {
      const negated = isNegated(clause);
      for (const set of sets) {
        for (const rule of set.rules) {
          if (negated && rule.onNegation === 'skip') continue;
          if (thirdPerson && rule.onThirdPerson === 'skip') continue;
          // A taking-back can span the message's commas ("not me, my kids are in school").
          if (!rule.pattern.test(clause) && !rule.pattern.test(sentence) && !(rule.remove && rule.pattern.test(normalized))) continue;
          if (rule.remove) {
            if (rule.field === 'responsibilities') facts.removed.responsibilities = [...new Set([...(facts.removed.responsibilities ?? []), rule.value])];
            continue;
          }
          add(rule.field, rule.value);
        }
      }
    }
  }

  for (const [field, list] of found) {
    // Someone else named beside "me" is who the help is for ("I need help for my son").
    if (field === 'forWhom') facts.forWhom = ForWhom.parse(list.find((v) => v !== 'self') ?? list.at(-1));
    else if (field === 'gender') facts.gender = Gender.parse(list.at(-1));
    else if (field === 'medication') facts.medication = MedicationWish.parse(list.at(-1));
    else if (VALUE_FIELDS.has(field)) {
      const id = field as ValueQuestionId;
      const before = values[id];
      if (MULTI.has(id)) values[id] = [...new Set([...(before ?? []), ...list])];
      // The assessment's own patterns are the tested ones: they win where both speak.
      else if (!before?.length) values[id] = list;
    }
  }
  // Taken out again where the same message takes them back ("I'm not in school, my kids are").
  if (facts.removed.responsibilities && values.responsibilities) {
    const gone = new Set(facts.removed.responsibilities);
    values.responsibilities = values.responsibilities.filter((v) => !gone.has(v));
    if (values.responsibilities.length === 0) delete values.responsibilities;
  }
  if (options.pendingForWhom && facts.forWhom === undefined) {
    // The last relation named is the answer ("not me, my son").
    let best: { at: number; who: ForWhom } | undefined;
    for (const [pattern, who] of RELATIONS) {
      for (const m of normalized.matchAll(new RegExp(pattern.source, 'gu'))) {
        const negatedBefore = /\b(?:not|no)(?:\s+para)?\s*$/.test(normalized.slice(0, m.index));
        if (!negatedBefore && (!best || m.index > best.at)) best = { at: m.index, who };
      }
    }
    if (best) facts.forWhom = best.who;
  }
  // Someone else's relation words are not the person's own job or school ("my son is in school").
  if (facts.forWhom && facts.forWhom !== 'self') {
    if (values.responsibilities) {
      values.responsibilities = values.responsibilities.filter((v) => v !== 'caregiving');
      if (values.responsibilities.length === 0) delete values.responsibilities;
    }
    facts.gender ??= genderOfRelation(normalized);
  } else if (facts.forWhom === undefined && options.knownForWhom !== 'self') {
    // "he's 16", "para mi hija": someone else is spoken of, so it is their gender, not the writer's.
    const other = genderOfRelation(normalized);
    // Not when the writer speaks of themself too ("I have my daughter at home, I work nights").
    if (other && !/\b(?:i|im|me|mine|myself|yo|tengo|trabajo|estoy|vivo)\b/.test(normalized.replace(/\b(?:my|mis?) \p{L}+/gu, ''))) facts.gender ??= other;
    facts.gender ??= genderOfPronoun(normalized);
  }

  // Ages: said of someone else, or of oneself; a bare number at the age question. Number words count ("she is fifteen").
  for (const set of sets) {
    const withDigits = digitsFor(normalized, set);
    const other = facts.forWhom ?? options.knownForWhom;
    facts.age ??= other && other !== 'self' ? firstAge(set.ageAfterRelation.exec(withDigits)) : undefined;
    facts.age ??= firstAge(set.agePhrase.exec(withDigits));
  }
  if (facts.age === undefined && pending === 'ageGroup') {
    // At "how old are they?" any age-like number is the answer ("he's seventeen", "16", "diecisiete").
    // One number only: "18 to 25" or "26 a 64" names an age group (a button), not an age.
    for (const set of sets) {
      const numbers = digitsFor(normalized, set).match(/\b\d{1,3}\b/g) ?? [];
      if (numbers.length === 1) facts.age ??= firstAge(/(\d+)/.exec(numbers[0] ?? ''));
    }
  }
  // At "what do you have on your plate?", "we both work" is a job.
  if (pending === 'responsibilities' && !values.responsibilities?.length && /\b(?:work|works|working|job|jobs|employed)\b/.test(normalized) && !/\b(?:dont|do not|no longer|not) (?:work|have a job)\b/.test(normalized)) {
    values.responsibilities = ['full_time_job'];
  }
  // "What even is an IOP?", "what's the difference between IOP and PHP": asking what a level of care is, not being in it.
  if (DEFINITION_QUESTION.test(normalized) && !FIRST_PERSON.test(normalized)) delete values.careStage;
  if (facts.age !== undefined) {
    const group = ageGroupOf(facts.age);
    if (group) values.ageGroup = [group];
  }

  // Places: the state asked for, a ZIP code anywhere, else a place after "in", "near", "moved to"...
  const zip = zipInText(text);
  const askedState = options.placeAsked !== undefined && !zip ? stateAnswered(text) : undefined;
  const asked = askedState ? resolvePlace(`${options.placeAsked}, ${askedState}`) : undefined;
  if (asked?.kind === 'found') {
    facts.answers.location = asked.location;
    facts.place = { city: asked.location.city, state: asked.location.state };
  } else if (zip) {
    facts.place = { zip };
    // "Newark, NJ 07104": the city and state said beside the ZIP code.
    const said = resolvePlace(text.replace(zip, ' ').replace(/-\d{4}\b/, ' ').trim());
    if (said.kind === 'found' && said.location.city && saysState(normalized, said.location.state ?? '')) facts.place = { zip, city: said.location.city, state: said.location.state };
  }
  else if (facts.answers.location) facts.place = { city: facts.answers.location.city, state: facts.answers.location.state };
  else {
    for (const set of sets) {
      const place = placeAfterLeadIns(normalized, set);
      if (!place) continue;
      if (place.location) {
        facts.answers.location = place.location;
        facts.place = { city: place.location.city, state: place.location.state };
      } else if (place.ambiguous) facts.placeAmbiguous = place.ambiguous;
      else facts.place = { state: place.state };
      break;
    }
  }
  if (!facts.place?.city && !facts.place?.zip) {
    // A city and its state on their own ("..., so evenings. Mesa AZ").
    for (const sentence of sentencesOf(text)) {
      for (const clause of clauses(sentence)) {
        const words = normalizeAnswer(clause).split(' ');
        if (words.length < 2 || words.length > 4) continue;
        const said = resolvePlace(clause);
        if (said.kind === 'found' && said.location.state && saysState(normalizeAnswer(clause), said.location.state)) {
          facts.answers.location = said.location;
          facts.place = { city: said.location.city, state: said.location.state };
          delete facts.placeAmbiguous;
        }
      }
    }
  }
  // A state the person did not name is the city table's guess ("Tucson" is Arizona's): kept for the search, marked as a guess.
  if (facts.place?.city && facts.place.state && !saysState(normalized, facts.place.state)) facts.place = { ...facts.place, stateFromCity: true };
  return facts;
}

/**
 * "my 16 yo son", "our daughter", "my little brother": words between the possessive and the relation.
 * "our daughter's car" is read as "our daughters car" (the apostrophe is gone): a child's "s" is
 * allowed, an adult's is not ("my husband's job" names his job, not him).
 */
const MY = String.raw`\b(?:my|our) (?:\d{1,2} ?(?:year old|yr old|yo|y o) |(?:little|younger|older|big|baby|oldest|youngest|teenage|adult) )?`;

const RELATION_GENDER: ReadonlyArray<[RegExp, Gender]> = [
  [new RegExp(String.raw`${MY}(?:sons?|stepsons?|boys?|husband|boyfriend|dad|father|stepdad|brother|nephew|grandson|uncle|grandpa|grandfather)\b`), 'man'],
  [new RegExp(String.raw`${MY}(?:daughters?|stepdaughters?|girls?|wife|girlfriend|mom|mother|mum|stepmom|sister|niece|granddaughter|aunt|grandma|grandmother)\b`), 'woman'],
  [/\bmis? (?:hijo|hijastro|esposo|marido|novio|pap[aá]|padre|padrastro|hermano|sobrino|nieto|abuelo|t[ií]o|primo|amigo|compa|suegro|yerno)(?![\p{L}])/u, 'man'],
  [/\bmis? (?:hija|hijastra|esposa|mujer|novia|mam[aá]|madre|madrastra|hermana|sobrina|nieta|abuela|t[ií]a|prima|amiga|suegra|nuera)(?![\p{L}])/u, 'woman'],
];

/** A message about someone else that begins with he or she ("he's 16", "actually she's 17 not 16", "he works overnights"). */
const PRONOUN_FIRST = /^(?:(?:actually|wait|no|yes|yeah|yep|nope|well|ok|okay|oh|so|and|but|sorry|um|uh|i think|i mean|hmm)\s+)*(?:he|hes|him|his|she|shes|her|hers)\b/;

function genderOfPronoun(normalized: string): Gender | undefined {
  const m = PRONOUN_FIRST.exec(normalized);
  if (!m) return undefined;
  return /\b(?:he|hes|him|his)$/.test(m[0]) ? 'man' : 'woman';
}

function genderOfRelation(normalized: string): Gender | undefined {
  const relation = RELATION_GENDER.filter(([pattern]) => pattern.test(normalized)).map(([, g]) => g);
  // "my son and my daughter": no one gender.
  return relation.length === 1 ? relation[0] : undefined;
}

/** True when the message said anything the profile keeps. */
export function hasFacts(facts: Facts): boolean {
  return (
    hasAnswers(facts.answers) ||
    facts.forWhom !== undefined ||
    facts.age !== undefined ||
    facts.gender !== undefined ||
    facts.medication !== undefined ||
    facts.placeAmbiguous !== undefined ||
    (facts.removed.responsibilities?.length ?? 0) > 0
  );
}

export interface FactsApplied {
  profile: Profile;
  /** Changes to the assessment's answers, for "Got it: …" (confirmation.ts). */
  changes: AnswerChange[];
  /** Fields outside the assessment's questions that changed. */
  extra: Array<'forWhom' | 'age' | 'gender' | 'medication' | 'removed'>;
}

/**
 * Writes facts into the profile: the latest word wins (so corrections are just facts), and
 * several-answer questions gain what was added and lose what was taken back.
 */
export function applyFacts(profile: Profile, facts: Facts, replace: ReadonlySet<ProfileQuestionId> = new Set()): FactsApplied {
  const applied = applyAnswers(profile, facts.answers, replace);
  let next = applied.profile;
  const extra: FactsApplied['extra'] = [];
  const changes = [...applied.changes];
  const removed = facts.removed.responsibilities ?? [];
  if (removed.length > 0 && next.responsibilities?.some((r) => removed.includes(r))) {
    const before = readAnswer(profile, 'responsibilities');
    next = writeAnswer(next, 'responsibilities', (next.responsibilities ?? []).filter((r) => !removed.includes(r)));
    // An emptied list means "nothing on my plate" only if they said so; otherwise it is unanswered again.
    if ((next.responsibilities ?? []).length === 0) next = { ...next, responsibilities: undefined };
    const after = readAnswer(next, 'responsibilities') ?? [];
    const existing = changes.findIndex((c) => c.question === 'responsibilities');
    if (existing >= 0) changes.splice(existing, 1);
    changes.push({ question: 'responsibilities', before, after, added: after.filter((v) => !before?.includes(v)), contradicts: false });
    extra.push('removed');
  }
  const set = <K extends 'forWhom' | 'age' | 'gender' | 'medication'>(key: K, value: Profile[K] | undefined): void => {
    if (value === undefined || next[key] === value) return;
    next = { ...next, [key]: value };
    extra.push(key);
  };
  set('forWhom', facts.forWhom);
  set('age', facts.age);
  set('gender', facts.gender);
  set('medication', facts.medication);
  return { profile: dropUndefined(next), changes, extra };
}

function dropUndefined(profile: Profile): Profile {
  return Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined)) as Profile;
}

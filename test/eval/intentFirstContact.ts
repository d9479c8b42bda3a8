/**
 * First-contact figures for a blind intent and fact set: what the bot makes of messages
 * written by someone who never read the training data, the fact rules or the tests.
 *
 *   npx tsx test/eval/intentFirstContact.ts test/eval/intent-blind-2026-12-07.json
 *
 * Each item is read the way the root dialog reads a message (dialogs/mainDialog.ts):
 * a command word first; then, when a question is waiting, the question's claim on the
 * reply (an unsure classifier, or words the question takes as its answer, make it an
 * answer); then the classifier's intent. A message with no question waiting, no intent
 * and facts in it is a person telling their situation: at the first message that starts
 * the program search (find_program), elsewhere it is an answer (kept, acknowledged). A set's
 * "answer" on a first message (a telling) is therefore scored as find_program.
 * Facts are what src/domain/assessment/facts.ts reads (with the waiting question's own
 * words when there is one).
 *
 * Prints intent accuracy per context and language, precision and recall per fact field
 * (list fields count per element), and how many answers to a waiting question were
 * understood (taken as the answer, and the question's own field right). Every miss is
 * printed so the misses can be moved into the regression set.
 *
 * Not a test: on a fresh blind set the figures are a measure.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { loadAssessmentTexts } from '../../src/domain/assessment/assessmentText.js';
import { claimsAnswer } from '../../src/domain/assessment/claims.js';
import { hasFacts, readFacts, type Facts } from '../../src/domain/assessment/facts.js';
import type { ProfileQuestionId } from '../../src/domain/assessment/questionIds.js';
import { isStatementOfFacts } from '../../src/domain/assessment/statement.js';
import { looksLikeQuestion } from '../../src/domain/assessment/textMatch.js';
import { IntentName } from '../../src/domain/nlu/intentNames.js';
import { IntentRecognizer } from '../../src/domain/nlu/intentRecognizer.js';
import { commandOf, type GlobalCommand } from '../../src/turn/understanding.js';
import { guarded } from '../../dialogs/listening.js';

/** The intents the set may name: the recognizer's, and those issue #16 adds (so the set loads before and after). */
const ISSUE_16_INTENTS = [
  'faq_confidential',
  'faq_employer',
  'faq_twelve_step_required',
  'faq_available_now',
  'faq_duration',
  'faq_first_day',
  'faq_va',
  'faq_medication',
  'faq_family',
  'change_language',
] as const;
const KNOWN_INTENTS = new Set<string>([...IntentName.options, ...ISSUE_16_INTENTS, 'answer']);

const Context = z.enum(['first_message', 'answer', 'aside', 'correction']);
const Question = z.enum(['care_stage', 'withdrawal_screen', 'readiness', 'responsibilities', 'work_shift', 'transport', 'availability', 'format', 'payment', 'location', 'age', 'for_whom']);
type Question = z.infer<typeof Question>;

const ExpectedFacts = z
  .object({
    careStage: z.string().optional(),
    responsibilities: z.array(z.string()).optional(),
    workShift: z.string().optional(),
    transport: z.string().optional(),
    availability: z.array(z.string()).optional(),
    format: z.string().optional(),
    payment: z.string().optional(),
    zip: z.string().optional(),
    city: z.string().optional(),
    state: z.string().optional(),
    forWhom: z.enum(['self', 'child', 'partner', 'parent', 'friend', 'other_family']).optional(),
    age: z.number().optional(),
    gender: z.enum(['male', 'female', 'nonbinary']).optional(),
    language: z.enum(['en', 'es']).optional(),
  })
  .strict();
type ExpectedFacts = z.infer<typeof ExpectedFacts>;
type FactField = keyof ExpectedFacts;
const FACT_FIELDS = Object.keys(ExpectedFacts.shape) as FactField[];

const Item = z.object({
  text: z.string().min(1).max(2000),
  context: Context,
  question: Question.optional(),
  intent: z.string().refine((v) => KNOWN_INTENTS.has(v), { message: 'not an intent name the bot knows, nor "answer"' }),
  facts: ExpectedFacts,
  lang: z.enum(['en', 'es']),
});
export type Item = z.infer<typeof Item>;

export const IntentBlindSet = z.object({
  version: z.union([z.string(), z.number()]),
  date: z.string(),
  description: z.string(),
  items: z.array(Item).min(1),
});

/** The assessment question each waiting question of the set is. */
const PENDING: Record<Question, ProfileQuestionId | 'forWhom'> = {
  care_stage: 'careStage',
  withdrawal_screen: 'heavyUse',
  readiness: 'readiness',
  responsibilities: 'responsibilities',
  work_shift: 'workShift',
  transport: 'transport',
  availability: 'availability',
  format: 'format',
  payment: 'payment',
  location: 'location',
  age: 'ageGroup',
  for_whom: 'forWhom',
};

/** The fact field a waiting question's answer fills (none for readiness and the screen: no fact field). */
const OWN_FIELDS: Partial<Record<Question, FactField[]>> = {
  care_stage: ['careStage'],
  responsibilities: ['responsibilities'],
  work_shift: ['workShift'],
  transport: ['transport'],
  availability: ['availability'],
  format: ['format'],
  payment: ['payment'],
  location: ['zip', 'city', 'state'],
  age: ['age'],
  for_whom: ['forWhom'],
};

/** Commands as the intents of the same name (routes.ts gives them one row). */
const COMMAND_INTENT: Record<GlobalCommand, string> = {
  help: 'help',
  cancel: 'cancel',
  start_over: 'start_over',
  restart: 'start_over',
  talk_to_person: 'talk_to_person',
  get_help_now: 'help',
  // "español" / "English": a language choice (src/turn/locale.ts), the set's change_language.
  choose_language: 'change_language',
};

const GENDER: Record<string, ExpectedFacts['gender']> = { man: 'male', woman: 'female', another: 'nonbinary' };

// The assessment's words in the item's language, as a conversation in that language reads them (dialogs/listening.ts).
const assessments = loadAssessmentTexts();
const recognizer = IntentRecognizer.default();

function read(item: Item): Facts {
  const pending = item.question ? PENDING[item.question] : undefined;
  if (pending === undefined || pending === 'forWhom') return readFacts(item.text, { pendingForWhom: pending === 'forWhom' });
  return readFacts(item.text, { pending, question: assessments[item.lang].questions[pending] });
}

/** What the bot decides the message is, as mainDialog does. */
function decide(item: Item, facts: Facts): string {
  const command = commandOf(item.text);
  if (command) return COMMAND_INTENT[command] ?? command;
  const recognized = recognizer.recognize(item.text, item.lang);
  const pending = item.question ? PENDING[item.question] : undefined;
  // The listener's guards (dialogs/listening.ts): "forget me" needs the word, a question people ask needs a question's form over a question.
  const sureRaw = recognized.intent !== 'unknown' && recognized.score >= 0.5 ? recognized.intent : 'unknown';
  const intent = (guarded(sureRaw, item.text, recognized.score, pending !== undefined) ?? 'unknown') as IntentName;
  const sure = intent !== 'unknown';
  if (pending !== undefined) {
    if (!sure) return 'answer';
    if (pending === 'forWhom' ? facts.forWhom !== undefined && !looksLikeQuestion(item.text) : claimsAnswer(item.text, assessments[item.lang], pending)) return 'answer';
    return intent;
  }
  if (isStatementOfFacts(item.text, facts, sure ? intent : 'unknown', recognized.score)) return item.context === 'first_message' ? 'find_program' : 'answer';
  return sure ? intent : 'unknown';
}

/** The facts the scorer compares, in the set's shape. */
function predicted(facts: Facts): ExpectedFacts {
  const v = facts.answers.values;
  const one = (list: string[] | undefined): string | undefined => list?.at(-1);
  const out: ExpectedFacts = {
    careStage: one(v.careStage),
    responsibilities: v.responsibilities?.filter((r) => r !== 'none'),
    workShift: one(v.workShift),
    transport: one(v.transport),
    availability: v.availability?.includes('any') ? ['mornings', 'daytime', 'evenings', 'weekends'] : v.availability?.filter((a) => a !== 'none'),
    format: one(v.format),
    payment: one(v.payment),
    zip: facts.place?.zip,
    city: facts.place?.city,
    // The state the message names; one the city table supplies ("Tucson" → AZ) is not something the person said.
    state: facts.place?.stateFromCity ? undefined : facts.place?.state,
    forWhom: facts.forWhom,
    age: facts.age,
    gender: facts.gender ? GENDER[facts.gender] : undefined,
    language: one(v.language) === 'es' || one(v.language) === 'en' ? (one(v.language) as 'en' | 'es') : undefined,
  };
  for (const key of FACT_FIELDS) if (out[key] === undefined || (Array.isArray(out[key]) && (out[key] as unknown[]).length === 0)) delete out[key];
  return out;
}

/**
 * The intent an item is scored against. Set d labels a first message that only tells the
 * person's situation "answer" (it answers nothing, no question waits); the bot's reply to a
 * telling there is the program search (hearIdle in dialogs/listening.ts, decide() above), so
 * that is what it is compared with. Over a waiting question "answer" stays an answer.
 */
function expectedIntent(item: Item): string {
  return item.context === 'first_message' && item.intent === 'answer' ? 'find_program' : item.intent;
}

const norm = (value: unknown): string => String(value).trim().toLowerCase();
// List fields in any order: "weekends and evenings" is evenings and weekends.
const elements = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(norm).sort() : [norm(value)]);

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
export interface Tally {
  ok: number;
  total: number;
}
const pct = (ok: number, total: number): string => (total === 0 ? 'n/a' : `${((100 * ok) / total).toFixed(1)}% (${ok}/${total})`);

/** The figures as numbers, for the regression test's ratchet (test/eval/intentRegression.test.ts). */
export interface Figures {
  intent: Tally;
  pending: Tally;
  fields: Record<string, { precision: number; recall: number }>;
  /** Items read entirely right: intent, every fact field, and (for answers) understood. */
  right: boolean[];
}

export function score(items: readonly Item[]): string[] {
  return measure(items).lines;
}

export function measure(items: readonly Item[]): Figures & { lines: string[] } {
  const lines: string[] = [];
  const right: boolean[] = [];
  const byContext = new Map<string, Tally>();
  const fields = new Map<FactField, Counts>(FACT_FIELDS.map((f) => [f, { tp: 0, fp: 0, fn: 0 }]));
  const pendingTally: Tally = { ok: 0, total: 0 };
  const intentMisses: string[] = [];
  const factMisses: string[] = [];
  const pendingMisses: string[] = [];
  /**
   * "self" read where the item names no one for whom. The writers differ on marking it: the first
   * sets mark "self" only where "for me" is said, set d also where a person tells their own use
   * or care on a first message. So an unmarked item is "not said", not "said to be someone else":
   * such a read is counted here, apart, neither right nor wrong. "self" where the item names
   * someone else stays wrong, and a "self" the item names and the bot misses stays a miss.
   */
  const selfUnmarked: string[] = [];

  for (const item of items) {
    const facts = read(item);
    const got = decide(item, facts);
    const target = expectedIntent(item);
    const where = `${item.context}${item.question ? `@${item.question}` : ''} [${item.lang}]`;
    for (const key of [`${item.context} ${item.lang}`, `all ${item.lang}`, 'all']) {
      const t = byContext.get(key) ?? { ok: 0, total: 0 };
      t.total++;
      if (got === target) t.ok++;
      byContext.set(key, t);
    }
    let ok = got === target;
    if (got !== target) intentMisses.push(`  INTENT ${where} expected ${target}${target === item.intent ? '' : ` (a telling)`}, got ${got}: ${item.text}`);

    const guess = predicted(facts);
    const wrong: string[] = [];
    for (const field of FACT_FIELDS) {
      const expected = elements(item.facts[field]);
      const actual = elements(guess[field]);
      if (field === 'forWhom' && expected.length === 0 && actual.join() === 'self') {
        selfUnmarked.push(`  SELF (not counted) ${where}: ${item.text}`);
        continue;
      }
      const c = fields.get(field) as Counts;
      for (const e of expected) if (actual.includes(e)) c.tp++;
      else c.fn++;
      for (const a of actual) if (!expected.includes(a)) c.fp++;
      if (expected.join('|') !== actual.join('|') && (expected.length > 0 || actual.length > 0)) wrong.push(`${field}: expected ${expected.join(',') || '-'}, got ${actual.join(',') || '-'}`);
    }
    if (wrong.length > 0) ok = false;
    if (wrong.length > 0) factMisses.push(`  FACTS ${where}: ${item.text}\n      ${wrong.join('; ')}`);

    if (item.context === 'answer' && item.question && item.intent === 'answer') {
      pendingTally.total++;
      const own = OWN_FIELDS[item.question] ?? [];
      const ownRight = own.every((f) => item.facts[f] === undefined || elements(item.facts[f]).join('|') === elements(guess[f]).join('|'));
      // "Nothing, I'm retired" is an answer: 'none' is left out of the compared facts but understood all the same.
      const saidNone = own.some((f) => (facts.answers.values as Record<string, string[] | undefined>)[f]?.includes('none'));
      const somethingRead = own.length === 0 ? hasFacts(facts) || got === 'answer' : own.some((f) => guess[f] !== undefined) || saidNone;
      if (got === 'answer' && ownRight && somethingRead) pendingTally.ok++;
      else ok = false;
      if (!(got === 'answer' && ownRight && somethingRead)) pendingMisses.push(`  PENDING @${item.question} [${item.lang}] got ${got}${ownRight ? '' : ' (its own field wrong)'}: ${item.text}`);
    }
    right.push(ok);
  }

  lines.push(`Intent accuracy (target >= 90%):`);
  const all = byContext.get('all') ?? { ok: 0, total: 0 };
  lines.push(`  all: ${pct(all.ok, all.total)}`);
  for (const lang of ['en', 'es']) {
    const t = byContext.get(`all ${lang}`);
    if (t) lines.push(`  ${lang}: ${pct(t.ok, t.total)}`);
  }
  for (const context of Context.options) {
    for (const lang of ['en', 'es']) {
      const t = byContext.get(`${context} ${lang}`);
      if (t) lines.push(`  ${context} ${lang}: ${pct(t.ok, t.total)}`);
    }
  }
  lines.push(`Facts, precision / recall per field (target >= 90% each; list fields per element):`);
  for (const [field, c] of fields) {
    if (c.tp + c.fp + c.fn === 0) continue;
    lines.push(`  ${field.padEnd(16)} precision ${pct(c.tp, c.tp + c.fp).padEnd(18)} recall ${pct(c.tp, c.tp + c.fn)}`);
  }
  lines.push(`  (forWhom "self" read where the set names no one, not counted: ${selfUnmarked.length})`);
  lines.push(`Pending-question answers understood (target >= 95%): ${pct(pendingTally.ok, pendingTally.total)}`);
  lines.push('', 'Misses:', ...intentMisses, ...pendingMisses, ...factMisses, ...selfUnmarked);
  const ratio = (ok: number, total: number): number => (total === 0 ? 1 : ok / total);
  const figures = Object.fromEntries([...fields].map(([field, c]) => [field, { precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.fn) }]));
  return { lines, intent: byContext.get('all') ?? { ok: 0, total: 0 }, pending: pendingTally, fields: figures, right };
}

// Run as a script: npx tsx test/eval/intentFirstContact.ts <set>
const path = process.argv[2];
if (path && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const parsed = IntentBlindSet.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    console.error(`Invalid ${path}:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
    process.exit(1);
  }
  console.log(`${path}: ${parsed.data.items.length} items, written ${parsed.data.date}`);
  for (const line of score(parsed.data.items)) console.log(line);
}

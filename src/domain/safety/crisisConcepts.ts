import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { fromRoot } from '../../paths.js';
import { CrisisKindSchema, CrisisLexiconError, expandMacros, type CompiledLexicon, type CompiledRule } from './crisisLexicon.js';

/**
 * The concept layer over the crisis lexicon (data/crisis-concepts.json). A concept is a
 * kind of thing people say on the way to a crisis (hopelessness, a burden, a farewell, a
 * means at hand, a time, a decision), written as short word lists in both languages. A
 * rule names the concepts that together are a crisis ("a means" + "a time"), anywhere in
 * the message, or across two messages in a row for the concepts marked `carry`. New
 * wording then needs a word in a list, not a rule per sentence.
 *
 * Each concept match goes through the lexicon's own clause checks (negation, history,
 * general questions), so "i never wrote a goodbye letter" is no farewell.
 */

const Name = z.string().regex(/^[a-z][a-z0-9_]*$/, 'concept names are lower_snake_case');
const RuleId = z.string().regex(/^[a-z0-9_.-]+$/);

const ConceptSchema = z
  .object({
    note: z.string().optional(),
    /** A negation just before cancels the match. */
    negatable: z.boolean().default(true),
    /** Cancelled by a past marker in the clause ("years ago"). */
    history: z.boolean().default(false),
    /** Cancelled in a general question ("what are the signs of ..."). */
    topicSensitive: z.boolean().default(false),
    /** Regular-expression sources over normalized text (lexicon macros allowed), matched as whole words. */
    patterns: z.array(z.string().min(1)).min(1),
  })
  .strict();

const ConceptRuleSchema = z
  .object({
    id: RuleId,
    kind: CrisisKindSchema,
    /** Every concept (or lexicon group) must be live in the message, or carried from the one before. */
    all: z.array(Name).min(1),
    /** Who a medical emergency is about: the lexicon's reading of the matches (auto) or fixed. */
    about: z.enum(['auto', 'self', 'other']).default('auto'),
    note: z.string().optional(),
  })
  .strict();

const QuietSchema = z
  .object({
    id: RuleId,
    /** When this concept is live anywhere in the message ... */
    when: Name,
    /** ... these lexicon or concept rules do not fire ("gonna die" said "at this rate", the crisis line "for the flyer"). */
    rules: z.array(RuleId).min(1),
    note: z.string().optional(),
  })
  .strict();

export const CrisisConceptsSchema = z
  .object({
    version: z.literal(1),
    description: z.string(),
    /** Words the typo repair corrects towards, per language (four-letter ones by a swap of neighbours only). */
    fuzzy: z.object({ en: z.array(z.string().regex(/^[a-z]+$/)), es: z.array(z.string().regex(/^[a-z]+$/)) }).strict(),
    concepts: z.record(Name, ConceptSchema),
    /** Concepts and groups kept (by name, never the words) for the next message. */
    carry: z.array(Name),
    /** Carried after a suicidal message that fired, so the next one can add a means or a plan to it. */
    afterCrisis: Name,
    rules: z.array(ConceptRuleSchema),
    quiet: z.array(QuietSchema),
  })
  .strict();

export type CrisisConceptsFile = z.infer<typeof CrisisConceptsSchema>;
export type ConceptRule = z.infer<typeof ConceptRuleSchema>;

export interface CompiledConcepts {
  file: CrisisConceptsFile;
  /** One non-firing lexicon rule per concept, in the concept's group. */
  rules: CompiledRule[];
  carry: ReadonlySet<string>;
  /** Rule id -> the concepts that silence it. */
  quietBy: ReadonlyMap<string, readonly string[]>;
}

export const DEFAULT_CONCEPTS_URL = pathToFileURL(fromRoot('data/crisis-concepts.json'));

const CROSSES_LINES = /\\[sSWDnr]|\[\^|[\n\r]/;

/** Validates the concepts against the lexicon they extend (its macros, groups and rule ids). */
export function compileCrisisConcepts(data: unknown, lexicon: CompiledLexicon): CompiledConcepts {
  const parsed = CrisisConceptsSchema.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new CrisisLexiconError(`Invalid crisis concepts:\n${lines.join('\n')}`);
  }
  const file = parsed.data;
  const problems: string[] = [];
  const rules: CompiledRule[] = [];
  const lexiconGroups = new Set(lexicon.rules.flatMap((r) => r.groups));
  const ruleIds = new Set(lexicon.rules.map((r) => r.id));
  for (const [name, concept] of Object.entries(file.concepts)) {
    const where = `concept ${name}`;
    try {
      const body = concept.patterns.map((p) => `(?:${p})`).join('|');
      const source = expandMacros(`\\b(?:${body})\\b`, lexicon.file.macros, where);
      if (CROSSES_LINES.test(source)) problems.push(`${where}: uses \\s, \\W, [^…] or a line break, which could match across sentences`);
      const regex = new RegExp(source, 'gm');
      if (regex.test('')) problems.push(`${where}: matches empty text`);
      regex.lastIndex = 0;
      rules.push({
        id: `concept.${name}`,
        kind: 'suicide_self_harm',
        pattern: source,
        negatable: concept.negatable,
        innerNegation: false,
        postNegatable: false,
        history: concept.history,
        topicSensitive: concept.topicSensitive,
        about: 'auto',
        fires: false,
        groups: [name],
        regex,
      });
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
    }
  }
  const known = (name: string): boolean => name in file.concepts || lexiconGroups.has(name) || name === file.afterCrisis;
  const seen = new Set<string>();
  for (const rule of file.rules) {
    if (seen.has(rule.id) || ruleIds.has(rule.id)) problems.push(`rule ${rule.id}: duplicate id`);
    seen.add(rule.id);
    for (const name of rule.all) if (!known(name)) problems.push(`rule ${rule.id}: no concept or lexicon group "${name}"`);
  }
  for (const name of file.carry) if (!known(name)) problems.push(`carry: no concept or lexicon group "${name}"`);
  const quietBy = new Map<string, string[]>();
  for (const quiet of file.quiet) {
    if (!(quiet.when in file.concepts)) problems.push(`quiet ${quiet.id}: no concept "${quiet.when}"`);
    for (const id of quiet.rules) {
      if (!ruleIds.has(id) && !seen.has(id)) problems.push(`quiet ${quiet.id}: no lexicon or concept rule "${id}"`);
      quietBy.set(id, [...(quietBy.get(id) ?? []), quiet.when]);
    }
  }
  if (problems.length > 0) throw new CrisisLexiconError(`Invalid crisis concepts:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return { file, rules, carry: new Set(file.carry), quietBy };
}

/** No concept layer: the lexicon alone. */
export function noConcepts(): CompiledConcepts {
  return { file: { version: 1, description: '', fuzzy: { en: [], es: [] }, concepts: {}, carry: [], afterCrisis: 'crisis_before', rules: [], quiet: [] }, rules: [], carry: new Set(), quietBy: new Map() };
}

export function readCrisisConcepts(lexicon: CompiledLexicon, path: string | URL = DEFAULT_CONCEPTS_URL): CompiledConcepts {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CrisisLexiconError(`Cannot read crisis concepts at ${String(path)}: ${(error as Error).message}`);
  }
  return compileCrisisConcepts(data, lexicon);
}

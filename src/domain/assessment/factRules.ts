import { z } from 'zod';
import { readJsonFile } from '../content.js';
import { fromRoot } from '../../paths.js';

/**
 * The fact patterns of data/fact-rules.json, one set per language, validated and compiled
 * once. They add to the assessment's own answer patterns (freeText.ts): who the help is for,
 * gender, medications asked about, places named in a sentence, ages, and more of the ways
 * people say where they are in care, their schedule, transport, payment and language.
 */

export const FactField = z.enum([
  'forWhom',
  'gender',
  'medication',
  'careStage',
  'responsibilities',
  'workShift',
  'transport',
  'availability',
  'format',
  'payment',
  'language',
]);
export type FactField = z.infer<typeof FactField>;

const Rule = z.strictObject({
  field: FactField,
  value: z.string().min(1),
  pattern: z.string().min(1),
  /** skip: a negated clause does not count (default); keep: the pattern carries its own negation. */
  onNegation: z.enum(['skip', 'keep']).optional(),
  /** The value stops applying: "I'm not in school" takes school out of several answers. */
  remove: z.boolean().optional(),
  /**
   * skip: the rule does not count in a message that speaks of someone as he or she. For "self"
   * read from how a person speaks ("I need help", "my drinking"): "I need help, he won't stop
   * drinking" is a parent, not someone asking for themself.
   */
  onThirdPerson: z.enum(['skip', 'keep']).optional(),
});

const LanguageRules = z.strictObject({
  macros: z.record(z.string().regex(/^[A-Z]+$/), z.string()),
  rules: z.array(Rule),
  /** Words before a place: "I live in", "moved to". */
  placeLeadIn: z.string().min(1),
  /** Words after a lead-in that are never a place ("in school", "in person"). */
  notPlaces: z.array(z.string()),
  /** Short names people use for a place ("nyc", "la"), as "city, ST" the ZIP table knows. */
  placeAliases: z.record(z.string(), z.string()).optional(),
  /** Number words for ages ("fifteen"), as digits; a ten followed by a unit is one number ("twenty two"). */
  numberWords: z.record(z.string(), z.number().int().min(0).max(110)).optional(),
  /** The word between a ten and its unit, where the language has one ("treinta y uno"). */
  numberJoin: z.string().min(1).optional(),
  /** An age said about someone else: "my son is 16", "she just turned 15" (first group: the age). */
  ageAfterRelation: z.string().min(1),
  /** An age in any sentence: "16 years old", "I'm 34" (first matching group: the age). */
  agePhrase: z.string().min(1),
});

export const FactRulesFile = z.strictObject({
  description: z.string().optional(),
  languages: z.record(z.string().regex(/^[a-z]{2}$/), LanguageRules),
});

export interface CompiledRule {
  field: FactField;
  value: string;
  pattern: RegExp;
  onNegation: 'skip' | 'keep';
  remove: boolean;
  onThirdPerson: 'skip' | 'keep';
}

export interface CompiledLanguage {
  rules: CompiledRule[];
  placeLeadIn: RegExp;
  notPlaces: ReadonlySet<string>;
  placeAliases: ReadonlyMap<string, string>;
  numberWords: ReadonlyMap<string, number>;
  numberJoin?: string;
  ageAfterRelation: RegExp;
  agePhrase: RegExp;
}

export class FactRulesError extends Error {}

function compile(source: string, macros: Record<string, string>, where: string, flags = ''): RegExp {
  const expanded = source.replace(/\{([A-Z]+)\}/g, (whole, name: string) => {
    const macro = macros[name];
    if (macro === undefined) throw new FactRulesError(`data/fact-rules.json: ${where}: unknown macro {${name}}`);
    return macro;
  });
  try {
    return new RegExp(expanded, flags);
  } catch (error) {
    throw new FactRulesError(`data/fact-rules.json: ${where}: ${(error as Error).message}`);
  }
}

/** Validates and compiles the rules; throws naming the language and rule that is wrong. */
export function compileFactRules(file: z.infer<typeof FactRulesFile>): CompiledLanguage[] {
  return Object.entries(file.languages).map(([lang, set]) => ({
    rules: set.rules.map((rule, i) => ({
      field: rule.field,
      value: rule.value,
      pattern: compile(rule.pattern, set.macros, `${lang}.rules.${i}`),
      onNegation: rule.onNegation ?? 'skip',
      remove: rule.remove ?? false,
      onThirdPerson: rule.onThirdPerson ?? 'keep',
    })),
    placeLeadIn: compile(set.placeLeadIn, set.macros, `${lang}.placeLeadIn`, 'g'),
    notPlaces: new Set(set.notPlaces),
    placeAliases: new Map(Object.entries(set.placeAliases ?? {})),
    numberWords: new Map(Object.entries(set.numberWords ?? {})),
    ...(set.numberJoin !== undefined ? { numberJoin: set.numberJoin } : {}),
    ageAfterRelation: compile(set.ageAfterRelation, set.macros, `${lang}.ageAfterRelation`),
    agePhrase: compile(set.agePhrase, set.macros, `${lang}.agePhrase`),
  }));
}

let cached: CompiledLanguage[] | undefined;

/** The rules of data/fact-rules.json, read and compiled on first use. */
export function factRules(path = fromRoot('data/fact-rules.json')): CompiledLanguage[] {
  cached ??= compileFactRules(readJsonFile(path, FactRulesFile));
  return cached;
}

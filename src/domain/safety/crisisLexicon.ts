import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { fromRoot } from '../../paths.js';
import { CRISIS_KINDS } from './crisisKind.js';

/**
 * The crisis lexicon is data (data/crisis-lexicon.json) so clinicians can review and
 * extend it without touching code. It is validated strictly on load: a broken lexicon
 * must stop the bot at start-up, never silently detect nothing.
 */

export const CrisisKindSchema = z.enum(CRISIS_KINDS);

const RuleId = z.string().regex(/^[a-z0-9_.-]+$/, 'ids use lower-case letters, digits, "_", "." and "-"');
const WordList = z.array(z.string().min(1)).min(1);

const RuleSchema = z
  .object({
    id: RuleId,
    kind: CrisisKindSchema,
    /** Regular expression source over normalized text; {MACRO} expands from `macros`. */
    pattern: z.string().min(1),
    /** A negation just before the match ("not", "never") cancels it. */
    negatable: z.boolean().default(true),
    /** Also look for the negation inside the match: for patterns whose free word gaps can swallow a "not". */
    innerNegation: z.boolean().default(false),
    /** Also cancelled by a negation just after ("suicide is not on my mind"). */
    postNegatable: z.boolean().default(false),
    /** Past-capable wording: cancelled by a history marker ("years ago") in the same clause. */
    history: z.boolean().default(false),
    /** Cancelled when the clause is a general question or about the topic ("signs of ..."). */
    topicSensitive: z.boolean().default(false),
    /** Who it is about; "auto" looks at the words before the match. */
    about: z.enum(['auto', 'self', 'other']).default('auto'),
    /** When false the rule only feeds combinations through its groups. */
    fires: z.boolean().default(true),
    groups: z.array(z.string().min(1)).default([]),
    note: z.string().optional(),
  })
  .strict();

const CombinationSchema = z
  .object({
    id: RuleId,
    kind: CrisisKindSchema,
    /** Every group must have a live (not negated, not historical) match in the message. */
    groups: z.array(z.string().min(1)).min(2),
    about: z.enum(['auto', 'self', 'other']).default('auto'),
    note: z.string().optional(),
  })
  .strict();

export const CrisisLexiconSchema = z
  .object({
    version: z.literal(1),
    normalization: z
      .object({
        tokens: z.record(z.string().regex(/^[a-z0-9$@]+$/, 'token keys are single lower-case words'), z.string()),
        phrases: z.array(z.tuple([z.string().min(1), z.string()])),
        fuzzyTargets: WordList,
        fuzzyProtected: z.array(z.string().min(1)),
        vocabulary: z.array(z.string().regex(/^[a-z]+$/, 'vocabulary entries are single lower-case words')),
        /** Read instead of the English repairs when a message is Spanish (see textNormalizer.detectLanguage). */
        spanish: z
          .object({
            markers: WordList,
            englishMarkers: WordList,
            tokens: z.record(z.string().regex(/^[a-z0-9$@]+$/, 'token keys are single lower-case words'), z.string()),
            /** Spanish words the English token map must not rewrite, besides the markers. */
            keep: z.array(z.string().regex(/^[a-z0-9]+$/)).optional(),
            phrases: z.array(z.tuple([z.string().min(1), z.string()])),
            fuzzyTargets: WordList,
            fuzzyProtected: z.array(z.string().min(1)),
          })
          .strict()
          .optional(),
      })
      .strict(),
    macros: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'macro names are UPPER_CASE'), z.string().min(1)),
    scope: z
      .object({
        negationCues: WordList,
        /** "no one", "nobody": negate only when they are the subject, with no "i" before the match. */
        subjectNegationCues: WordList,
        pseudoNegations: z.array(z.string().min(1)),
        negationWindow: z.number().int().min(1).max(12),
        clauseBreaks: WordList,
        /** Words that end the wide clause searched for past markers ("but", "now"). */
        historyBreaks: WordList,
        /** Extra words that end the narrow clause searched first ("and"). */
        narrowHistoryBreaks: WordList,
        pastMarkers: WordList,
        /** Past markers that only apply to medical rules ("died": grief, not an emergency). */
        medicalPastMarkers: WordList,
        recentMarkers: WordList,
        /** Tested on the clause before a match ("signs of", "can you have"). */
        topicCues: WordList,
        /** Tested on the whole sentence before a match (a general question with no person in it). */
        questionCues: WordList,
        selfWords: WordList,
        otherWords: WordList,
      })
      .strict(),
    rules: z.array(RuleSchema).min(1),
    combinations: z.array(CombinationSchema),
  })
  .strict();

export type CrisisLexiconFile = z.infer<typeof CrisisLexiconSchema>;
export type CrisisRule = z.infer<typeof RuleSchema>;

export interface CompiledRule extends CrisisRule {
  regex: RegExp;
}

export interface CompiledLexicon {
  file: CrisisLexiconFile;
  rules: CompiledRule[];
  pastMarkers: RegExp;
  medicalPastMarkers: RegExp;
  recentMarkers: RegExp;
  topicCues: RegExp;
  questionCues: RegExp;
}

export class CrisisLexiconError extends Error {
  override name = 'CrisisLexiconError';
}

/** Default location, resolved from the project root so it works from any working directory. */
export const DEFAULT_LEXICON_URL = pathToFileURL(fromRoot('data/crisis-lexicon.json'));

const MACRO = /\{([A-Z][A-Z0-9_]*)\}/g;

/**
 * Classes that can match a line break. Rules run over a message's sentences joined by
 * line breaks (crisisDetector.ts), so a rule that could match one would read across
 * two sentences. Words, spaces, "." and \b cannot.
 */
const CROSSES_LINES = /\\[sSWDnr]|\[\^|[\n\r]/;
const CROSSES_LINES_PROBLEM = 'uses [^…], \\s, \\S, \\W, \\D, \\n, \\r or a line break, which could match across sentences; spell out the characters instead';

/** Expands {MACRO} references (macros may use other macros) with a depth limit against cycles. */
export function expandMacros(source: string, macros: Readonly<Record<string, string>>, where: string): string {
  let text = source;
  for (let depth = 0; depth < 8; depth++) {
    let changed = false;
    text = text.replace(MACRO, (_, name: string) => {
      const body = macros[name];
      if (body === undefined) throw new CrisisLexiconError(`${where}: unknown macro {${name}}`);
      changed = true;
      return body;
    });
    if (!changed) return text;
  }
  throw new CrisisLexiconError(`${where}: macros nest too deeply (a cycle?)`);
}

function compile(source: string, where: string, flags = 'g'): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new CrisisLexiconError(`${where}: invalid regular expression: ${(error as Error).message}`);
  }
}

function anyOf(sources: readonly string[], where: string): RegExp {
  // Not global: markers are only tested, and a global regex would carry lastIndex between calls.
  return compile(sources.map((s, i) => `(?:${expandMacrosSafe(s, where, i)})`).join('|'), where, '');
}

function expandMacrosSafe(source: string, where: string, index: number): string {
  // Marker lists are plain regexes; reject macro syntax there so typos are loud.
  if (MACRO.test(source)) {
    MACRO.lastIndex = 0;
    throw new CrisisLexiconError(`${where}[${index}]: macros are only allowed in rule patterns`);
  }
  compile(source, `${where}[${index}]`);
  return source;
}

/** Validates and compiles lexicon JSON (already parsed). Throws CrisisLexiconError with every problem found. */
export function compileCrisisLexicon(data: unknown): CompiledLexicon {
  const parsed = CrisisLexiconSchema.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new CrisisLexiconError(`Invalid crisis lexicon:\n${lines.join('\n')}`);
  }
  const file = parsed.data;
  const problems: string[] = [];
  const seen = new Set<string>();
  const groups = new Set<string>();
  const rules: CompiledRule[] = [];
  for (const rule of file.rules) {
    const where = `rule ${rule.id}`;
    if (seen.has(rule.id)) problems.push(`${where}: duplicate id`);
    seen.add(rule.id);
    for (const group of rule.groups) groups.add(group);
    if (!rule.fires && rule.groups.length === 0) problems.push(`${where}: does not fire and belongs to no group, so it can never matter`);
    try {
      const source = expandMacros(rule.pattern, file.macros, where);
      if (CROSSES_LINES.test(source)) problems.push(`${where}: ${CROSSES_LINES_PROBLEM}`);
      // Multiline: the detector runs each rule once over the sentences joined by line breaks.
      const regex = compile(source, where, 'gm');
      if (regex.test('')) problems.push(`${where}: pattern matches empty text`);
      regex.lastIndex = 0;
      rules.push({ ...rule, regex });
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  for (const combo of file.combinations) {
    if (seen.has(combo.id)) problems.push(`combination ${combo.id}: duplicate id`);
    seen.add(combo.id);
    for (const group of combo.groups) {
      if (!groups.has(group)) problems.push(`combination ${combo.id}: no rule is in group "${group}"`);
    }
  }
  let markers: Pick<CompiledLexicon, 'pastMarkers' | 'medicalPastMarkers' | 'recentMarkers' | 'topicCues' | 'questionCues'> | undefined;
  try {
    markers = {
      pastMarkers: anyOf(file.scope.pastMarkers, 'scope.pastMarkers'),
      medicalPastMarkers: anyOf(file.scope.medicalPastMarkers, 'scope.medicalPastMarkers'),
      recentMarkers: anyOf(file.scope.recentMarkers, 'scope.recentMarkers'),
      topicCues: anyOf(file.scope.topicCues, 'scope.topicCues'),
      questionCues: anyOf(file.scope.questionCues, 'scope.questionCues'),
    };
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0 || markers === undefined) {
    throw new CrisisLexiconError(`Invalid crisis lexicon:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  return { file, rules, ...markers };
}

/** Reads, validates and compiles a lexicon file. */
export function readCrisisLexicon(path: string | URL = DEFAULT_LEXICON_URL): CompiledLexicon {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CrisisLexiconError(`Cannot read crisis lexicon at ${String(path)}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CrisisLexiconError(`Crisis lexicon at ${String(path)} is not valid JSON: ${(error as Error).message}`);
  }
  return compileCrisisLexicon(data);
}

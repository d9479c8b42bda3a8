import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fromRoot } from '../../paths.js';
import { CrisisLexiconSchema, DEFAULT_LEXICON_URL } from './crisisLexicon.js';
import { createTextNormalizer, type Language, type TextNormalizer } from './textNormalizer.js';

/**
 * Risk topics that are not a crisis but must never get a topic card, the schedule text or
 * a stored answer (issue #15, parts 3 to 5): withdrawal (and how dangerous it is), a
 * relapse, the fear of an overdose, naloxone, and questions about medication, doses and
 * diagnoses. Read on every message after the crisis check. The words live in
 * data/risk-lexicon.json; the text is read through the crisis check's own normalizer
 * (slang, contractions, accents, typos, and which language it is), so both read the same
 * words. Pure and synchronous; nothing is kept.
 */

export const RISK_KINDS = [
  'withdrawal_emergency',
  'withdrawal_alcohol_benzo',
  'withdrawal_opioid',
  'withdrawal_other',
  'relapse',
  'overdose_risk',
  'naloxone_question',
  'medication_dosing',
  'diagnosis',
  'took_too_much',
  'mixing',
  'mat_question',
  'stopping_medication',
] as const;
export const RiskKind = z.enum(RISK_KINDS);
export type RiskKind = z.infer<typeof RiskKind>;

/** Kinds that mean withdrawal may need a doctor: the detox-first rule applies. */
export const DETOX_FIRST_KINDS: ReadonlySet<RiskKind> = new Set(['withdrawal_emergency', 'withdrawal_alcohol_benzo', 'withdrawal_opioid']);
export const isWithdrawal = (kind: RiskKind): boolean => kind.startsWith('withdrawal_');

export interface RiskTopic {
  kind: RiskKind;
  language: Language;
  /** A relapse into daily (or weeks-long) use: stopping again can bring on withdrawal, so detox first again. */
  dailyUse: boolean;
  /** Signs of an overdose in the same message (not breathing, won't wake, chest pain): the crisis reply stands alone. */
  overdoseSigns: boolean;
  /** The message asks ("is that bad?", "should I…"), rather than only telling what is happening. */
  asking: boolean;
  /** Which lexicon concepts were found, for tests. Never the person's words. */
  concepts: string[];
}

const Pattern = z.string().min(1);
const Concept = z.object({ negatable: z.boolean(), patterns: z.array(Pattern).min(1) });
const KindRule = z.object({ kind: RiskKind, all: z.array(z.string()).min(1), none: z.array(z.string()).optional() });

export const RiskLexiconSchema = z
  .object({
    version: z.literal(1),
    about: z.string().optional(),
    builtIn: z.record(z.string(), z.string()).optional(),
    negation: z.array(z.string().regex(/^[a-z]+$/)).min(1),
    negationWindow: z.number().int().min(1).max(6),
    macros: z.record(z.string().regex(/^[A-Z]+$/), z.string().min(1)),
    concepts: z.record(z.string().regex(/^[a-z_]+$/), Concept),
    kinds: z.array(KindRule).min(1),
  })
  .superRefine((lexicon, ctx) => {
    for (const [index, rule] of lexicon.kinds.entries()) {
      for (const name of [...rule.all, ...(rule.none ?? [])]) {
        if (!Object.hasOwn(lexicon.concepts, name) && !Object.hasOwn(BUILT_IN, name)) ctx.addIssue({ code: 'custom', path: ['kinds', index], message: `unknown concept "${name}"` });
      }
    }
    for (const kind of RISK_KINDS) {
      if (!lexicon.kinds.some((r) => r.kind === kind)) ctx.addIssue({ code: 'custom', path: ['kinds'], message: `no rule for kind "${kind}"` });
    }
  });
export type RiskLexiconFile = z.infer<typeof RiskLexiconSchema>;

export class RiskLexiconError extends Error {}

interface CompiledConcept {
  name: string;
  negatable: boolean;
  regex: RegExp;
}

export interface RiskDetector {
  detect(text: string): RiskTopic | null;
}

const MACRO = /\{([A-Z]+)\}/g;

/** Concepts the code fills, not patterns: the normalized text has no punctuation left to match. */
const BUILT_IN: Readonly<Record<string, (raw: string) => boolean>> = {
  question_mark: (raw) => raw.includes('?') || raw.includes('¿'),
};

function expand(source: string, macros: Readonly<Record<string, string>>, where: string): string {
  return source.replace(MACRO, (_m, name: string) => {
    const body = macros[name];
    if (body === undefined) throw new RiskLexiconError(`data/risk-lexicon.json: ${where}: unknown macro {${name}}`);
    return body;
  });
}

/** Compiles a lexicon; a bad pattern or an unknown name throws with where it is. */
export function compileRiskLexicon(data: unknown): { file: RiskLexiconFile; concepts: Map<string, CompiledConcept> } {
  const parsed = RiskLexiconSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RiskLexiconError(`data/risk-lexicon.json: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const file = parsed.data;
  const concepts = new Map<string, CompiledConcept>();
  for (const [name, concept] of Object.entries(file.concepts)) {
    const sources = concept.patterns.map((p, i) => expand(p, file.macros, `concepts.${name}.patterns.${i}`));
    let regex: RegExp;
    try {
      // Multiline: ^ is a sentence's start (sentences are joined by line breaks).
      regex = new RegExp(sources.map((s) => `(?:${s})`).join('|'), 'gm');
    } catch (error) {
      throw new RiskLexiconError(`data/risk-lexicon.json: concepts.${name}: ${(error as Error).message}`);
    }
    concepts.set(name, { name, negatable: concept.negatable, regex });
  }
  return { file, concepts };
}

export function createRiskDetector(data: unknown, normalizer: TextNormalizer): RiskDetector {
  const { file, concepts } = compileRiskLexicon(data);
  const negators = new Set(file.negation);
  const window = file.negationWindow;

  /** True when a negation word comes in the few words before `index`, in the same sentence. */
  const negated = (text: string, index: number): boolean => {
    const sentenceStart = text.lastIndexOf('\n', index - 1) + 1;
    const before = text.slice(sentenceStart, index).trim().split(' ').slice(-window);
    return before.some((w) => negators.has(w));
  };

  const found = (concept: CompiledConcept, text: string): boolean => {
    concept.regex.lastIndex = 0;
    for (let m = concept.regex.exec(text); m !== null; m = concept.regex.exec(text)) {
      if (m[0].length === 0) concept.regex.lastIndex++;
      if (!concept.negatable || !negated(text, m.index)) {
        concept.regex.lastIndex = 0;
        return true;
      }
    }
    return false;
  };

  return {
    detect(raw: string): RiskTopic | null {
      if (typeof raw !== 'string' || raw.trim().length === 0) return null;
      const sentences = normalizer.normalize(raw);
      if (sentences.length === 0) return null;
      const text = sentences.map((s) => s.text).join('\n');
      // Each concept is looked for at most once per message, and only when a rule needs it.
      const seen = new Map<string, boolean>();
      const has = (name: string): boolean => {
        let value = seen.get(name);
        if (value === undefined) {
          const concept = concepts.get(name);
          const builtIn = BUILT_IN[name];
          value = builtIn ? builtIn(raw) : concept !== undefined && found(concept, text);
          seen.set(name, value);
        }
        return value;
      };
      for (const rule of file.kinds) {
        if (!rule.all.every(has)) continue;
        if ((rule.none ?? []).some(has)) continue;
        const dailyUse = rule.kind === 'relapse' && has('relapse_daily');
        const hits = [...seen.entries()].filter(([, v]) => v).map(([k]) => k);
        const overdoseSigns = has('overdose_signs');
        const asking = has('question_mark') || has('consider');
        return { kind: rule.kind, language: normalizer.language(raw), dailyUse, overdoseSigns, asking, concepts: hits };
      }
      return null;
    },
  };
}

export const DEFAULT_RISK_LEXICON_PATH = fromRoot('data/risk-lexicon.json');

/** Reads data/risk-lexicon.json (or `path`) with the crisis lexicon's normalization rules. */
export function loadRiskDetector(path: string = DEFAULT_RISK_LEXICON_PATH, crisisLexiconPath: string | URL = DEFAULT_LEXICON_URL): RiskDetector {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new RiskLexiconError(`${path}: ${(error as Error).message}`);
  }
  // Only the crisis lexicon's normalization section: compiling its rules again would cost a second at start-up.
  let crisis: unknown;
  try {
    crisis = JSON.parse(readFileSync(crisisLexiconPath, 'utf8'));
  } catch (error) {
    throw new RiskLexiconError(`${String(crisisLexiconPath)}: ${(error as Error).message}`);
  }
  const parsed = CrisisLexiconSchema.shape.normalization.safeParse((crisis as { normalization?: unknown } | null)?.normalization);
  if (!parsed.success) throw new RiskLexiconError(`${String(crisisLexiconPath)}: normalization: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const n = parsed.data;
  const normalizer = createTextNormalizer({
    tokens: n.tokens,
    phrases: n.phrases,
    fuzzyTargets: n.fuzzyTargets,
    fuzzyProtected: n.fuzzyProtected,
    vocabulary: n.vocabulary,
    ...(n.spanish ? { spanish: n.spanish } : {}),
  });
  return createRiskDetector(data, normalizer);
}

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fromRoot } from '../../paths.js';
import { DEFAULT_CONCEPTS_URL } from './crisisConcepts.js';
import { DEFAULT_LEXICON_URL } from './crisisLexicon.js';
import { createCrisisNormalizer, readNormalizationSources } from './crisisNormalizer.js';
import { DEFAULT_SAFETY_MODEL_PATH, loadSafetyModel, type SafetyModel } from './safetyModel.js';
import { RISK_CLASSES } from './safetyModelFile.js';
import type { Language, NormalizedSentence, TextNormalizer } from './textNormalizer.js';

/**
 * Risk topics that are not a crisis but must never get a topic card, the schedule text or
 * a stored answer (issue #15, parts 3 to 5): withdrawal (and how dangerous it is), a
 * relapse, the fear of an overdose, naloxone, and questions about medication, doses and
 * diagnoses. Read on every message after the crisis check. The words live in
 * data/risk-lexicon.json; the text is read through the crisis check's own normalizer
 * (slang, contractions, accents, typos, and which language it is), so both read the same
 * words. Pure and synchronous; nothing is kept.
 *
 * When no rule finds a topic, the safety classifier (safetyModel.ts) is asked, as a second
 * net for wording the lexicon does not hold: withdrawal, a relapse or a medication question
 * at or above its threshold is answered like the rules' own (see modelTopic).
 */

export const RISK_KINDS = [
  'withdrawal_emergency',
  'withdrawal_alcohol_benzo',
  'withdrawal_opioid',
  'withdrawal_other',
  /** Withdrawal with no substance named: only the classifier gives it (see modelTopic). */
  'withdrawal_general',
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
export const DETOX_FIRST_KINDS: ReadonlySet<RiskKind> = new Set(['withdrawal_emergency', 'withdrawal_alcohol_benzo', 'withdrawal_opioid', 'withdrawal_general']);
/** Kinds no lexicon rule gives: the classifier's answer when the rules found nothing. */
const MODEL_ONLY_KINDS: ReadonlySet<RiskKind> = new Set(['withdrawal_general']);
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
  /** Which lexicon concepts were found (and `model:<class>` when the classifier found the topic), for tests. Never the person's words. */
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
      if (!MODEL_ONLY_KINDS.has(kind) && !lexicon.kinds.some((r) => r.kind === kind)) ctx.addIssue({ code: 'custom', path: ['kinds'], message: `no rule for kind "${kind}"` });
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

/**
 * The lexicon's own vetoes hold for the classifier's findings too: a withdrawal denied ("I
 * never had withdrawal"), a relapse only feared or long past ("I relapsed 5 years ago and
 * have been clean since"); the rules of those kinds carry the same ones. And heavy daily use
 * told with no word of stopping or of symptoms ("I drink a fifth every day") is left, as the
 * rules leave it, to the assessment, whose withdrawal screen reads it and sends the person
 * to medical care first; so is a wish to stop with no heavy use or symptom told ("I want to
 * stop drinking"). A medication is a question only when asked (or a mishap told).
 */
function vetoed(label: (typeof RISK_CLASSES)[number], has: (concept: string) => boolean): boolean {
  if (label === 'withdrawal') {
    if (has('denies_withdrawal')) return true;
    const symptoms = ['symptom', 'opioid_symptom', 'withdrawal_word', 'emergency', 'not_detoxed'].some(has);
    if (has('heavy_daily') && !symptoms && !has('stopping') && !has('stop_intent')) return true;
    // Wanting to stop, with neither daily heavy use nor a symptom told, is not withdrawal yet.
    return has('stop_intent') && !symptoms && !has('heavy_daily');
  }
  if (label === 'relapse') return has('relapse_hypothetical') || has('history');
  // A medication named in passing ("I'm on Suboxone") is a fact the bot keeps for the program
  // search, not a question: the model's medication class answers a question or a mishap.
  return !['question_mark', 'consider', 'asks', 'took_too_much', 'mixing'].some(has);
}

/**
 * The topic for a message the classifier put in a risk class and no rule answered. A
 * relapse and a medication question get the rules' general answers for them. Withdrawal
 * gets its substance's answer when the lexicon finds a substance named, the emergency
 * answer (911) when it finds signs of one happening now, and otherwise the general one:
 * medical care first, alcohol and benzos can cause seizures (911), opioids are hard but
 * rarely dangerous. Never naloxone for withdrawal.
 */
function modelTopic(label: (typeof RISK_CLASSES)[number], has: (concept: string) => boolean): RiskKind {
  if (label === 'relapse') return 'relapse';
  if (label === 'medication') return 'medication_dosing';
  if (has('emergency') && !has('general_question') && !has('history')) return 'withdrawal_emergency';
  if (has('alcohol_or_sedative')) return 'withdrawal_alcohol_benzo';
  if (has('opioid')) return 'withdrawal_opioid';
  if (has('other_drug')) return 'withdrawal_other';
  return 'withdrawal_general';
}

export function createRiskDetector(data: unknown, normalizer: TextNormalizer, model?: SafetyModel): RiskDetector {
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
      const topic = (kind: RiskKind, extra: string[] = []): RiskTopic => {
        const dailyUse = kind === 'relapse' && has('relapse_daily');
        const overdoseSigns = has('overdose_signs');
        const asking = has('question_mark') || has('consider');
        const hits = [...seen.entries()].filter(([, v]) => v).map(([k]) => k);
        return { kind, language: normalizer.language(raw), dailyUse, overdoseSigns, asking, concepts: [...extra, ...hits] };
      };
      for (const rule of file.kinds) {
        if (!rule.all.every(has)) continue;
        if ((rule.none ?? []).some(has)) continue;
        return topic(rule.kind);
      }
      const learned = model ? modelHit(model, sentences, normalizer.language(raw)) : undefined;
      if (learned === undefined || vetoed(learned, has)) return null;
      return topic(modelTopic(learned, has), [`model:${learned}`]);
    },
  };
}

/** The classifier's most probable risk class at or above its threshold, if any. */
function modelHit(model: SafetyModel, sentences: readonly NormalizedSentence[], language: Language): (typeof RISK_CLASSES)[number] | undefined {
  const best = model.hits(sentences, language, RISK_CLASSES)[0];
  return best?.label as (typeof RISK_CLASSES)[number] | undefined;
}

export const DEFAULT_RISK_LEXICON_PATH = fromRoot('data/risk-lexicon.json');

export interface RiskDetectorOptions {
  /** The crisis lexicon whose normalization rules the text is read with. */
  crisisLexiconPath?: string | URL;
  /** The crisis concepts whose typo-repair words it adds. */
  crisisConceptsPath?: string | URL;
  /** The classifier asked when no rule finds a topic (default data/safety-model.json); null: the rules alone. */
  modelPath?: string | null;
}

/**
 * Reads data/risk-lexicon.json (or `path`) with the crisis check's own normalizer (its
 * lexicon's normalization rules and its concepts' typo repairs), so the rules and the
 * classifier read the text the classifier was trained on.
 */
export function loadRiskDetector(path: string = DEFAULT_RISK_LEXICON_PATH, options: RiskDetectorOptions = {}): RiskDetector {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new RiskLexiconError(`${path}: ${(error as Error).message}`);
  }
  const lexiconPath = options.crisisLexiconPath ?? DEFAULT_LEXICON_URL;
  // Only the normalization sections: compiling the crisis rules again would cost a second at start-up.
  let sources: ReturnType<typeof readNormalizationSources>;
  try {
    sources = readNormalizationSources(lexiconPath, options.crisisConceptsPath ?? DEFAULT_CONCEPTS_URL);
  } catch (error) {
    const message = error instanceof z.ZodError ? (error.issues[0]?.message ?? 'invalid') : (error as Error).message;
    throw new RiskLexiconError(`${String(lexiconPath)}: normalization: ${message}`);
  }
  const normalizer = createCrisisNormalizer(sources.normalization, sources.fuzzy);
  const model = options.modelPath === null ? undefined : loadSafetyModel(options.modelPath ?? DEFAULT_SAFETY_MODEL_PATH);
  return createRiskDetector(data, normalizer, model);
}

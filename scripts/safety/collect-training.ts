import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crisisLanguage, detectCrisisByRules } from '../../src/domain/safety/crisisDetector.js';
import { CRISIS_KINDS } from '../../src/domain/safety/crisisKind.js';
import { loadRiskDetector } from '../../src/domain/safety/riskTopics.js';
import type { SafetyClass } from '../../src/domain/safety/safetyModelFile.js';
import { fromRoot } from '../../src/paths.js';
import { EXAMPLES_DIR, parseTrainingFile, type TrainingExample } from './trainingData.js';

/**
 * Gathers the safety classifier's training examples into data/safety-training/examples/
 * from what the project already has: the crisis and risk sets in test/eval/ that are now
 * regression sets (their misses were read and fixed, so training on them spoils no
 * measure), and the intent training phrases as ordinary messages. A crisis set's "not a
 * crisis" message that the risk rules answer is labelled with its risk class, not "none". Corpora written for
 * training (CORPUS_DIR, default /tmp/corpus) are copied in when present.
 *
 * Never gathered: test/eval/crisis-holdout.json (the held-out check; any training text equal
 * to one of its messages is dropped too), test/eval/intent-eval.json (its own file says
 * never to train on it) and the intent blind sets (measures, not training data).
 *
 *   npx tsx scripts/safety/collect-training.ts
 */

const EVAL_SETS = [
  'crisis-eval.json',
  'crisis-regression-blind.json',
  'crisis-concepts-examples.json',
  'blind-2026-12-07.json',
  'blind-2026-12-07-b.json',
  'blind-2026-12-07-c.json',
  'es-blind-2026-12-07.json',
  'risk-regression.json',
];
const HOLDOUT = 'crisis-holdout.json';
/**
 * Regression items whose source is one of these blind sets are left out: their misses were
 * fixed by kind (rules, and examples written in other words), so the lines themselves stay a
 * check of whether the fix holds rather than something the classifier has learned by heart.
 */
const KEPT_OUT_SOURCES: ReadonlySet<string> = new Set(['safety-blind-2026-12-07-d', 'es-safety-blind-2026-12-07-d']);

interface Item {
  text: string;
  kind?: string;
  category?: string;
  substance?: string;
  type?: string;
  lang?: string;
  source?: string;
}
type EvalSet = Partial<Record<'crisis' | 'nonCrisis' | 'withdrawal' | 'relapse' | 'medication', Item[]>>;

const key = (text: string): string => text.trim().toLowerCase().replace(/\s+/g, ' ');
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const langOf = (item: Item): 'en' | 'es' => (item.lang === 'es' || item.lang === 'en' ? item.lang : crisisLanguage(item.text));

const holdout = readJson(fromRoot(join('test/eval', HOLDOUT))) as EvalSet;
const heldOut = new Set([...(holdout.crisis ?? []), ...(holdout.nonCrisis ?? [])].map((i) => key(i.text)));

/** Keeps the first example of each text (sets earlier in the list win a conflict) and drops held-out texts. */
function distinct(examples: TrainingExample[], seen: Map<string, SafetyClass>, conflicts: string[]): TrainingExample[] {
  return examples.filter((e) => {
    const k = key(e.text);
    if (heldOut.has(k)) return false;
    const before = seen.get(k);
    if (before !== undefined) {
      if (before !== e.label) conflicts.push(`${before} / ${e.label} (${e.source}): ${e.text}`);
      return false;
    }
    seen.set(k, e.label);
    return true;
  });
}

const risk = loadRiskDetector(undefined, { modelPath: null });

/**
 * The classifier's risk class of a message the risk rules answer (the crisis sets' own
 * negatives hold some: "I relapsed last weekend, can I still join?"); overdose and naloxone
 * questions are no class of the model's and stay "none".
 */
function riskClassOf(text: string): SafetyClass | undefined {
  const kind = risk.detect(text)?.kind;
  if (kind === undefined || kind === 'overdose_risk' || kind === 'naloxone_question') return undefined;
  if (kind.startsWith('withdrawal_')) return 'withdrawal';
  return kind === 'relapse' ? 'relapse' : 'medication';
}

function fromEvalSet(name: string): TrainingExample[] {
  const all = readJson(fromRoot(join('test/eval', name))) as EvalSet;
  const kept = (items: Item[] | undefined): Item[] => (items ?? []).filter((item) => !KEPT_OUT_SOURCES.has(item.source ?? ''));
  const set: EvalSet = { crisis: kept(all.crisis), nonCrisis: kept(all.nonCrisis), withdrawal: kept(all.withdrawal), relapse: kept(all.relapse), medication: kept(all.medication) };
  const source = name.replace(/\.json$/, '');
  const out: TrainingExample[] = [];
  for (const item of set.crisis ?? []) {
    if (!(CRISIS_KINDS as readonly string[]).includes(item.kind ?? '')) throw new Error(`${name}: crisis item without a known kind: ${item.text}`);
    out.push({ text: item.text, label: item.kind as SafetyClass, lang: langOf(item), source });
  }
  for (const item of set.nonCrisis ?? []) {
    // "Not a crisis" is not "nothing": a relapse told or a withdrawal question is a risk topic.
    const topic = riskClassOf(item.text);
    const category = item.category ?? 'other';
    out.push(topic ? { text: item.text, label: topic, lang: langOf(item), source, category } : { text: item.text, label: 'none', lang: langOf(item), source, category, negative: 'hard' });
  }
  for (const item of set.withdrawal ?? []) out.push({ text: item.text, label: 'withdrawal', lang: langOf(item), source, ...(item.substance ? { category: item.substance } : {}) });
  for (const item of set.relapse ?? []) out.push({ text: item.text, label: 'relapse', lang: langOf(item), source });
  for (const item of set.medication ?? []) out.push({ text: item.text, label: 'medication', lang: langOf(item), source, ...(item.type ? { category: item.type } : {}) });
  return out;
}

/**
 * The intent phrases as ordinary messages, except the medication questions (a risk topic
 * answers those) and any phrase a crisis or risk rule fires on: those are not plainly
 * ordinary, and the rules answer them anyway.
 */
function fromIntents(): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (const [path, lang] of [['data/intents.json', 'en'], ['data/locales/es/intents.json', 'es']] as const) {
    const intents = readJson(fromRoot(path)) as Record<string, string[]>;
    for (const [intent, phrases] of Object.entries(intents)) {
      if (intent === 'faq_medication') continue;
      for (const text of phrases) {
        if (detectCrisisByRules(text) !== null || risk.detect(text) !== null) continue;
        out.push({ text, label: 'none', lang, source: `intents-${lang}`, category: intent, negative: 'ordinary' });
      }
    }
  }
  return out;
}

function write(name: string, about: string, examples: TrainingExample[]): void {
  const path = join(EXAMPLES_DIR, name);
  const file = { version: 1 as const, about, examples };
  parseTrainingFile(file, path);
  writeFileSync(path, `${JSON.stringify(file, null, 1)}\n`);
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  console.log(`${name}: ${examples.length} (${[...counts].map(([l, n]) => `${l} ${n}`).join(', ')})`);
}

const seen = new Map<string, SafetyClass>();
const conflicts: string[] = [];
write(
  'eval-sets.json',
  `The crisis and risk sets of test/eval/ that are regression sets now (${EVAL_SETS.join(', ')}), as training examples. Gathered by scripts/safety/collect-training.ts; never ${HOLDOUT}.`,
  distinct(EVAL_SETS.flatMap(fromEvalSet), seen, conflicts),
);
write(
  'intents-ordinary.json',
  'The intent phrases of data/intents.json and data/locales/es/intents.json as ordinary messages ("none"), except the medication questions and any a crisis or risk rule fires on. Gathered by scripts/safety/collect-training.ts.',
  distinct(fromIntents(), seen, conflicts),
);

/**
 * A corpus written for training: an array of {text, label, lang, category?}. Its "none"
 * messages are hard negatives unless their category is plainly ordinary (a schedule, a
 * cost, thanks). The crisis corpora's "none" means "not a crisis", which can still be a
 * risk topic: those the risk rules answer take the rules' class, and the categories written
 * as a relapse or a medical question without danger are left out when the rules miss them,
 * since for the risk classes their label is unknown.
 */
const corpusDir = process.env.CORPUS_DIR ?? '/tmp/corpus';
const LABELS: ReadonlySet<string> = new Set(['none', ...CRISIS_KINDS, 'withdrawal', 'relapse', 'medication']);
const ORDINARY: ReadonlySet<string> = new Set([
  'program_schedule', 'cost_insurance', 'gratitude', 'transport',
  'saludo', 'agradecimiento', 'programa', 'largo_programa', 'cocina',
  'logistics_misc', 'program_general', 'programa_general', 'horarios_logistica', 'costo_seguro', 'schedule',
  'transport_kids_work', 'transporte_hijos_trabajo', 'everyday_chat', 'charla',
]);
const RISK_UNKNOWN: ReadonlySet<string> = new Set(['relapse_no_danger', 'medical_nonemergency', 'medico_leve']);
for (const name of ['en-crisis.json', 'es-crisis.json', 'risk.json']) {
  const path = join(corpusDir, name);
  if (!existsSync(path)) {
    console.log(`${path}: not there yet`);
    continue;
  }
  const crisisCorpus = name.includes('crisis');
  const items = readJson(path) as Array<{ text: string; label: string; lang: string; category?: string }>;
  const examples = items.flatMap((item, i): TrainingExample[] => {
    if (!LABELS.has(item.label)) throw new Error(`${path}: item ${i}: unknown label "${item.label}"`);
    const lang = item.lang === 'es' ? 'es' : 'en';
    const category = typeof item.category === 'string' && item.category.length > 0 ? item.category : undefined;
    const source = `corpus-${name.replace(/\.json$/, '')}`;
    let label = item.label as SafetyClass;
    if (label === 'none' && crisisCorpus) {
      const topic = riskClassOf(item.text);
      if (topic) label = topic;
      else if (category !== undefined && RISK_UNKNOWN.has(category)) return [];
    }
    const negative = category !== undefined && ORDINARY.has(category) ? ('ordinary' as const) : ('hard' as const);
    return [{ text: item.text, label, lang, source, ...(category ? { category } : {}), ...(label === 'none' ? { negative } : {}) }];
  });
  write(`corpus-${name}`, `Written for training the safety classifier (${name}, copied from the corpus helpers' output by scripts/safety/collect-training.ts).`, distinct(examples, seen, conflicts));
}

if (conflicts.length > 0) console.log(`\n${conflicts.length} texts with two labels (the first kept):\n${conflicts.join('\n')}`);

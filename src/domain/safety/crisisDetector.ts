import { createScopeChecker, lastStartAtOrBefore, tokenAt, type MatchSpan, type ScopeChecker } from './clauseScope.js';
import { CRISIS_KINDS, CRISIS_URGENCY, type CrisisKind } from './crisisKind.js';
import { noConcepts, readCrisisConcepts, type CompiledConcepts } from './crisisConcepts.js';
import { readCrisisLexicon, type CompiledLexicon, type CompiledRule } from './crisisLexicon.js';
import { ruleAnchors } from './ruleAnchors.js';
import { loadSafetyModel, type SafetyModel } from './safetyModel.js';
import { createCrisisNormalizer } from './crisisNormalizer.js';
import type { Language, NormalizedSentence, TextNormalizer } from './textNormalizer.js';

/**
 * Finds messages that need a crisis response before anything else the bot does:
 * suicide or self-harm, an overdose or other medical emergency (for the person or
 * someone with them), or intent to hurt someone. Pure and synchronous; the words
 * live in data/crisis-lexicon.json. When unsure it prefers a false alarm to a miss.
 *
 * Beside the rules, a second net: when no rule fires, the trained safety classifier
 * (safetyModel.ts, data/safety-model.json) is asked, and a crisis kind it gives at or above
 * its threshold is a signal too (rule id `model:<kind>`). The rules are never overruled:
 * what they find is the answer, and the model only adds what they let by.
 */

export interface CrisisSignal {
  /** The most urgent kind found: medical emergency > suicide/self-harm > harm to others. */
  kind: CrisisKind;
  /** Every kind found, most urgent first. */
  kinds: CrisisKind[];
  /** For medical: the emergency is happening to someone else ("my friend isn't breathing"). */
  aboutOther?: boolean;
  /** Lexicon rule ids that fired (`model:<kind>` for the classifier), for logs and tests. Never contains the person's words. */
  ruleIds: string[];
}

interface Detector {
  lexicon: CompiledLexicon;
  concepts: CompiledConcepts;
  /** The lexicon's rules, then one per concept. */
  rules: CompiledRule[];
  normalizer: TextNormalizer;
  scope: ScopeChecker;
  anchors: AnchorIndex;
  /** The second net; undefined reads with the rules alone. */
  model: SafetyModel | undefined;
}

/**
 * Every rule's anchors (see ruleAnchors.ts) in one pattern, longest first, so one pass
 * over a message finds the sentences each rule could match in. At each position the
 * pattern reports the longest anchor starting there; the shorter anchors starting there
 * are its prefixes, so each anchor stands for the rules of all its prefixes too.
 */
interface AnchorIndex {
  pattern: RegExp | undefined;
  rulesOf: Map<string, number[]>;
  /** Per rule: whether it has anchors (false: it runs over every sentence). */
  anchored: boolean[];
}

function buildAnchorIndex(rules: readonly CompiledRule[]): AnchorIndex {
  const rulesOfAnchor = new Map<string, number[]>();
  const anchored = rules.map((rule, index) => {
    const anchors = ruleAnchors(rule.regex.source);
    if (anchors === null) return false;
    for (const anchor of anchors) rulesOfAnchor.set(anchor, [...(rulesOfAnchor.get(anchor) ?? []), index]);
    return true;
  });
  const rulesOf = new Map<string, number[]>();
  for (const anchor of rulesOfAnchor.keys()) {
    const found = new Set<number>();
    for (let end = 1; end <= anchor.length; end++) for (const index of rulesOfAnchor.get(anchor.slice(0, end)) ?? []) found.add(index);
    rulesOf.set(anchor, [...found].sort((a, b) => a - b));
  }
  const sorted = [...rulesOf.keys()].sort((a, b) => b.length - a.length);
  const pattern = sorted.length > 0 ? new RegExp(sorted.map(escapeRegExp).join('|'), 'g') : undefined;
  return { pattern, rulesOf, anchored };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Hit {
  rule: CompiledRule;
  aboutOther: boolean;
}

function buildDetector(lexicon: CompiledLexicon, concepts: CompiledConcepts, model: SafetyModel | undefined): Detector {
  const rules = [...lexicon.rules, ...concepts.rules];
  return {
    lexicon,
    concepts,
    rules,
    normalizer: createCrisisNormalizer(lexicon.file.normalization, concepts.file.fuzzy),
    scope: createScopeChecker(lexicon),
    anchors: buildAnchorIndex(rules),
    model,
  };
}

let active: Detector = (() => {
  const lexicon = readCrisisLexicon();
  return buildDetector(lexicon, readCrisisConcepts(lexicon), loadSafetyModel());
})();

/**
 * Replaces the active lexicon (default: data/crisis-lexicon.json) and its concepts
 * (default: data/crisis-concepts.json). The concepts name the lexicon's rules and groups,
 * so another lexicon comes with its own concepts or none. Validates fully before
 * swapping, so a bad file throws and the previous lexicon stays in use.
 */
export function loadCrisisLexicon(path?: string | URL, conceptsPath?: string | URL): CompiledLexicon {
  const lexicon = readCrisisLexicon(path);
  const concepts = conceptsPath !== undefined || path === undefined ? readCrisisConcepts(lexicon, conceptsPath) : noConcepts();
  active = buildDetector(lexicon, concepts, active.model);
  return lexicon;
}

/**
 * Replaces the classifier beside the rules (default: data/safety-model.json, read at
 * start-up); null reads with the rules alone. Returns the one it replaced.
 */
export function setCrisisModel(model: SafetyModel | null): SafetyModel | undefined {
  const previous = active.model;
  active = { ...active, model: model ?? undefined };
  return previous;
}

/** The normalizer the crisis check reads with: the classifier is trained on its output (scripts/safety/). */
export function crisisNormalizer(): TextNormalizer {
  return active.normalizer;
}

/**
 * The sentences as one text, a line break between each, and where each starts in it.
 * Every rule then runs once over the message instead of once per sentence; lexicon
 * patterns cannot match across a line break (see compileCrisisLexicon), and rules
 * are compiled multiline, so ^ and $ still mean a sentence's start and end.
 */
interface Joined {
  text: string;
  starts: number[];
}

function joinSentences(sentences: readonly NormalizedSentence[]): Joined {
  const starts: number[] = [];
  let offset = 0;
  for (const sentence of sentences) {
    starts.push(offset);
    offset += sentence.text.length + 1;
  }
  return { text: sentences.map((s) => s.text).join('\n'), starts };
}

/** Index of the sentence holding `offset` of the joined text. */
function sentenceAt(joined: Joined, offset: number): number {
  return lastStartAtOrBefore(joined.starts, offset);
}

/** Per rule, the sentences (in order) holding one of its anchors; undefined for rules without anchors. */
function candidateSentences(detector: Detector, joined: Joined): Array<number[] | undefined> {
  const { pattern, rulesOf, anchored } = detector.anchors;
  const candidates = anchored.map((isAnchored): number[] | undefined => (isAnchored ? [] : undefined));
  if (pattern === undefined) return candidates;
  const { text, starts } = joined;
  let sentence = 0;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    while (sentence + 1 < starts.length && (starts[sentence + 1] ?? 0) <= match.index) sentence++;
    for (const rule of rulesOf.get(match[0]) ?? []) {
      const list = candidates[rule];
      if (list !== undefined && list.at(-1) !== sentence) list.push(sentence);
    }
    // Overlapping anchors too: the next search starts one character on, not after this one.
    pattern.lastIndex = match.index + 1;
  }
  pattern.lastIndex = 0;
  return candidates;
}

/** A match's place: the sentence it is in and its token span there, or undefined outside what that sentence answers for. */
function spanOf(sentence: NormalizedSentence, at: number, length: number): MatchSpan | undefined {
  const span = { first: tokenAt(sentence, at), end: tokenAt(sentence, at + length - 1) + 1 };
  if (sentence.owns && (span.first < sentence.owns.first || span.first >= sentence.owns.end)) return undefined;
  return span;
}

/** The match is live after negation, history and topic checks; returns who it is about. */
function judge(detector: Detector, rule: CompiledRule, sentence: NormalizedSentence, span: MatchSpan): Hit | undefined {
  const { scope } = detector;
  if (rule.negatable && scope.isNegated(sentence, span, { inside: rule.innerNegation, after: rule.postNegatable })) return undefined;
  if (rule.history && scope.isHistorical(sentence, span, rule.kind === 'medical_emergency')) return undefined;
  if (rule.topicSensitive && scope.isTopical(sentence, span)) return undefined;
  const aboutOther = rule.about === 'auto' ? scope.isAboutOther(sentence, span) : rule.about === 'other';
  return { rule, aboutOther };
}

/**
 * First live match of `rule` in the message: over the sentences that hold one of its
 * anchors when they are at most a quarter of all, else in one pass over all of them
 * (joined), which costs less than a call per sentence once most sentences qualify.
 */
function liveMatch(detector: Detector, rule: CompiledRule, sentences: readonly NormalizedSentence[], joined: Joined, candidates: number[] | undefined): Hit | undefined {
  // exec on the rule's own global regex, not matchAll: matchAll clones (and recompiles) the
  // regex on every call, which was most of the detector's cost on ordinary messages.
  const { regex } = rule;
  try {
    if (candidates !== undefined && candidates.length * 4 <= sentences.length) {
      for (const index of candidates) {
        const sentence = sentences[index];
        if (sentence === undefined) continue;
        regex.lastIndex = 0;
        for (let match = regex.exec(sentence.text); match !== null; match = regex.exec(sentence.text)) {
          if (match[0].length === 0) {
            regex.lastIndex++;
            continue;
          }
          const span = spanOf(sentence, match.index, match[0].length);
          const hit = span && judge(detector, rule, sentence, span);
          if (hit) return hit;
        }
      }
      return undefined;
    }
    const text = joined.text;
    regex.lastIndex = 0;
    for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
      if (match[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      const index = sentenceAt(joined, match.index);
      const sentence = sentences[index];
      if (sentence === undefined) continue;
      const span = spanOf(sentence, match.index - (joined.starts[index] ?? 0), match[0].length);
      const hit = span && judge(detector, rule, sentence, span);
      if (hit) return hit;
    }
    return undefined;
  } finally {
    regex.lastIndex = 0;
  }
}

/**
 * Each distinct sentence once, first occurrences in order: the checks read one sentence at
 * a time, so a repeat can only give the answer its first occurrence gave. Long pastes
 * repeat lines (signatures, quoted replies, the same plea typed again).
 */
function distinctSentences(sentences: readonly NormalizedSentence[]): NormalizedSentence[] {
  if (sentences.length < 2) return [...sentences];
  const seen = new Set<string>();
  return sentences.filter((s) => {
    const key = s.owns ? `${s.owns.first}-${s.owns.end} ${s.text}` : s.text;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * What one message holds for the crisis check: the signal, the concepts to keep for the
 * next message (their names only, never the words), and the language it is read in.
 */
export interface CrisisReading {
  signal: CrisisSignal | null;
  /** Concepts live in this message that complete a risk with the next one ("so tired of everything" → "the pills are right here"). */
  carry: string[];
  language: Language;
}

/**
 * The classifier's crisis kinds for a message no rule fired on: most urgent first, each as
 * `model:<kind>`. Who a medical emergency is about is read as the rules read it, from the
 * person nearest before the end of a sentence ("my friend…" against "I…").
 */
function modelSignal(detector: Detector, sentences: readonly NormalizedSentence[], language: Language): CrisisSignal | null {
  const hits = detector.model?.hits(sentences, language, CRISIS_KINDS) ?? [];
  if (hits.length === 0) return null;
  const found = new Set<CrisisKind>(hits.map((h) => h.label as CrisisKind));
  const kinds = CRISIS_URGENCY.filter((k) => found.has(k));
  const kind = kinds[0] ?? 'suicide_self_harm';
  const signal: CrisisSignal = { kind, kinds, ruleIds: kinds.map((k) => `model:${k}`) };
  if (found.has('medical_emergency')) {
    signal.aboutOther = sentences.some((s) => s.tokens.length > 0 && detector.scope.isAboutOther(s, { first: 0, end: s.tokens.length }));
  }
  return signal;
}

function readWith(detector: Detector, text: string, previous: readonly string[], useModel = true): CrisisReading {
  const language = detector.normalizer.language(text);
  const sentences = distinctSentences(detector.normalizer.normalize(text));
  if (sentences.length === 0) return { signal: null, carry: [], language };
  const joined = joinSentences(sentences);

  const candidates = candidateSentences(detector, joined);

  const hits: Hit[] = [];
  const liveGroups = new Map<string, boolean>(); // group -> about someone else
  for (const [index, rule] of detector.rules.entries()) {
    const hit = liveMatch(detector, rule, sentences, joined, candidates[index]);
    if (hit === undefined) continue;
    if (rule.fires) hits.push(hit);
    for (const group of rule.groups) liveGroups.set(group, (liveGroups.get(group) ?? false) || hit.aboutOther);
  }
  // "gonna die" said "at this rate", the crisis line asked for "the flyer": the rule is quiet here.
  const { quietBy } = detector.concepts;
  const live = hits.filter((h) => !(quietBy.get(h.rule.id) ?? []).some((concept) => liveGroups.has(concept)));

  const found = new Set<CrisisKind>(live.map((h) => h.rule.kind));
  const ruleIds = live.map((h) => h.rule.id);
  let medicalAboutOther = live.some((h) => h.rule.kind === 'medical_emergency' && h.aboutOther);
  for (const combo of detector.lexicon.file.combinations) {
    if (!combo.groups.every((g) => liveGroups.has(g))) continue;
    found.add(combo.kind);
    ruleIds.push(combo.id);
    const other = combo.about === 'other' || (combo.about === 'auto' && combo.groups.some((g) => liveGroups.get(g) === true));
    if (combo.kind === 'medical_emergency' && other) medicalAboutOther = true;
  }
  // Concept rules: each concept live here, or carried from the message before. At least one
  // must be live here: the message before did not fire alone, and this one has to add to it.
  const carried = new Set(previous);
  for (const rule of detector.concepts.file.rules) {
    if (!rule.all.some((c) => liveGroups.has(c))) continue;
    if ((quietBy.get(rule.id) ?? []).some((concept) => liveGroups.has(concept))) continue;
    if (!rule.all.every((c) => liveGroups.has(c) || carried.has(c))) continue;
    found.add(rule.kind);
    ruleIds.push(rule.id);
    const other = rule.about === 'other' || (rule.about === 'auto' && rule.all.some((c) => liveGroups.get(c) === true));
    if (rule.kind === 'medical_emergency' && other) medicalAboutOther = true;
  }
  if (found.size === 0) {
    const carry = [...liveGroups.keys()].filter((g) => detector.concepts.carry.has(g));
    const signal = useModel ? modelSignal(detector, sentences, language) : null;
    if (signal === null) return { signal: null, carry, language };
    // As for a rule's suicidal crisis: only its fact waits for the next message.
    return { signal, carry: signal.kinds.includes('suicide_self_harm') ? [detector.concepts.file.afterCrisis] : [], language };
  }

  const kinds = CRISIS_URGENCY.filter((k) => found.has(k));
  const kind = kinds[0] ?? 'suicide_self_harm';
  const signal: CrisisSignal = { kind, kinds, ruleIds };
  if (found.has('medical_emergency')) signal.aboutOther = medicalAboutOther;
  // A message that fired is answered now; of it only the fact of a suicidal crisis waits for
  // the next one, which a means or a plan then adds to ("not really, the pills are right here").
  return { signal, carry: found.has('suicide_self_harm') ? [detector.concepts.file.afterCrisis] : [], language };
}

/**
 * Reads `text` for the crisis check. `previous` is what the message before left to carry
 * (CrisisReading.carry), so two messages in a row can complete a risk together.
 * Never throws on odd input (non-strings, markup, emoji, very long text).
 */
export function readCrisis(text: string, previous: readonly string[] = []): CrisisReading {
  if (typeof text !== 'string' || text.length === 0) return { signal: null, carry: [], language: 'en' };
  return readWith(active, text, previous);
}

/** The language a message is read in by the crisis check (en or es). */
export function crisisLanguage(text: string): Language {
  return typeof text === 'string' && text.length > 0 ? active.normalizer.language(text) : 'en';
}

/**
 * Returns a crisis signal for `text`, or null when none is found.
 * Never throws on odd input (non-strings, markup, emoji, very long text).
 */
export function detectCrisis(text: string): CrisisSignal | null {
  return readCrisis(text).signal;
}

/** The rules' answer alone, without the classifier: for gathering training data and measuring the two apart. */
export function detectCrisisByRules(text: string): CrisisSignal | null {
  if (typeof text !== 'string' || text.length === 0) return null;
  return readWith(active, text, [], false).signal;
}

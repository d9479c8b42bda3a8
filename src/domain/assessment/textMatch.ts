/**
 * Small text helpers for understanding typed answers. Everything works on a normalized
 * copy of the text that lives only for the turn.
 */

/** Lower case, apostrophes dropped ("don't" → "dont"), everything but letters and digits → space. */
export function normalizeAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface PhraseHit<T> {
  value: T;
  start: number;
  end: number;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whole-word occurrences of each phrase in normalized text. */
export function findPhrases<T>(normalized: string, phrases: ReadonlyArray<{ value: T; phrase: string }>): PhraseHit<T>[] {
  const hits: PhraseHit<T>[] = [];
  for (const { value, phrase } of phrases) {
    const p = normalizeAnswer(phrase);
    if (p.length === 0) continue;
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(p)}(?![\\p{L}\\p{N}])`, 'gu');
    for (const m of normalized.matchAll(re)) hits.push({ value, start: m.index, end: m.index + m[0].length });
  }
  return hits;
}

/**
 * Keeps the longest hits that do not overlap, in text order, so "no car" wins over "car"
 * and "finished detox" over "detox".
 */
export function longestNonOverlapping<T>(hits: readonly PhraseHit<T>[]): PhraseHit<T>[] {
  const byLength = [...hits].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: PhraseHit<T>[] = [];
  for (const hit of byLength) {
    if (kept.every((k) => hit.end <= k.start || hit.start >= k.end)) kept.push(hit);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Splits normalized text into clauses, so "no benzos but I use heroin" keeps its negation local. */
export function clauses(normalized: string): string[] {
  return normalized
    .split(/\b(?:but|and|also|plus|though|although|however|so|because|cause|except|y|pero)\b/)
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
}

/** Clause-level splitting on the raw text's punctuation, before normalization removes it. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/[,.;!?\n]+/)
    .map((s) => normalizeAnswer(s))
    .filter((s) => s.length > 0);
}

// Spanish too ("nunca", "sin", "ni", "ya no"; "no sé", "tal vez"): \b is ASCII-only, so accented words are spelled out.
const NEGATION = /\b(?:no|not|never|dont|doesnt|didnt|havent|hasnt|isnt|arent|wasnt|cant|cannot|wont|without|neither|nor|none|nunca|jam[aá]s|sin|ni|tampoco|ning[uú]n|ninguno|ninguna)\b/;
const UNSURE = /\b(?:not sure|dont know|unsure|maybe|no idea|idk|dont remember|no s[eé]|no estoy segur[oa]|tal vez|quiz[aá]s|ni idea|no me acuerdo)(?![\p{L}])/u;

export const isNegated = (clause: string): boolean => NEGATION.test(clause);
export const isUnsure = (clause: string): boolean => UNSURE.test(clause);

// "when I get off work" and "can do evenings" are answers, so "when" is left out and
// helper verbs count only before a subject ("can I", "do you").
const QUESTION_START =
  /^(?:what|whats|how|hows|why|where|who|which|tell me|explain|(?:can|could|do|does|did|is|are|will|would|should|may)\s+(?:you|i|we|it|they|there|my|someone|this|that|a|an|the|iop|iops|group|insurance|medicaid|medicare))\b/;

/**
 * True when the person is asking something rather than answering: those go to the root,
 * which answers and comes back to the question.
 */
export function looksLikeQuestion(text: string): boolean {
  if (/\?\s*$/.test(text.trim())) return true;
  const normalized = normalizeAnswer(text);
  return QUESTION_START.test(normalized) || SPANISH_QUESTION_START.test(normalized);
}

/**
 * Spanish questions by their first words, each with the word after it: "como a las 6" and
 * "donde vivo" are answers, "cómo funciona" and "dónde hay" are questions ("q es un IOP").
 */
const SPANISH_QUESTION_START =
  /^(?:(?:qu[eé]|q) (?:es|son|significa|quiere decir|pasa|incluye)|c[oó]mo (?:es|son|funciona|funcionan|le hago|se|puedo)|d[oó]nde (?:hay|queda|quedan|est[aá]|puedo|encuentro)|cu[aá]nto (?:cuesta|cobran|dura|tiempo|sale)|cu[aá]nt[oa]s (?:d[ií]as|horas|semanas|veces|meses|sesiones)|cu[aá]l(?:es)? (?:es|son)|qui[eé]n(?:es)? (?:me|va|van|puede|pueden|ve|ven|sabe|saben))(?![\p{L}])/u;

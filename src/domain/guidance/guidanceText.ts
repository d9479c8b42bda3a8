import { z } from 'zod';
import { readJsonFile } from '../content.js';
import { DEFAULT_LOCALE, localePath, perLocale, type Locale, type PerLocale } from '../locale.js';
import { fromRoot } from '../../paths.js';
import type { Guidance } from './evaluate.js';
import { HELPLINE_PLACEHOLDER, MAX_EXPLANATION_WORDS, type CareRules } from './ruleSchema.js';

/**
 * The guidance's words in another language. The rules' logic lives once, in data/care-rules.json
 * (English); a locale has only each rule's title and explanation, by rule id, in
 * data/locales/<locale>/care-rules.json, so the two can never decide differently. The same
 * framing is required as in English: what people often consider, confirmed by a clinician.
 */

const wordCount = (text: string): number => text.trim().split(/\s+/).filter(Boolean).length;
/** "Muchas veces", "a menudo", "con frecuencia" and someone who confirms it, as ruleSchema.ts asks of English. */
const FRAMING_OFTEN_ES = /\b(muchas veces|a menudo|con frecuencia|casi siempre)\b/i;
const FRAMING_CONFIRM_ES = /(profesional de la salud|m[eé]dico|doctor|consejer[oa]|equipo de atenci[oó]n|cl[ií]nic[oa])/i;

const Outcome = z.object({
  title: z.string().trim().min(1).max(60),
  explanation: z
    .string()
    .trim()
    .min(1)
    .refine((t) => wordCount(t) <= MAX_EXPLANATION_WORDS, `must be at most ${MAX_EXPLANATION_WORDS} words`)
    .refine((t) => FRAMING_OFTEN_ES.test(t) && FRAMING_CONFIRM_ES.test(t), 'must say what people often consider ("muchas veces") and who confirms it (a doctor, counselor or care team)'),
});

export const GuidanceTextFile = z.object({
  about: z.string().optional(),
  outcomes: z.record(z.string(), Outcome),
});
export type GuidanceText = z.infer<typeof GuidanceTextFile>;

/** Each locale's guidance words; English is the rules' own (undefined here). */
export function loadGuidanceTexts(dir = fromRoot('data')): PerLocale<GuidanceText | undefined> {
  return perLocale((locale) => (locale === DEFAULT_LOCALE ? undefined : readJsonFile(localePath(dir, 'care-rules.json', locale), GuidanceTextFile)));
}

/** Rule ids with no words in a locale's file (test/content/locales.test.ts keeps it empty). */
export function missingOutcomes(rules: CareRules, text: GuidanceText): string[] {
  return rules.rules.map((r) => r.id).filter((id) => text.outcomes[id] === undefined);
}

/**
 * The guidance in a language: the rules decided it in English; the title and each explanation
 * are the locale's for the same rules. A rule the locale has no words for keeps English's
 * (only possible while the file is behind; the locale test fails on it).
 */
export function guidanceIn(guidance: Guidance, locale: Locale, texts: PerLocale<GuidanceText | undefined>, helplineNumber: string): Guidance {
  const words = texts[locale];
  if (!words) return guidance;
  const explanation = guidance.ruleIds.map((id, i) => {
    const local = words.outcomes[id]?.explanation;
    return local ? local.replaceAll(HELPLINE_PLACEHOLDER, helplineNumber) : (guidance.explanation[i] ?? '');
  });
  const first = guidance.ruleIds[0];
  const title = (first && words.outcomes[first]?.title) || guidance.title;
  return { ...guidance, title, explanation };
}

let defaults: PerLocale<GuidanceText | undefined> | undefined;

/** guidanceIn with data/'s texts (read once): for callers that only have the guidance and the locale. */
export function guidanceInLocale(guidance: Guidance, locale: Locale, helplineNumber: string): Guidance {
  defaults ??= loadGuidanceTexts();
  return guidanceIn(guidance, locale, defaults, helplineNumber);
}

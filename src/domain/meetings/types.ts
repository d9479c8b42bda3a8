import { getTypesForLanguage } from '@code4recovery/spec';

/**
 * Meeting type names ("Open", "Women", "Español") from the published @code4recovery/spec
 * package, in the languages the bot speaks, never a hand-typed table.
 */
export type MeetingLanguage = 'en' | 'es';

const names = new Map<MeetingLanguage, Readonly<Record<string, string>>>();

function table(language: MeetingLanguage): Readonly<Record<string, string>> {
  let t = names.get(language);
  if (!t) {
    t = getTypesForLanguage(language) as Record<string, string>;
    names.set(language, t);
  }
  return t;
}

/** The name of a type code in a language (the code itself if the package has no name for it). */
export function typeName(code: string, language: MeetingLanguage = 'en'): string {
  return table(language)[code] ?? code;
}

/** Type codes a person sees on a meeting, in a steady order: what kind of meeting first. */
export const SHOWN_TYPES = ['W', 'M', 'S', 'EN', 'BE', 'Y', 'LGBTQ', 'POC', 'SEN', 'D', 'SP', 'B', 'ST', 'BA', 'MED', 'LIT', 'X'] as const;

export function typeNames(codes: readonly string[], language: MeetingLanguage = 'en', max = 4): string[] {
  return SHOWN_TYPES.filter((code) => codes.includes(code)).slice(0, max).map((code) => typeName(code, language));
}

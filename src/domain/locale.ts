import { join } from 'node:path';

/**
 * The languages the bot speaks. Every text a person reads exists once per locale:
 * English in data/<name>.json, every other locale in data/locales/<locale>/<name>.json with
 * the same shape, validated by the same zod schema at start-up. A locale's file set is
 * complete or the start stops (no silent English fallback inside a Spanish conversation);
 * test/content/locales.test.ts checks every English key has its Spanish one.
 */
export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/** Where a locale's copy of a data file is: data/<name> for English, data/locales/<locale>/<name> for the others. */
export function localePath(dir: string, name: string, locale: Locale = DEFAULT_LOCALE): string {
  return locale === DEFAULT_LOCALE ? join(dir, name) : join(dir, 'locales', locale, name);
}

/**
 * The locale of a BCP 47 tag as channels send it (`activity.locale`: "es-US", "es", "en-US",
 * "es_MX"), or undefined for a language the bot does not speak.
 */
export function localeOfTag(tag: string | undefined | null): Locale | undefined {
  if (typeof tag !== 'string') return undefined;
  const language = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(language) ? language : undefined;
}

/** One value per locale, all loaded (and so validated) at start-up. */
export type PerLocale<T> = Readonly<Record<Locale, T>>;

/** Loads one value per locale; a bad or missing file in any locale throws here, at start-up. */
export function perLocale<T>(load: (locale: Locale) => T): PerLocale<T> {
  return Object.fromEntries(LOCALES.map((locale) => [locale, load(locale)])) as Record<Locale, T>;
}

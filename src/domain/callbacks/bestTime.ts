import { fill } from '../template.js';
import { PHONE_LIKE } from './phone.js';

/** The buttons for "best time to call". Free text is accepted too ("after 5pm", "tomorrow"). */
export const BEST_TIME_CHOICES = ['Morning', 'Afternoon', 'Evening', 'As soon as possible'] as const;
export const ASAP = 'As soon as possible';

/** Long enough for "weekdays after 5pm, not Fridays"; short enough that it cannot carry a story. */
export const MAX_BEST_TIME_CHARS = 80;

/**
 * The best time as we keep it: a button label, or the person's words, trimmed and with
 * anything that looks like a phone number taken out (the webhook carries the best time,
 * and must never carry a number). Undefined when nothing usable is left.
 */
export function cleanBestTime(text: string): string | undefined {
  const label = BEST_TIME_CHOICES.find((c) => c.toLowerCase() === text.trim().toLowerCase());
  if (label) return label;
  const cleaned = text
    .replace(PHONE_LIKE, ' [number removed] ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_BEST_TIME_CHARS)
    .trim();
  return /[\p{L}\p{N}]/u.test(cleaned.replaceAll('[number removed]', '')) ? cleaned : undefined;
}

const TIME_WORDS =
  /\b(mornings?|afternoons?|evenings?|nights?|tonight|today|tomorrow|now|asap|soon|anytime|any time|noon|lunchtime|weekdays?|weekends?|mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?|ma[nñ]ana|tarde|noche|hoy|ahora|ahorita|pronto|mediod[ií]a|entre semana|fin de semana|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|cualquier hora|lo antes posible)\b/i;
const CLOCK_TIME =
  /\b\d{1,2}(:\d{2})?\s*(am|pm|a\.m\.|p\.m\.|o'?clock)\b|\b(after|before|around|by|between)\s+(\d|noon|lunch|work|school|dinner)|\b(despu[eé]s de|antes de|como a|a eso de|entre|a)\s+la(s)?\s+\d/i;

/**
 * True for text that reads like a time to call, so the root does not take it for a question
 * ("tomorrow morning" looks like a callback request to the classifier, "after 5pm" like aftercare).
 * A clock time always counts; a time word only in a short answer that is not a question.
 */
export function looksLikeBestTime(text: string): boolean {
  if (CLOCK_TIME.test(text)) return true;
  const words = text.trim().split(/\s+/).length;
  return words <= 6 && !text.includes('?') && TIME_WORDS.test(text);
}

/** How each best time reads in a sentence (data/messages.json, "callback.when"). */
export interface WhenWords {
  morning: string;
  afternoon: string;
  evening: string;
  asap: string;
  /** {time}: the person's own words. */
  given: string;
}

/** "in the morning" / "as soon as they can" / "at the time you gave (after 5pm)": for the confirmation. */
/** The time buttons in a language (data/messages.json "callback.times"), in BEST_TIME_CHOICES order. */
export interface TimeLabels {
  morning: string;
  afternoon: string;
  evening: string;
  asap: string;
}
export const timeLabels = (t: TimeLabels): string[] => [t.morning, t.afternoon, t.evening, t.asap];

/** A tapped time button in any language, as the English value staff read ("Morning"); other words as they are. */
export function canonicalBestTime(text: string, labels: TimeLabels): string {
  const index = timeLabels(labels).findIndex((l) => l.toLowerCase() === text.trim().toLowerCase());
  return index >= 0 ? BEST_TIME_CHOICES[index]! : text;
}

export function describeWhen(bestTime: string, words: WhenWords): string {
  switch (bestTime) {
    case 'Morning':
      return words.morning;
    case 'Afternoon':
      return words.afternoon;
    case 'Evening':
      return words.evening;
    case ASAP:
      return words.asap;
    default:
      return fill(words.given, { time: bestTime });
  }
}

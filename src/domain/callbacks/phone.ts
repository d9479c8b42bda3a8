import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * US phone numbers for callbacks. The "max" metadata checks real area codes, so
 * 123-456-7890 is refused while 312-555-2368 passes. NANP numbers outside the US
 * and its territories (Canada, the Caribbean) are refused: the team calls US numbers.
 */
const US_REGIONS: ReadonlySet<string> = new Set(['US', 'PR', 'VI', 'GU', 'AS', 'MP']);

/** Longest text we try to read a number from; "my number is (312) 555-2368, thanks" fits. */
const MAX_PHONE_TEXT = 60;

/** The number in E.164 (+13125552368), or undefined when it is not a valid US number. */
export function toUsE164(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_PHONE_TEXT) return undefined;
  const parsed = parsePhoneNumberFromString(trimmed, 'US');
  if (!parsed || !parsed.isValid() || !parsed.country || !US_REGIONS.has(parsed.country)) return undefined;
  return parsed.number;
}

/** (312) 555-2368, for reading the number back to the person who typed it. */
export function formatUsNational(e164: string): string {
  const digits = e164.replace(/^\+1/, '');
  return /^\d{10}$/.test(digits) ? `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` : e164;
}

/** Seven or more digits, maybe with separators: text that is trying to be a phone number. */
export const PHONE_LIKE = /(?:\+?\d[\s().-]*){7,}/g;

export function looksLikePhone(text: string): boolean {
  return new RegExp(PHONE_LIKE.source).test(text);
}
